#include "raster.hpp"

namespace nnviz::render {

RawPixels::RawPixels(cairo_t* cr, const PixelRect& clip) : surface_(cairo_get_target(cr)) {
  // The status first: an error surface's data, stride and size are not to be read (a finished
  // surface still returns its old data pointer).
  if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) return;
  cairo_surface_flush(surface_);
  data_ = reinterpret_cast<std::uint32_t*>(cairo_image_surface_get_data(surface_));
  if (!data_) return;  // not an image surface
  stride_ = cairo_image_surface_get_stride(surface_) / 4;
  const int w = cairo_image_surface_get_width(surface_), h = cairo_image_surface_get_height(surface_);
  const int x0 = std::max(clip.x, 0), y0 = std::max(clip.y, 0);
  const int x1 = std::min(clip.right(), w), y1 = std::min(clip.bottom(), h);
  clip_ = {x0, y0, std::max(0, x1 - x0), std::max(0, y1 - y0)};
}

RawPixels::~RawPixels() {
  if (clip_.width > 0 && clip_.height > 0)
    cairo_surface_mark_dirty_rectangle(surface_, clip_.x, clip_.y, clip_.width, clip_.height);
}

}  // namespace nnviz::render
