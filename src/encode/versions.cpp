#include "nnviz/encode/versions.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libswscale/swscale.h>
}

namespace nnviz::encode {
namespace {

// libav packs a version as major << 16 | minor << 8 | micro (AV_VERSION_INT).
std::string dotted(unsigned v) {
  return std::to_string(v >> 16) + "." + std::to_string(v >> 8 & 0xff) + "." + std::to_string(v & 0xff);
}

std::string entry(const char* name, unsigned built, unsigned runtime) {
  return std::string(name) + " " + dotted(built) + " (runtime " + dotted(runtime) + ")";
}

}  // namespace

std::vector<std::string> library_versions() {
  return {entry("libavcodec", LIBAVCODEC_VERSION_INT, avcodec_version()),
          entry("libavformat", LIBAVFORMAT_VERSION_INT, avformat_version()),
          entry("libavfilter", LIBAVFILTER_VERSION_INT, avfilter_version()),
          entry("libswscale", LIBSWSCALE_VERSION_INT, swscale_version()),
          entry("libavutil", LIBAVUTIL_VERSION_INT, avutil_version()),
          std::string("FFmpeg ") + av_version_info()};
}

}  // namespace nnviz::encode
