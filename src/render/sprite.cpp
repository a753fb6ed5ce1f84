#include "sprite.hpp"

#include <algorithm>
#include <cmath>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Speed notes (bench/: BM_render_frame). A 1800x600 points frame stamps ~120,000 dots, so the
// per-dot set-up and the per-pixel blend are what matter:
// - blends work on whole bytes, alike for the four channels (alpha stays 255 because both
//   sides are opaque), in plain loops the compiler vectorises;
// - sprites keep per-row spans, so the transparent corners of their squares cost nothing;
// - tinted dots (points style, ~85% of its frame before): SSE2 by hand, one pmullw per two
//   channels (see tint_block), over a flat list of 4-pixel blocks per sub-pixel variant with
//   the row offsets precomputed for the surface's stride; dots that need clipping (panel
//   edges) go pixel by pixel through the same formula.
// tests/render/raster_test.cpp compares stamp and stamp_tinted with plain per-channel versions.

namespace nnviz::render {
namespace {

// The blends below run over whole rows in blocks of 16 bytes (4 pixels, one SSE2 register),
// which the compiler turns into vector code without a scalar tail; the last partial block
// goes byte by byte. Sprite spans are padded to whole blocks with no-op pixels.
constexpr int block = 16;

// OVER for premultiplied src: dst = src + round(dst * keep / 255), keep = 255 - src alpha.
// No byte overflows: src <= its alpha (premultiplied), and dst * keep / 255 <= keep.
// src = 0 with keep = 255 leaves dst as it is.
inline std::uint8_t over(std::uint8_t src, std::uint8_t dst, std::uint8_t keep) {
  const std::uint16_t t = static_cast<std::uint16_t>(dst * keep + 128);
  return static_cast<std::uint8_t>(src + ((t + (t >> 8)) >> 8));
}
void over_bytes(std::uint8_t* __restrict dst, const std::uint8_t* __restrict src,
                const std::uint8_t* __restrict keep, int n) {
  int i = 0;
  for (; i + block <= n; i += block)
    for (int j = i; j < i + block; ++j) dst[j] = over(src[j], dst[j], keep[j]);
  for (; i < n; ++i) dst[i] = over(src[i], dst[i], keep[i]);
}

}  // namespace

namespace {

// The columns of each row whose `word` is not zero, widened (into no-op pixels) to whole
// blocks of 4 pixels where the row is long enough.
std::vector<Span> row_spans(const std::vector<std::uint32_t>& words, int size) {
  constexpr int pixels_per_block = block / 4;
  std::vector<Span> rows(static_cast<std::size_t>(size));
  for (int y = 0; y < size; ++y) {
    const std::uint32_t* row = words.data() + static_cast<std::ptrdiff_t>(y) * size;
    int begin = 0, end = size;
    while (begin < end && row[begin] == 0) ++begin;
    while (end > begin && row[end - 1] == 0) --end;
    if (begin < end) {
      const int padded = (end - begin + pixels_per_block - 1) / pixels_per_block * pixels_per_block;
      end = std::min(size, begin + padded);
      begin = std::max(0, end - padded);
    }
    rows[static_cast<std::size_t>(y)] = {begin, end};
  }
  return rows;
}

}  // namespace

Sprite make_disc_sprite(const DiscStyle& style) {
  Sprite sprite;
  sprite.size = static_cast<int>(std::ceil(style.diameter + style.edge_width)) + 3;
  const int n = sprite.size;
  SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, n, n));
  check_cairo(cairo_surface_status(surface.get()), "creating a dot sprite");
  CairoPtr cr(cairo_create(surface.get()));
  for (int sy = 0; sy < Sprite::sub; ++sy) {
    for (int sx = 0; sx < Sprite::sub; ++sx) {
      cairo_set_operator(cr.get(), CAIRO_OPERATOR_CLEAR);
      cairo_paint(cr.get());
      cairo_set_operator(cr.get(), CAIRO_OPERATOR_OVER);
      // Variant (sx, sy) is centred at n/2 + s/4: stamp() picks it from the target's fraction.
      cairo_new_path(cr.get());
      cairo_arc(cr.get(), 0.5 * n + double(sx) / Sprite::sub, 0.5 * n + double(sy) / Sprite::sub,
                0.5 * style.diameter, 0, 2 * M_PI);
      if (style.fill_alpha > 0) {
        cairo_set_source_rgba(cr.get(), style.fill.r, style.fill.g, style.fill.b, style.fill_alpha);
        cairo_fill_preserve(cr.get());
      }
      if (style.edge_width > 0) {
        cairo_set_source_rgb(cr.get(), style.edge.r, style.edge.g, style.edge.b);
        cairo_set_line_width(cr.get(), style.edge_width);
        cairo_stroke(cr.get());
      }
      // Read the pixels only from a surface that drew them.
      check_cairo(cairo_status(cr.get()), "drawing a dot sprite");
      cairo_surface_flush(surface.get());
      const auto* data = cairo_image_surface_get_data(surface.get());
      const int stride = cairo_image_surface_get_stride(surface.get());
      Sprite::Variant& v = sprite.variants[sy * Sprite::sub + sx];
      v.pixels.resize(static_cast<std::size_t>(n) * n);
      for (int y = 0; y < n; ++y)
        std::copy_n(reinterpret_cast<const std::uint32_t*>(data + y * stride), n, v.pixels.data() + y * n);
      v.keep.resize(v.pixels.size());
      for (std::size_t i = 0; i < v.pixels.size(); ++i) v.keep[i] = (255 - (v.pixels[i] >> 24)) * 0x01010101u;
      v.rows = row_spans(v.pixels, n);
    }
  }
  return sprite;
}

TintMask make_tint_mask(const Sprite& mask, int opacity, std::ptrdiff_t stride) {
  TintMask out;
  out.size = mask.size;
  out.stride = stride;
  const int n = mask.size;
  bool any = false;
  for (std::size_t i = 0; i < out.variants.size(); ++i) {
    const std::vector<std::uint32_t>& pixels = mask.variants[i].pixels;
    TintMask::Variant& v = out.variants[i];
    auto weight = [&](int x, int y) -> std::uint32_t {  // 0..255; 0 past the square
      if (x >= n) return 0;
      return ((pixels[static_cast<std::size_t>(y) * n + x] >> 24) * static_cast<std::uint32_t>(opacity)) >> 8;
    };
    for (int y = 0; y < n; ++y) {
      int begin = 0, end = n;
      while (begin < end && weight(begin, y) == 0) ++begin;
      while (end > begin && weight(end - 1, y) == 0) --end;
      if (begin == end) continue;
      const int blocks = (end - begin + TintMask::block - 1) / TintMask::block;
      for (int b = 0; b < blocks; ++b) {
        const int column = begin + b * TintMask::block;
        v.blocks.push_back({static_cast<std::int16_t>(y), static_cast<std::int16_t>(column),
                            static_cast<std::int32_t>(y * stride + column)});
        for (int x = column; x < column + TintMask::block; ++x) v.keep.push_back((255 - weight(x, y)) * 0x00010001u);
      }
      const int right = begin + blocks * TintMask::block;
      out.min_column = any ? std::min(out.min_column, begin) : begin;
      out.max_column = any ? std::max(out.max_column, right) : right;
      out.min_row = any ? std::min(out.min_row, y) : y;
      out.max_row = any ? std::max(out.max_row, y + 1) : y + 1;
      any = true;
    }
  }
  return out;
}

namespace {

// Where a sprite of `size` centred at (x, y) lands: its top-left pixel and the sub-pixel
// variant nearest to the fraction.
struct Placement {
  int variant, left, top;
};

Placement place(int size, double x, double y) {
  const double qx = x - 0.5 * size, qy = y - 0.5 * size;
  int left = floor_int(qx), top = floor_int(qy);
  int sx = static_cast<int>((qx - left) * Sprite::sub + 0.5);  // fractions >= 0: round half up
  int sy = static_cast<int>((qy - top) * Sprite::sub + 0.5);
  if (sx == Sprite::sub) sx = 0, ++left;
  if (sy == Sprite::sub) sy = 0, ++top;
  return {sy * Sprite::sub + sx, left, top};
}

// Calls blend(destination row, variant, sprite offset, column count) for every row span of
// the chosen variant that lands inside the clip. Nothing for non-finite or far-away centres.
// `Image` is a Sprite.
template <class Image, class Blend>
void for_each_span(const RawPixels& px, const Image& image, double x, double y, Blend blend) {
  const PixelRect& clip = px.clip();
  const int size = image.size;
  if (!(x > clip.x - size && x < clip.right() + size && y > clip.y - size && y < clip.bottom() + size))
    return;
  const Placement p = place(size, x, y);
  const auto& v = image.variants[static_cast<std::size_t>(p.variant)];
  const int y0 = std::max(p.top, clip.y), y1 = std::min(p.top + size, clip.bottom());
  for (int yy = y0; yy < y1; ++yy) {
    const Span& s = v.rows[static_cast<std::size_t>(yy - p.top)];
    const int x0 = std::max(p.left + s.begin, clip.x), x1 = std::min(p.left + s.end, clip.right());
    if (x0 < x1) blend(px.row(yy) + x0, v, (yy - p.top) * size + (x0 - p.left), x1 - x0);
  }
}

}  // namespace

void stamp(const RawPixels& px, const Sprite& sprite, double x, double y) {
  for_each_span(px, sprite, x, y, [](std::uint32_t* dst, const Sprite::Variant& v, int offset, int count) {
    over_bytes(bytes(dst), bytes(v.pixels.data() + offset), bytes(v.keep.data() + offset), 4 * count);
  });
}

namespace {

// Tinting: dst = round((colour * k + dst * u) / 255) per channel, u = 255 - k, rounded once
// (exactly the plain formula). Rewritten as t = 255 c + 128 + (dst - c) u, which is the same
// number, in 0..65153, so 16-bit lanes compute it exactly even though (dst - c) u wraps; then
// round(t0 / 255) = (t * 257) >> 16 (t = t0 + 128), one pmulhuw. Per dot the constants c and
// 255 c + 128 are set once; per pixel only u is loaded. The 16-bit lanes hold a pixel's even
// bytes (B, R) and odd bytes (G, A) separately, so the four channels share one u per pixel
// without unpacking to two registers and packing back.
inline std::uint32_t tint_pixel(std::uint32_t d, std::uint32_t colour, std::uint32_t u) {
  const std::uint32_t k = 255 - u;
  std::uint32_t out = 0;
  for (int shift = 0; shift < 32; shift += 8)
    out |= div255(((colour >> shift) & 0xFF) * k + ((d >> shift) & 0xFF) * u) << shift;
  return out;
}

#if defined(__SSE2__)
struct Tint {
  __m128i even, odd;           // c: (B, R) and (G, A) of the colour in 16-bit lanes
  __m128i even_base, odd_base;  // 255 c + 128
  explicit Tint(std::uint32_t colour) {
    const std::uint32_t e = colour & 0x00FF00FFu, o = (colour >> 8) & 0x00FF00FFu;
    even = _mm_set1_epi32(static_cast<int>(e));
    odd = _mm_set1_epi32(static_cast<int>(o));
    even_base = _mm_set1_epi32(static_cast<int>(e * 255 + 0x00800080u));
    odd_base = _mm_set1_epi32(static_cast<int>(o * 255 + 0x00800080u));
  }
};

// Four pixels; `keep` holds u in both 16-bit halves of each pixel's word.
inline void tint_block(std::uint32_t* dst, const std::uint32_t* keep, const Tint& c) {
  const __m128i low = _mm_set1_epi16(0x00FF), k257 = _mm_set1_epi16(257);
  const __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i*>(dst));
  const __m128i u = _mm_loadu_si128(reinterpret_cast<const __m128i*>(keep));
  const __m128i te = _mm_add_epi16(_mm_mullo_epi16(_mm_sub_epi16(_mm_and_si128(d, low), c.even), u), c.even_base);
  const __m128i to = _mm_add_epi16(_mm_mullo_epi16(_mm_sub_epi16(_mm_srli_epi16(d, 8), c.odd), u), c.odd_base);
  const __m128i out = _mm_or_si128(_mm_mulhi_epu16(te, k257), _mm_slli_epi16(_mm_mulhi_epu16(to, k257), 8));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), out);
}
#endif

}  // namespace

void stamp_tinted(const RawPixels& px, const TintMask& mask, double x, double y, std::uint32_t colour) {
  const PixelRect& clip = px.clip();
  const int size = mask.size;
  if (!(x > clip.x - size && x < clip.right() + size && y > clip.y - size && y < clip.bottom() + size))
    return;
  const Placement p = place(size, x, y);
  const TintMask::Variant& v = mask.variants[static_cast<std::size_t>(p.variant)];
  const bool inside = p.left + mask.min_column >= clip.x && p.left + mask.max_column <= clip.right() &&
                      p.top + mask.min_row >= clip.y && p.top + mask.max_row <= clip.bottom();
  if (inside && mask.stride == px.stride()) {  // almost every dot: whole blocks, no clipping
#if defined(__SSE2__)
    // One loop over the variant's blocks (not rows of varying length: fewer mispredicted
    // branches); offsets from the surface's first pixel, as no pixel left of or above the clip
    // is addressed.
    const Tint tint(colour);
    std::uint32_t* const data = px.row(0);
    const std::ptrdiff_t origin = p.top * mask.stride + p.left;
    const std::uint32_t* keep = v.keep.data();
    for (const TintMask::Block& b : v.blocks) {
      tint_block(data + (origin + b.offset), keep, tint);
      keep += TintMask::block;
    }
    return;
#endif
  }
  const std::uint32_t* keep = v.keep.data();
  for (const TintMask::Block& b : v.blocks) {
    const int yy = p.top + b.row, left = p.left + b.column;
    if (yy >= clip.y && yy < clip.bottom()) {
      std::uint32_t* row = px.row(yy);
      for (int i = 0; i < TintMask::block; ++i)
        if (left + i >= clip.x && left + i < clip.right()) row[left + i] = tint_pixel(row[left + i], colour, keep[i] & 0xFF);
    }
    keep += TintMask::block;
  }
}

}  // namespace nnviz::render
