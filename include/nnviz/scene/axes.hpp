#pragma once
// Which data range each panel shows in each frame. celluloid keeps every frame's dots on the
// notebook's axes, so its video shows the union over all frames (`fixed`); `auto` fits every
// frame on its own (jumps); `smooth` eases towards each frame's range (the default).
#include <cstddef>
#include <string>
#include <vector>

#include "nnviz/scene/scene.hpp"
#include "nnviz/util/names.hpp"

namespace nnviz::scene {

enum class AxesMode { auto_fit, fixed, smooth };
// "auto", "fixed", "smooth", any case (util/names.hpp); UsageError (field "axes") otherwise.
const util::NameTable<AxesMode>& axes_mode_table();
AxesMode parse_axes_mode(const std::string& name);
std::string axes_mode_name(AxesMode mode);

// A tight box grown by a margin (5% of its extent per side, as matplotlib's default) and, when
// the data collapse to a line or a point, widened to a readable range around its centre.
Bounds padded(const Bounds& tight);
Bounds union_of(const Bounds& a, const Bounds& b);

// tight[f][p]: the tight bounds of panel p in frame f. Returns the view of every panel in every
// frame. Every view contains its frame's padded tight bounds, so no point is ever cut off.
// `smooth` also keeps each axis within 1.5 times the frame's tight extent (a collapsed axis:
// its padded range), so the data span at least two thirds of the panel in every frame.
std::vector<std::vector<Bounds>> plan_views(const std::vector<std::vector<Bounds>>& tight, AxesMode mode);

// The frames [first, last) whose tight bounds decide frame `frame`'s view in a run of `count`
// frames: plan_views over just those gives views[frame - first] == plan_views over all of them
// [frame]. `auto` needs the frame alone, `fixed` every frame, `smooth` the frames up to its
// look-ahead and back 200 frames (an earlier frame's weight in the eased view is under 1e-25,
// below a double's rounding). What lets one frame of a long run be drawn without the bounds of
// every frame before it.
struct FrameSpan {
  std::size_t first = 0;
  std::size_t last = 0;
};
FrameSpan frames_deciding_view(AxesMode mode, std::size_t frame, std::size_t count);

}  // namespace nnviz::scene
