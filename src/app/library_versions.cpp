#include "nnviz/app/library_versions.hpp"

#include <cairo.h>
#include <pango/pango.h>
#include <spdlog/version.h>

#include <Eigen/Core>

#include "nnviz/encode/versions.hpp"

namespace nnviz::app {

std::vector<std::string> library_versions() {
  std::vector<std::string> v = encode::library_versions();
  // Cairo and Pango belong to render; their strings are here until render has its own
  // library_versions() (render was frozen when --version learnt them).
  v.push_back(std::string("Cairo ") + CAIRO_VERSION_STRING + " (runtime " + cairo_version_string() + ")");
  v.push_back(std::string("Pango ") + PANGO_VERSION_STRING + " (runtime " + pango_version_string() + ")");
  v.push_back("Eigen " + std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
              std::to_string(EIGEN_MINOR_VERSION));
  v.push_back("spdlog " + std::to_string(SPDLOG_VER_MAJOR) + "." + std::to_string(SPDLOG_VER_MINOR) + "." +
              std::to_string(SPDLOG_VER_PATCH));
  return v;
}

}  // namespace nnviz::app
