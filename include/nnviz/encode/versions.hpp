#pragma once
// The libav versions this build was compiled against and the ones loaded at run time (for
// `nnviz --version` and bug reports).
#include <string>
#include <vector>

namespace nnviz::encode {

// "libavcodec 59.37.100 (runtime 59.37.100)", libavformat, libavfilter, libswscale, libavutil,
// and "FFmpeg 5.1.x" (the runtime's build string); one entry each.
std::vector<std::string> library_versions();

}  // namespace nnviz::encode
