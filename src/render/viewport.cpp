#include "nnviz/render/viewport.hpp"

#include <cmath>

#include "nnviz/util/error.hpp"

namespace nnviz::render {

namespace {

// Widens [lo, hi] around its centre when it has (next to) no extent.
void widen_if_flat(double& lo, double& hi) {
  const double centre = 0.5 * (lo + hi);
  const double min_half = 1e-9 * std::max(1.0, std::abs(centre));
  if (hi - lo < 2 * min_half) {
    const double half = std::max(0.5, 1e-3 * std::abs(centre));
    lo = centre - half;
    hi = centre + half;
  }
}

}  // namespace

Viewport::Viewport(const PixelRect& rect, const scene::Bounds& view) : rect_(rect), view_(view) {
  if (rect.width <= 0 || rect.height <= 0) throw Error("viewport: empty pixel rectangle");
  if (!std::isfinite(view.xmin) || !std::isfinite(view.xmax) || !std::isfinite(view.ymin) ||
      !std::isfinite(view.ymax) || view.xmin > view.xmax || view.ymin > view.ymax)
    throw Error("viewport: the panel's view range is not finite (did training diverge?)");
  widen_if_flat(view_.xmin, view_.xmax);
  widen_if_flat(view_.ymin, view_.ymax);
  sx_ = rect.width / view_.width();
  sy_ = rect.height / view_.height();
}

scene::Bounds equal_aspect(const scene::Bounds& view, const PixelRect& rect) {
  if (rect.width <= 0 || rect.height <= 0 || !(view.width() > 0) || !(view.height() > 0)) return view;
  const double per_x = rect.width / view.width(), per_y = rect.height / view.height();
  scene::Bounds out = view;
  if (per_x > per_y) {
    const double half = 0.5 * rect.width / per_y, mid = 0.5 * (view.xmin + view.xmax);
    out.xmin = mid - half;
    out.xmax = mid + half;
  } else {
    const double half = 0.5 * rect.height / per_x, mid = 0.5 * (view.ymin + view.ymax);
    out.ymin = mid - half;
    out.ymax = mid + half;
  }
  return out;
}

}  // namespace nnviz::render
