#pragma once
// Direct writes into a Cairo image surface's ARGB32 pixels, for what Cairo's path machinery is
// too slow for (tens of thousands of mesh cells and dots per frame). Pixels are premultiplied
// 0xAARRGGBB words; everything here draws onto opaque pixels and keeps them opaque.
// Coordinates are device pixels, pixel (i, j) covering [i, i+1) x [j, j+1).
#include <array>
#include <cstdint>
#include <vector>

#include "cairo_handles.hpp"
#include "nnviz/render/palette.hpp"
#include "nnviz/render/viewport.hpp"

namespace nnviz::render {

// Flushes Cairo's pending drawing on construction and marks `clip` dirty on destruction, so
// Cairo and raw writes can alternate on one surface. Writes stay inside `clip`.
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
  std::uint32_t* data_;
  std::ptrdiff_t stride_;  // in words
  PixelRect clip_;         // intersected with the surface
};

using ColourTable = std::array<std::uint32_t, Palette::lut_size>;

// A mesh vertex in pixels with its probability t in [0, 1].
struct Vertex {
  double x, y, t;
};

// Fills the pixels whose centres lie in the triangle (edges inclusive, so cells sharing an edge
// leave no gaps), colour interpolated linearly in t and looked up in `colours`.
void fill_triangle(const RawPixels& px, Vertex a, Vertex b, Vertex c, const ColourTable& colours);
// A mesh cell: the same pixels and colours as fill_triangle(p00, p10, p11) followed by
// fill_triangle(p00, p11, p01) (up to pixel centres exactly on an edge), with one bounding box
// and one pass over it for both.
void fill_quad(const RawPixels& px, Vertex p00, Vertex p10, Vertex p11, Vertex p01, const ColourTable& colours);

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
