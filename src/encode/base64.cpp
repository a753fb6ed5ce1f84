#include "nnviz/encode/base64.hpp"

extern "C" {
#include <libavutil/base64.h>
}

#include <climits>
#include <cstdint>

#include "nnviz/util/error.hpp"

namespace nnviz::encode {

std::string base64(std::string_view bytes) {
  // av_base64_encode takes an int size; a page embeds one video file, far below that.
  if (bytes.size() > static_cast<std::size_t>(INT_MAX / 4 * 3 - 3)) throw Error("base64: input too large");
  const int size = static_cast<int>(bytes.size());
  std::string out(static_cast<std::size_t>(AV_BASE64_SIZE(size)), '\0');  // includes the terminating NUL
  if (av_base64_encode(out.data(), static_cast<int>(out.size()), reinterpret_cast<const std::uint8_t*>(bytes.data()),
                       size) == nullptr)
    throw Error("base64: encoding failed");
  out.resize(out.size() - 1);
  return out;
}

}  // namespace nnviz::encode
