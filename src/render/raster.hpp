#pragma once
// Direct access to a Cairo image surface's ARGB32 pixels, for what Cairo's path machinery is
// too slow for (tens of thousands of mesh cells and dots per frame), and the integer helpers
// the rasterisers built on it share (mesh_fill, sprite, line_coverage). Pixels are
// premultiplied 0xAARRGGBB words; everything drawn through RawPixels draws onto opaque pixels
// and keeps them opaque. Coordinates are device pixels, pixel (i, j) covering [i, i+1) x [j, j+1).
#include <algorithm>
#include <array>
#include <cstdint>

#include "cairo_handles.hpp"
#include "nnviz/render/palette.hpp"
#include "nnviz/render/viewport.hpp"

namespace nnviz::render {

// Flushes Cairo's pending drawing on construction and marks `clip` dirty on destruction, so
// Cairo and raw writes can alternate on one surface. Writes stay inside `clip`. A surface in
// an error state gives an empty clip (nothing is drawn; the frame's status check reports it).
class RawPixels {
 public:
  RawPixels(cairo_t* cr, const PixelRect& clip);
  ~RawPixels();
  RawPixels(const RawPixels&) = delete;
  RawPixels& operator=(const RawPixels&) = delete;

  [[nodiscard]] std::uint32_t* row(int y) const { return data_ + static_cast<std::ptrdiff_t>(y) * stride_; }
  [[nodiscard]] const PixelRect& clip() const { return clip_; }
  [[nodiscard]] std::ptrdiff_t stride() const { return stride_; }  // in words

 private:
  cairo_surface_t* surface_;
  std::uint32_t* data_ = nullptr;
  std::ptrdiff_t stride_ = 0;  // in words
  PixelRect clip_;             // intersected with the surface; empty for a surface in error
};

using ColourTable = std::array<std::uint32_t, Palette::lut_size>;

// floor and ceil for doubles in int range (NaN excluded by the callers' checks): integer casts,
// as the std:: versions are calls without SSE4.1.
inline int floor_int(double v) {
  const int i = static_cast<int>(v);
  return i - (v < i);
}
inline int ceil_int(double v) {
  const int i = static_cast<int>(v);
  return i + (v > i);
}
// A double in [-2^31, 2^31) or clamped into it, so that the casts above are defined.
inline double int_range(double v) { return std::clamp(v, -2.0e9, 2.0e9); }

// round(t / 255) for t in 0..255*255: exact (the usual (t + 128) * 257 >> 16).
inline std::uint32_t div255(std::uint32_t t) {
  t += 128;
  return (t + (t >> 8)) >> 8;
}

inline std::uint8_t* bytes(std::uint32_t* p) { return reinterpret_cast<std::uint8_t*>(p); }
inline const std::uint8_t* bytes(const std::uint32_t* p) { return reinterpret_cast<const std::uint8_t*>(p); }

}  // namespace nnviz::render
