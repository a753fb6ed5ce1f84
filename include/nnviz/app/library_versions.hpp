#pragma once
// The versions of the libraries a run goes through, for `nnviz --version`: libav (from encode),
// Cairo and Pango, Eigen, spdlog. CLI11's is the cli's own.
#include <string>
#include <vector>

namespace nnviz::app {

// One "name version" entry per library; "(runtime X)" where the loaded one can differ.
std::vector<std::string> library_versions();

}  // namespace nnviz::app
