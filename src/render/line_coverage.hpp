#pragma once
// Thin antialiased lines (the warped mesh grid) by per-pixel coverage, composited into raw
// pixels once.
#include <cstdint>
#include <vector>

#include "raster.hpp"

namespace nnviz::render {

// Per-pixel coverage (0..1) of a union of thin antialiased strokes over one rectangle, combined
// by max so that where strokes overlap or meet (polyline joints, crossing grid lines) nothing is
// painted twice, as with one Cairo stroke. Then composited once in one colour.
class CoverageMask {
 public:
  explicit CoverageMask(const PixelRect& rect);
  // A segment of `width` pixels (<= ~2; butt ends, round enough at joints for thin lines).
  void add_segment(double x0, double y0, double x1, double y1, double width);
  // Paints `colour` (opaque 0xFFRRGGBB) with opacity alpha * coverage (alpha in 0..256).
  void composite(const RawPixels& px, std::uint32_t colour, int alpha) const;

 private:
  PixelRect rect_;
  std::vector<std::uint8_t> coverage_;  // row-major over rect_, 0..255
};

}  // namespace nnviz::render
