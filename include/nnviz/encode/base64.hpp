#pragma once
// RFC 4648 base64 (with padding, no line breaks) of any bytes, by libavutil's encoder: for the
// data: URLs of the pages that embed a video.
#include <string>
#include <string_view>

namespace nnviz::encode {

std::string base64(std::string_view bytes);

}  // namespace nnviz::encode
