#include "nnviz/scene/axes.hpp"

#include <algorithm>
#include <cmath>

#include "nnviz/util/error.hpp"

namespace nnviz::scene {
namespace {

// How many frames ahead `smooth` looks, and how far it moves towards its target per frame.
// 6 frames at the default 5 fps is about a second of anticipation.
constexpr std::size_t kLookAhead = 6;
constexpr double kEase = 0.25;
// The frames back a smooth view depends on (frames_deciding_view): (1 - kEase)^kHistory < 1e-25.
constexpr std::size_t kHistory = 200;
// `smooth` never makes an axis more than 1.5 times the extent of the frame's data (points and
// mesh), so the data always span at least two thirds of each axis, from the first frame on.
constexpr double kMaxSpan = 1.5;

// Grows [lo, hi] by 5% of its extent per side; a degenerate range (a collapsed layer: a dead
// ReLU, a saturated tanh) becomes a readable range around its centre instead of a zero-width axis.
void pad_axis(double& lo, double& hi) {
  const double centre = 0.5 * (lo + hi);
  const double extent = hi - lo;
  const double floor = 1e-3 * std::max(1.0, std::abs(centre));
  if (!(extent > floor)) {
    const double half = std::max(0.5 * floor * 100.0, 0.05);
    lo = centre - half;
    hi = centre + half;
    return;
  }
  lo -= 0.05 * extent;
  hi += 0.05 * extent;
}

// Shrinks [lo, hi] to at most `widest`, keeping [a, b] (inside it) where it stood: the excess
// is taken from each side in proportion to the room on that side.
void limit_axis(double& lo, double& hi, double a, double b, double widest) {
  const double excess = (hi - lo) - widest;
  const double room = (a - lo) + (hi - b);
  if (!(excess > 0) || !(room > 0)) return;
  const double take = std::min(excess, room);
  const double below = a - lo;
  lo += take * below / room;
  hi -= take * (hi - b) / room;
}

Bounds ease(const Bounds& from, const Bounds& to) {
  return {from.xmin + kEase * (to.xmin - from.xmin), from.xmax + kEase * (to.xmax - from.xmax),
          from.ymin + kEase * (to.ymin - from.ymin), from.ymax + kEase * (to.ymax - from.ymax)};
}

}  // namespace

const util::NameTable<AxesMode>& axes_mode_table() {
  static const util::NameTable<AxesMode> table(
      "axes mode", "axes", {{AxesMode::auto_fit, "auto"}, {AxesMode::fixed, "fixed"}, {AxesMode::smooth, "smooth"}});
  return table;
}

AxesMode parse_axes_mode(const std::string& name) { return axes_mode_table().parse(name); }

std::string axes_mode_name(AxesMode mode) { return axes_mode_table().name(mode); }

Bounds padded(const Bounds& tight) {
  Bounds b = tight;
  pad_axis(b.xmin, b.xmax);
  pad_axis(b.ymin, b.ymax);
  return b;
}

Bounds union_of(const Bounds& a, const Bounds& b) {
  return {std::min(a.xmin, b.xmin), std::max(a.xmax, b.xmax), std::min(a.ymin, b.ymin), std::max(a.ymax, b.ymax)};
}

std::vector<std::vector<Bounds>> plan_views(const std::vector<std::vector<Bounds>>& tight, AxesMode mode) {
  std::vector<std::vector<Bounds>> views(tight.size());
  if (tight.empty()) return views;
  const std::size_t panels = tight.front().size();
  for (const auto& frame : tight)
    if (frame.size() != panels) throw Error("internal: frames with different panel counts");

  for (std::size_t f = 0; f < tight.size(); ++f) {
    views[f].resize(panels);
    for (std::size_t p = 0; p < panels; ++p) views[f][p] = padded(tight[f][p]);
  }
  if (mode == AxesMode::auto_fit) return views;

  for (std::size_t p = 0; p < panels; ++p) {
    if (mode == AxesMode::fixed) {
      Bounds all = views[0][p];
      for (const auto& frame : views) all = union_of(all, frame[p]);
      for (auto& frame : views) frame[p] = all;
      continue;
    }
    // smooth: ease towards the union of the next kLookAhead frames, so the view starts growing
    // before the points reach its edge, and shrinks slowly after they leave; then take the union
    // with the frame's own box, so nothing is ever cut off, and limit each axis to kMaxSpan
    // times the frame's data, so the untrained first frame is not drawn at a later, wider range.
    std::vector<Bounds> out(views.size());
    Bounds current = views[0][p];
    for (std::size_t f = 0; f < views.size(); ++f) {
      Bounds target = views[f][p];
      for (std::size_t k = f + 1; k < std::min(views.size(), f + 1 + kLookAhead); ++k) target = union_of(target, views[k][p]);
      current = f == 0 ? target : ease(current, target);
      const Bounds& own = views[f][p];
      current = union_of(current, own);
      // Anticipation must not leave the frame's own data small: each axis spans at most
      // kMaxSpan times the frame's data (padded() shows them at 1/1.1 of the axis).
      const Bounds& data = tight[f][p];
      limit_axis(current.xmin, current.xmax, own.xmin, own.xmax,
                 std::max(own.xmax - own.xmin, kMaxSpan * (data.xmax - data.xmin)));
      limit_axis(current.ymin, current.ymax, own.ymin, own.ymax,
                 std::max(own.ymax - own.ymin, kMaxSpan * (data.ymax - data.ymin)));
      out[f] = current;
    }
    for (std::size_t f = 0; f < views.size(); ++f) views[f][p] = out[f];
  }
  return views;
}

FrameSpan frames_deciding_view(AxesMode mode, std::size_t frame, std::size_t count) {
  if (frame >= count) throw Error("internal: frame " + std::to_string(frame) + " of " + std::to_string(count));
  switch (mode) {
    case AxesMode::auto_fit:
      return {frame, frame + 1};
    case AxesMode::smooth:
      // Each view eases from the one before it towards the next kLookAhead frames. What a frame
      // kHistory frames back contributes is 0.75^kHistory (about 1e-25) of a view: below a
      // double's rounding, so starting there gives the same view as starting at frame 0.
      return {frame > kHistory ? frame - kHistory : 0, std::min(count, frame + 1 + kLookAhead)};
    case AxesMode::fixed:
      break;
  }
  return {0, count};
}

}  // namespace nnviz::scene
