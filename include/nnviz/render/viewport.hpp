#pragma once
// The mapping between one panel's data coordinates (x right, y UP) and device pixels (x right,
// y DOWN, origin top-left, pixel (i, j) covers [i, i+1) x [j, j+1)). Shared by every panel.
#include "nnviz/scene/scene.hpp"

namespace nnviz::render {

// An integer pixel rectangle: [x, x + width) x [y, y + height).
struct PixelRect {
  int x = 0, y = 0, width = 0, height = 0;
  [[nodiscard]] int right() const { return x + width; }
  [[nodiscard]] int bottom() const { return y + height; }
};

class Viewport {
 public:
  // `view` maps onto the rect's outer edges: xmin -> rect.x, ymax -> rect.y. A view of zero
  // width or height (e.g. a dead ReLU unit) is widened around its centre instead of failing.
  // Throws nnviz::Error when the view is not finite or the rect is empty.
  Viewport(const PixelRect& rect, const scene::Bounds& view);

  [[nodiscard]] double px(double x) const { return rect_.x + (x - view_.xmin) * sx_; }
  [[nodiscard]] double py(double y) const { return rect_.y + (view_.ymax - y) * sy_; }
  [[nodiscard]] double data_x(double px) const { return view_.xmin + (px - rect_.x) / sx_; }
  [[nodiscard]] double data_y(double py) const { return view_.ymax - (py - rect_.y) / sy_; }

  [[nodiscard]] const PixelRect& rect() const { return rect_; }
  [[nodiscard]] const scene::Bounds& view() const { return view_; }
  // Pixels per data unit along x and y (both > 0).
  [[nodiscard]] double scale_x() const { return sx_; }
  [[nodiscard]] double scale_y() const { return sy_; }

 private:
  PixelRect rect_;
  scene::Bounds view_;
  double sx_ = 1, sy_ = 1;
};

// `view` widened about its centre along x or y so that a data unit is as many pixels along x as
// along y in `rect` (a morph panel: the plane turns without distortion).
scene::Bounds equal_aspect(const scene::Bounds& view, const PixelRect& rect);

}  // namespace nnviz::render
