#pragma once
// Discs pre-rendered once (Cairo) and stamped into raw pixels many times: the data points
// (stamp, OVER) and the points style's translucent mesh dots (stamp_tinted, one mask in many
// colours).
#include <array>
#include <cstdint>
#include <vector>

#include "raster.hpp"

namespace nnviz::render {

// One row of a sprite variant: columns [begin, end) hold all its non-transparent pixels, so
// stamping skips the empty corners of the square. begin == end: an empty row.
struct Span {
  int begin = 0, end = 0;
};

// A small premultiplied ARGB image of a disc, pre-rendered at 4 x 4 sub-pixel offsets so that
// stamping it is exact to a quarter pixel without any per-dot path work.
struct Sprite {
  static constexpr int sub = 4;
  struct Variant {
    std::vector<std::uint32_t> pixels;  // size x size, row-major, premultiplied ARGB
    std::vector<std::uint32_t> keep;    // per pixel 255 - alpha, in all four bytes (for OVER)
    std::vector<Span> rows;             // size spans
  };
  int size = 0;
  std::array<Variant, sub * sub> variants;
};

struct DiscStyle {
  double diameter = 8;  // pixels, of the fill (the edge is centred on its outline)
  Rgb fill;
  double fill_alpha = 1;  // 0: hollow
  Rgb edge;
  double edge_width = 0;  // pixels; 0: none
};

Sprite make_disc_sprite(const DiscStyle& style);

// A sprite's alpha scaled by an opacity, as blend weights: for stamping one shape in many
// colours (the points style's 40,000 translucent mesh dots per panel).
struct TintMask {
  static constexpr int block = 4;  // pixels per block (one 16-byte SSE2 register)
  // Four pixels of a row, from the sprite's top-left pixel. A variant's blocks cover all its
  // pixels with k != 0, each row's run widened to whole blocks (the extra pixels have k = 0, a
  // no-op, and may reach past the sprite's square).
  struct Block {
    std::int16_t row, column;
    std::int32_t offset;  // row * stride + column, in words
  };
  struct Variant {
    std::vector<Block> blocks;  // row by row
    // Per block pixel: 255 - k, k = (alpha * opacity) >> 8, in both 16-bit halves (the SSE2
    // blend weighs two channels per 32-bit lane).
    std::vector<std::uint32_t> keep;
  };
  int size = 0;
  std::ptrdiff_t stride = 0;  // of the surface the offsets are for, in words
  // The union of every variant's blocks, from the sprite's top-left: a dot placed so that this
  // box lies inside the clip needs no per-pixel clipping.
  int min_column = 0, max_column = 0, min_row = 0, max_row = 0;  // [min, max)
  std::array<Variant, Sprite::sub * Sprite::sub> variants;
};

// `opacity` in 0..256; `stride` (RawPixels::stride) makes the blocks' offsets (stamping onto a
// surface of another stride still works, a little slower).
TintMask make_tint_mask(const Sprite& mask, int opacity, std::ptrdiff_t stride);

// Composites the sprite (OVER) centred at (x, y).
void stamp(const RawPixels& px, const Sprite& sprite, double x, double y);
// Paints `colour` (opaque 0xFFRRGGBB) with opacity k/255 from the mask, centred at (x, y).
void stamp_tinted(const RawPixels& px, const TintMask& mask, double x, double y, std::uint32_t colour);

}  // namespace nnviz::render
