#include "nnviz/render/versions.hpp"

#include <cairo.h>
#include <pango/pango.h>

namespace nnviz::render {

std::vector<std::string> library_versions() {
  return {std::string("Cairo ") + CAIRO_VERSION_STRING + " (runtime " + cairo_version_string() + ")",
          std::string("Pango ") + PANGO_VERSION_STRING + " (runtime " + pango_version_string() + ")"};
}

}  // namespace nnviz::render
