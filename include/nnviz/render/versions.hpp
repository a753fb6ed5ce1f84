#pragma once
// The Cairo and Pango versions this build was compiled against and the ones loaded at run time
// (for `nnviz --version` and bug reports).
#include <string>
#include <vector>

namespace nnviz::render {

// "Cairo 1.16.0 (runtime 1.16.0)", "Pango 1.50.12 (runtime 1.50.12)".
std::vector<std::string> library_versions();

}  // namespace nnviz::render
