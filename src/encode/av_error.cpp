#include "nnviz/encode/av_error.hpp"

extern "C" {
#include <libavutil/error.h>
}

#include "nnviz/util/error.hpp"

namespace nnviz::encode {

std::string av_error_text(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  if (av_strerror(code, text, sizeof text) < 0) return "libav error " + std::to_string(code);
  return text;
}

int check_av(int ret, std::string_view what) {
  if (ret < 0) throw Error(std::string(what) + ": " + av_error_text(ret));
  return ret;
}

}  // namespace nnviz::encode
