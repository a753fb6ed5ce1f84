#pragma once
// RAII for the Cairo / Pango C handles, and the one place Cairo statuses become exceptions.
#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <string>

namespace nnviz::render {

struct CairoDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
// PangoLayout, PangoContext, PangoFontMap are GObjects.
struct GObjectDeleter {
  void operator()(void* object) const { g_object_unref(object); }
};
struct FontDescriptionDeleter {
  void operator()(PangoFontDescription* d) const { pango_font_description_free(d); }
};

using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectDeleter>;
using PangoContextPtr = std::unique_ptr<PangoContext, GObjectDeleter>;
using FontMapPtr = std::unique_ptr<PangoFontMap, GObjectDeleter>;
using FontDescriptionPtr = std::unique_ptr<PangoFontDescription, FontDescriptionDeleter>;

// Throws nnviz::Error("<what>: <cairo's message>") unless status is CAIRO_STATUS_SUCCESS.
// Cairo errors are sticky, so one check after a frame's drawing covers every call in it.
void check_cairo(cairo_status_t status, const std::string& what);

// A surface wrapping `data` (ARGB32, `stride` bytes per row; not owned) and a context on it.
SurfacePtr make_surface_for_data(unsigned char* data, int width, int height, int stride);
CairoPtr make_context(cairo_surface_t* surface);

}  // namespace nnviz::render
