#pragma once
// Which data range each panel shows in each frame. celluloid keeps every frame's dots on the
// notebook's axes, so its video shows the union over all frames (`fixed`); `auto` fits every
// frame on its own (jumps); `smooth` eases towards each frame's range (the default).
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
std::vector<std::vector<Bounds>> plan_views(const std::vector<std::vector<Bounds>>& tight, AxesMode mode);

}  // namespace nnviz::scene
