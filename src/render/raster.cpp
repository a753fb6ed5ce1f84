#include "raster.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Speed notes (bench/: BM_render_frame). A 1800x600 frame fills ~160,000 mesh triangles
// (surface) or stamps ~120,000 dots (points), so the per-shape set-up and the per-pixel blend
// are what matter:
// - blends work on whole bytes, alike for the four channels (alpha stays 255 because both
//   sides are opaque), in plain loops the compiler vectorises;
// - sprites keep per-row spans, so the transparent corners of their squares cost nothing;
// - floor/ceil/round of values known to be in int range go through integer casts (without
//   SSE4.1 the std:: versions are calls);
// - tinted dots (points style, ~85% of its frame before): SSE2 by hand, one pmullw per two
//   channels (see tint_block), over a flat list of 4-pixel blocks per sub-pixel variant with
//   the row offsets precomputed for the surface's stride; dots that need clipping (panel
//   edges) go pixel by pixel through the same formula;
// - mesh cells: fill_quad sets up one box for a cell's two triangles (the set-up, not the
//   ~5 pixels per triangle, was most of fill_triangle's time);
// - grid lines: the distance to a segment's line is a cross product over its length, no
//   square root, except near the segment's ends; coverage without a branch per pixel; the
//   composite skips empty coverage 8 bytes at a time.
// tests/render/test_raster.cpp compares every function here with a plain per-channel version.

namespace nnviz::render {

namespace {

// floor for doubles in int range (NaN excluded by the callers' checks).
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

RawPixels::RawPixels(cairo_t* cr, const PixelRect& clip) : surface_(cairo_get_target(cr)) {
  cairo_surface_flush(surface_);
  data_ = reinterpret_cast<std::uint32_t*>(cairo_image_surface_get_data(surface_));
  stride_ = cairo_image_surface_get_stride(surface_) / 4;
  const int w = cairo_image_surface_get_width(surface_), h = cairo_image_surface_get_height(surface_);
  const int x0 = std::max(clip.x, 0), y0 = std::max(clip.y, 0);
  const int x1 = std::min(clip.right(), w), y1 = std::min(clip.bottom(), h);
  clip_ = {x0, y0, std::max(0, x1 - x0), std::max(0, y1 - y0)};
  if (!data_) clip_ = {};  // a surface in an error state: draw nothing, the frame check reports it
}

RawPixels::~RawPixels() {
  cairo_surface_mark_dirty_rectangle(surface_, clip_.x, clip_.y, clip_.width, clip_.height);
}

namespace {

// The pixels whose centres (x + 0.5, y + 0.5) lie in [min_x, max_x] x [min_y, max_y] and in
// the clip: columns x0..x1, rows y0..y1. The bounds are compared as doubles first, so vertices
// far outside (or infinite) never reach the integer casts.
struct CentreBox {
  int x0 = 0, x1 = -1, y0 = 0, y1 = -1;
  [[nodiscard]] bool empty() const { return x0 > x1 || y0 > y1; }
};

CentreBox centre_box(const PixelRect& clip, double min_x, double max_x, double min_y, double max_y) {
  if (!(max_x >= clip.x && min_x <= clip.right() && max_y >= clip.y && min_y <= clip.bottom())) return {};
  return {std::max(clip.x, ceil_int(int_range(min_x - 0.5))), std::min(clip.right() - 1, floor_int(int_range(max_x - 0.5))),
          std::max(clip.y, ceil_int(int_range(min_y - 0.5))), std::min(clip.bottom() - 1, floor_int(int_range(max_y - 0.5)))};
}

// One triangle's edge functions, evaluated at the first pixel centre of a box and stepped from
// there. Edge functions e(p) = A x + B y + C, each >= 0 inside; e0 is opposite vertex a, so the
// barycentric weight of a is e0 / area (likewise e1: b, e2: c). With area = (b-a) x (c-a) > 0
// in y-down pixel coordinates: e0(p) = (b - p) x (c - p) and so on. `ok` false: degenerate (or
// NaN), it covers nothing.
struct Edges {
  bool ok = false;
  double d0 = 0, d1 = 0, d2 = 0, r0 = 0, r1 = 0, r2 = 0;  // d e / dx, d e / dy
  double e0 = 0, e1 = 0, e2 = 0;                          // at the box's first pixel centre
  double eps = HUGE_VAL, inv = 0;  // degenerate: eps = +inf, so inside() is always false
  double ta = 0, tb = 0, tc = 0;
  Edges(Vertex a, Vertex b, Vertex c, double cx, double cy) {
    double area = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
    if (!(std::abs(area) > 1e-12)) return;
    if (area < 0) {
      std::swap(b, c);
      area = -area;
    }
    ok = true;
    d0 = b.y - c.y, d1 = c.y - a.y, d2 = a.y - b.y;
    r0 = c.x - b.x, r1 = a.x - c.x, r2 = b.x - a.x;
    e0 = d0 * (cx - b.x) + r0 * (cy - b.y);
    e1 = d1 * (cx - c.x) + r1 * (cy - c.y);
    e2 = d2 * (cx - a.x) + r2 * (cy - a.y);
    eps = -1e-7 * area;
    inv = 1.0 / area;
    ta = a.t, tb = b.t, tc = c.t;
  }
  [[nodiscard]] bool inside(double f0, double f1, double f2) const { return f0 >= eps && f1 >= eps && f2 >= eps; }
  [[nodiscard]] double t(double f0, double f1, double f2) const { return (f0 * ta + f1 * tb + f2 * tc) * inv; }
};

}  // namespace

void fill_triangle(const RawPixels& px, Vertex a, Vertex b, Vertex c, const ColourTable& colours) {
  const CentreBox box = centre_box(px.clip(), std::min({a.x, b.x, c.x}), std::max({a.x, b.x, c.x}),
                                   std::min({a.y, b.y, c.y}), std::max({a.y, b.y, c.y}));
  if (box.empty()) return;
  const Edges e(a, b, c, box.x0 + 0.5, box.y0 + 0.5);
  if (!e.ok) return;
  double row0 = e.e0, row1 = e.e1, row2 = e.e2;
  for (int y = box.y0; y <= box.y1; ++y, row0 += e.r0, row1 += e.r1, row2 += e.r2) {
    double f0 = row0, f1 = row1, f2 = row2;
    std::uint32_t* row = px.row(y);
    for (int x = box.x0; x <= box.x1; ++x, f0 += e.d0, f1 += e.d1, f2 += e.d2)
      if (e.inside(f0, f1, f2)) row[x] = colours[Palette::index(e.t(f0, f1, f2))];
  }
}

void fill_quad(const RawPixels& px, Vertex p00, Vertex p10, Vertex p11, Vertex p01, const ColourTable& colours) {
  // Mesh cells are a few pixels: the per-triangle set-up (box, clip, integer casts) cost more
  // than the pixels, so the cell's two triangles share one box and one pass.
  const CentreBox box =
      centre_box(px.clip(), std::min({p00.x, p10.x, p11.x, p01.x}), std::max({p00.x, p10.x, p11.x, p01.x}),
                 std::min({p00.y, p10.y, p11.y, p01.y}), std::max({p00.y, p10.y, p11.y, p01.y}));
  if (box.empty()) return;
  const int x0 = box.x0, x1 = box.x1, y0 = box.y0, y1 = box.y1;
  const Edges first(p00, p10, p11, x0 + 0.5, y0 + 0.5), second(p00, p11, p01, x0 + 0.5, y0 + 0.5);
  if (!first.ok && !second.ok) return;
  double a0 = first.e0, a1 = first.e1, a2 = first.e2, b0 = second.e0, b1 = second.e1, b2 = second.e2;
  for (int y = y0; y <= y1; ++y) {
    double f0 = a0, f1 = a1, f2 = a2, g0 = b0, g1 = b1, g2 = b2;
    std::uint32_t* row = px.row(y);
    for (int x = x0; x <= x1; ++x) {
      // The second triangle is drawn last, so it wins on the shared diagonal.
      if (second.inside(g0, g1, g2))
        row[x] = colours[Palette::index(second.t(g0, g1, g2))];
      else if (first.inside(f0, f1, f2))
        row[x] = colours[Palette::index(first.t(f0, f1, f2))];
      f0 += first.d0, f1 += first.d1, f2 += first.d2;
      g0 += second.d0, g1 += second.d1, g2 += second.d2;
    }
    a0 += first.r0, a1 += first.r1, a2 += first.r2;
    b0 += second.r0, b1 += second.r1, b2 += second.r2;
  }
}

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
  check_cairo(cairo_status(cr.get()), "drawing a dot sprite");
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

inline std::uint8_t* bytes(std::uint32_t* p) { return reinterpret_cast<std::uint8_t*>(p); }
inline const std::uint8_t* bytes(const std::uint32_t* p) { return reinterpret_cast<const std::uint8_t*>(p); }

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

CoverageMask::CoverageMask(const PixelRect& rect)
    : rect_(rect), coverage_(static_cast<std::size_t>(std::max(0, rect.width)) * std::max(0, rect.height), 0) {}

void CoverageMask::add_segment(double x0, double y0, double x1, double y1, double width) {
  if (!std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1)) return;
  const double hw = 0.5 * width;
  const double reach = hw + 1;  // beyond the stroke's half width a pixel is not touched
  if (std::max(x0, x1) + reach < rect_.x || std::min(x0, x1) - reach > rect_.right() ||
      std::max(y0, y1) + reach < rect_.y || std::min(y0, y1) - reach > rect_.bottom())
    return;
  const int bx0 = std::max(rect_.x, floor_int(int_range(std::min(x0, x1) - reach)));
  const int bx1 = std::min(rect_.right() - 1, ceil_int(int_range(std::max(x0, x1) + reach)));
  const int by0 = std::max(rect_.y, floor_int(int_range(std::min(y0, y1) - reach)));
  const int by1 = std::min(rect_.bottom() - 1, ceil_int(int_range(std::max(y0, y1) + reach)));
  const double dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
  const double inv_len = len2 > 0 ? 1 / std::sqrt(len2) : 0;
  // A pixel is touched only when its centre is nearer than hw + 0.5 to the segment, so within
  // that distance of the segment's line: per row, an interval of x (unless the segment is
  // nearly horizontal, when the bounding box is thin anyway). 1e-6 px keeps rounding out.
  const double band = hw + 0.5 + 1e-6;
  const bool use_band = std::abs(dy) > 1e-3 * std::sqrt(len2);
  const double band_dx = use_band ? band * std::sqrt(len2) / std::abs(dy) : 0;
  for (int y = by0; y <= by1; ++y) {
    std::uint8_t* row = coverage_.data() + static_cast<std::size_t>(y - rect_.y) * rect_.width - rect_.x;
    const double py = y + 0.5 - y0;
    int xa = bx0, xb = bx1;
    if (use_band) {
      const double centre = x0 + py * dx / dy;  // where the line crosses this row's centre
      xa = std::max(bx0, ceil_int(int_range(centre - band_dx - 0.5)));
      xb = std::min(bx1, floor_int(int_range(centre + band_dx - 0.5)));
    }
    for (int x = xa; x <= xb; ++x) {
      const double px = x + 0.5 - x0;
      // Distance to the segment: to its line where the foot falls on it (no square root: the
      // cross product over the length), else to the nearer end.
      const double along = px * dx + py * dy;  // t * len2
      double d;
      if (along >= 0 && along <= len2 && len2 > 0) {
        d = std::abs(px * dy - py * dx) * inv_len;
      } else {
        const double ex = along > 0 && len2 > 0 ? px - dx : px, ey = along > 0 && len2 > 0 ? py - dy : py;
        d = std::sqrt(ex * ex + ey * ey);
      }
      // Overlap of the stroke's cross-section [d - hw, d + hw] with the pixel's [-0.5, 0.5].
      // Branch-free (whether a pixel near the band's edge is touched follows no pattern):
      // c <= 0 gives coverage 0, which the max leaves as it was.
      const double c = std::clamp(std::min(0.5, d + hw) - std::max(-0.5, d - hw), 0.0, 1.0);
      const auto v = static_cast<std::uint8_t>(c * 255 + 0.5);
      row[x] = std::max(row[x], v);
    }
  }
}

void CoverageMask::composite(const RawPixels& px, std::uint32_t colour, int alpha) const {
  const PixelRect& clip = px.clip();
  const int x0 = std::max(clip.x, rect_.x), x1 = std::min(clip.right(), rect_.right());
  const int y0 = std::max(clip.y, rect_.y), y1 = std::min(clip.bottom(), rect_.bottom());
  for (int y = y0; y < y1; ++y) {
    const std::uint8_t* cov = coverage_.data() + static_cast<std::size_t>(y - rect_.y) * rect_.width - rect_.x;
    std::uint8_t* row = bytes(px.row(y));
    for (int x = x0; x < x1; ++x) {
      // Most of the panel is untouched by the grid: skip empty coverage 8 bytes at a time.
      std::uint64_t eight;
      while (x + 8 <= x1 && (std::memcpy(&eight, cov + x, 8), eight == 0)) x += 8;
      if (x >= x1) break;
      if (cov[x] == 0) continue;
      const std::uint32_t k = (cov[x] * static_cast<std::uint32_t>(alpha)) >> 8, keep = 255 - k;
      const std::uint8_t* c = bytes(&colour);
      for (int b = 0; b < 4; ++b) row[4 * x + b] = static_cast<std::uint8_t>(div255(c[b] * k + row[4 * x + b] * keep));
    }
  }
}

}  // namespace nnviz::render
