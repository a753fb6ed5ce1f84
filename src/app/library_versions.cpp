#include "nnviz/app/library_versions.hpp"

#include <spdlog/version.h>

#include <Eigen/Core>

#include "nnviz/encode/versions.hpp"
#include "nnviz/render/versions.hpp"

namespace nnviz::app {

std::vector<std::string> library_versions() {
  std::vector<std::string> v = encode::library_versions();
  for (std::string& r : render::library_versions()) v.push_back(std::move(r));
  v.push_back("Eigen " + std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
              std::to_string(EIGEN_MINOR_VERSION));
  v.push_back("spdlog " + std::to_string(SPDLOG_VER_MAJOR) + "." + std::to_string(SPDLOG_VER_MINOR) + "." +
              std::to_string(SPDLOG_VER_PATCH));
  return v;
}

}  // namespace nnviz::app
