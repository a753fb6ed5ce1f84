#pragma once
// A rendered picture handed from the renderer to the encoder: plain pixels, no Cairo, no libav.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace nnviz::util {

// Pixels are 32-bit native-endian ARGB words (Cairo's CAIRO_FORMAT_ARGB32), i.e. bytes B,G,R,A
// in memory on little-endian machines: libav's AV_PIX_FMT_RGB32 (== AV_PIX_FMT_BGRA here).
// Frames are opaque (alpha 255), so premultiplication does not matter.
struct Frame {
  int width = 0;
  int height = 0;
  int stride = 0;  // bytes per row, >= 4 * width
  std::vector<std::uint8_t> pixels;  // height * stride bytes

  void resize(int w, int h) {
    width = w;
    height = h;
    stride = 4 * w;
    pixels.assign(static_cast<std::size_t>(stride) * static_cast<std::size_t>(h), 0);
  }
  // The 0xAARRGGBB word at (x, y); x right, y down, origin top-left.
  [[nodiscard]] std::uint32_t argb(int x, int y) const {
    const std::uint8_t* p = pixels.data() + static_cast<std::size_t>(y) * stride + 4 * x;
    return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
           (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
  }
};

}  // namespace nnviz::util
