#include "cairo_handles.hpp"

#include "nnviz/util/error.hpp"

namespace nnviz::render {

void check_cairo(cairo_status_t status, const std::string& what) {
  if (status != CAIRO_STATUS_SUCCESS)
    throw Error(what + ": " + cairo_status_to_string(status));
}

SurfacePtr make_surface_for_data(unsigned char* data, int width, int height, int stride) {
  if (stride < cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, width))
    throw Error("frame stride " + std::to_string(stride) + " too small for Cairo");
  SurfacePtr s(cairo_image_surface_create_for_data(data, CAIRO_FORMAT_ARGB32, width, height, stride));
  check_cairo(cairo_surface_status(s.get()), "creating a Cairo surface");
  return s;
}

CairoPtr make_context(cairo_surface_t* surface) {
  CairoPtr cr(cairo_create(surface));
  check_cairo(cairo_status(cr.get()), "creating a Cairo context");
  return cr;
}

}  // namespace nnviz::render
