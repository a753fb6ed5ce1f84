// The raster functions (src/render/mesh_fill.cpp, sprite.cpp, line_coverage.cpp on raster.hpp's
// RawPixels) are written for speed: byte-wise blends the
// compiler vectorises, sprite row spans, incremental edge functions, per-row bands for line
// segments. Each is compared here with a plain version (one pixel and one channel at a time,
// over the whole clip or sprite square, in doubles where it matters) on random input: the
// pictures must agree within a small per-pixel tolerance (the blends: exactly).
#include "raster.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "cairo_handles.hpp"
#include "line_coverage.hpp"
#include "mesh_draw.hpp"
#include "mesh_fill.hpp"
#include "sprite.hpp"

namespace nnviz::render {
namespace {

constexpr int width = 320, height = 240;
const PixelRect clip{10, 8, 300, 220};  // the panel: writes must stay inside

// An opaque surface with a random background, and a copy of it.
struct Canvas {
  SurfacePtr surface{cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height)};
  CairoPtr cr{cairo_create(surface.get())};

  explicit Canvas(unsigned seed) {
    std::mt19937 rng(seed);
    RawPixels px(cr.get(), {0, 0, width, height});
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x) px.row(y)[x] = 0xFF000000u | (rng() & 0xFFFFFFu);
  }
  [[nodiscard]] std::uint32_t at(int x, int y) {
    cairo_surface_flush(surface.get());
    const auto* data = cairo_image_surface_get_data(surface.get());
    return reinterpret_cast<const std::uint32_t*>(data + y * cairo_image_surface_get_stride(surface.get()))[x];
  }
};

struct Difference {
  int max_channel = 0;   // largest difference of one channel
  int pixels_over = 0;   // pixels with a channel differing by more than `small`
  int outside_clip = 0;  // pixels outside the clip that differ at all
  double mean = 0;       // mean absolute difference per channel
};

Difference compare(Canvas& a, Canvas& b, int small) {
  Difference d;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const std::uint32_t p = a.at(x, y), q = b.at(x, y);
      int worst = 0;
      for (int shift = 0; shift < 32; shift += 8)
        worst = std::max(worst, std::abs(int((p >> shift) & 0xFF) - int((q >> shift) & 0xFF)));
      d.max_channel = std::max(d.max_channel, worst);
      for (int shift = 0; shift < 32; shift += 8)
        d.mean += std::abs(int((p >> shift) & 0xFF) - int((q >> shift) & 0xFF)) / (4.0 * width * height);
      if (worst > small) ++d.pixels_over;
      const bool inside = x >= clip.x && x < clip.right() && y >= clip.y && y < clip.bottom();
      if (!inside && worst > 0) ++d.outside_clip;
    }
  }
  return d;
}

// ---- The plain versions ----------------------------------------------------------------------

std::uint32_t mul255(std::uint32_t x, std::uint32_t y) {
  return static_cast<std::uint32_t>(std::lround(x * y / 255.0));
}

// Barycentric weights evaluated afresh at every pixel centre of the clip (within a pixel of
// the bounding box, to save time: no centre further out can be inside).
void plain_fill_triangle(const RawPixels& px, Vertex a, Vertex b, Vertex c, const ColourTable& colours) {
  const double area = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
  if (!(std::abs(area) > 1e-12)) return;
  const PixelRect& r = px.clip();
  auto from = [](double lo, int first) { return static_cast<int>(std::max<double>(first, std::floor(lo) - 1)); };
  auto to = [](double hi, int end) { return static_cast<int>(std::min<double>(end, std::ceil(hi) + 1)); };
  const int xa = from(std::min({a.x, b.x, c.x}), r.x), xb = to(std::max({a.x, b.x, c.x}), r.right());
  const int ya = from(std::min({a.y, b.y, c.y}), r.y), yb = to(std::max({a.y, b.y, c.y}), r.bottom());
  for (int y = ya; y < yb; ++y) {
    for (int x = xa; x < xb; ++x) {
      const double X = x + 0.5, Y = y + 0.5;
      const double wa = ((b.x - X) * (c.y - Y) - (b.y - Y) * (c.x - X)) / area;
      const double wb = ((c.x - X) * (a.y - Y) - (c.y - Y) * (a.x - X)) / area;
      const double wc = ((a.x - X) * (b.y - Y) - (a.y - Y) * (b.x - X)) / area;
      if (wa >= -1e-7 && wb >= -1e-7 && wc >= -1e-7) px.row(y)[x] = colours[Palette::index(wa * a.t + wb * b.t + wc * c.t)];
    }
  }
}

// The sprite variant nearest to the centre's quarter pixel, every pixel of its square.
template <class PerPixel>
void plain_sprite(const RawPixels& px, int size, double x, double y, PerPixel per_pixel) {
  const double qx = x - 0.5 * size, qy = y - 0.5 * size;
  int left = static_cast<int>(std::floor(qx)), top = static_cast<int>(std::floor(qy));
  int sx = static_cast<int>(std::lround((qx - left) * Sprite::sub));
  int sy = static_cast<int>(std::lround((qy - top) * Sprite::sub));
  if (sx == Sprite::sub) sx = 0, ++left;
  if (sy == Sprite::sub) sy = 0, ++top;
  const PixelRect& r = px.clip();
  for (int j = 0; j < size; ++j)
    for (int i = 0; i < size; ++i)
      if (left + i >= r.x && left + i < r.right() && top + j >= r.y && top + j < r.bottom())
        per_pixel(px.row(top + j)[left + i], sy * Sprite::sub + sx, j * size + i);
}

void plain_stamp(const RawPixels& px, const Sprite& s, double x, double y) {
  plain_sprite(px, s.size, x, y, [&](std::uint32_t& d, int v, int i) {
    const std::uint32_t src = s.variants[v].pixels[i];
    std::uint32_t out = 0xFF000000u;
    for (int shift = 0; shift < 24; shift += 8)
      out |= std::min<std::uint32_t>(255, ((src >> shift) & 0xFF) + mul255((d >> shift) & 0xFF, 255 - (src >> 24))) << shift;
    d = out;
  });
}

// colour over d with opacity k / 255, rounded once.
std::uint32_t plain_mix(std::uint32_t colour, std::uint32_t d, std::uint32_t k) {
  std::uint32_t out = 0xFF000000u;
  for (int shift = 0; shift < 24; shift += 8) {
    const std::uint32_t c = (colour >> shift) & 0xFF, b = (d >> shift) & 0xFF;
    out |= static_cast<std::uint32_t>(std::lround((c * k + b * (255 - k)) / 255.0)) << shift;
  }
  return out;
}

void plain_stamp_tinted(const RawPixels& px, const Sprite& mask, int opacity, double x, double y,
                        std::uint32_t colour) {
  plain_sprite(px, mask.size, x, y, [&](std::uint32_t& d, int v, int i) {
    d = plain_mix(colour, d, ((mask.variants[v].pixels[i] >> 24) * opacity) >> 8);
  });
}

// Coverage of every segment over the whole rectangle, combined by max, then composited.
struct Segment {
  double x0, y0, x1, y1, width;
};
void plain_lines(const RawPixels& px, const std::vector<Segment>& segments, std::uint32_t colour, int alpha) {
  const PixelRect& r = px.clip();
  for (int y = r.y; y < r.bottom(); ++y) {
    for (int x = r.x; x < r.right(); ++x) {
      double cover = 0;
      for (const Segment& s : segments) {
        const double dx = s.x1 - s.x0, dy = s.y1 - s.y0, len2 = dx * dx + dy * dy;
        const double X = x + 0.5 - s.x0, Y = y + 0.5 - s.y0;
        const double t = len2 > 0 ? std::clamp((X * dx + Y * dy) / len2, 0.0, 1.0) : 0.0;
        const double d = std::hypot(X - t * dx, Y - t * dy), hw = 0.5 * s.width;
        cover = std::max(cover, std::min(0.5, d + hw) - std::max(-0.5, d - hw));
      }
      if (cover <= 0) continue;
      const auto c = static_cast<std::uint32_t>(std::lround(std::min(cover, 1.0) * 255));
      px.row(y)[x] = plain_mix(colour, px.row(y)[x], (c * static_cast<std::uint32_t>(alpha)) >> 8);
    }
  }
}

ColourTable test_colours() {
  ColourTable t{};
  for (int i = 0; i < Palette::lut_size; ++i)
    t[static_cast<std::size_t>(i)] = 0xFF000000u | (static_cast<std::uint32_t>(i) << 16) |
                                     (static_cast<std::uint32_t>(255 - i) << 8) | static_cast<std::uint32_t>(i / 2);
  return t;
}

// ---- The comparisons -------------------------------------------------------------------------

// A randomly warped 30 x 30 grid reaching outside the clip, with some collapsed cells (every
// 7th row's points on one vertical line, so some cells have no area).
std::vector<Vertex> warped_grid(int res, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> jitter(-3.0, 3.0);
  std::vector<Vertex> v;
  for (int iy = 0; iy < res; ++iy)
    for (int ix = 0; ix < res; ++ix) {
      const double x = -20 + 12.0 * ix + jitter(rng), y = -15 + 9.0 * iy + 3 * std::sin(ix * 0.4) + jitter(rng);
      v.push_back({iy % 7 == 3 && ix > 0 ? v.back().x : x, y, (ix + iy) / (2.0 * (res - 1))});
    }
  return v;
}

// Each cell as two triangles (00, 10, 11) then (00, 11, 01), with `fill` and with the plain
// rasteriser.
template <class Fill>
Difference cells_difference(int res, double scale, unsigned seed, Fill fill) {
  std::vector<Vertex> v = warped_grid(res, seed);
  for (Vertex& p : v) p.x = clip.x + (p.x - clip.x) * scale, p.y = clip.y + (p.y - clip.y) * scale;
  const ColourTable colours = test_colours();
  Canvas fast(seed), plain(seed);
  {
    RawPixels a(fast.cr.get(), clip), b(plain.cr.get(), clip);
    for (int iy = 0; iy + 1 < res; ++iy)
      for (int ix = 0; ix + 1 < res; ++ix) {
        const std::size_t k = static_cast<std::size_t>(iy * res + ix);
        fill(a, v[k], v[k + 1], v[k + res + 1], v[k + res], colours);
        plain_fill_triangle(b, v[k], v[k + 1], v[k + res + 1], colours);
        plain_fill_triangle(b, v[k], v[k + res + 1], v[k + res], colours);
      }
  }
  // Neighbouring palette entries differ by at most 1 per channel here, so pixels differing by
  // more than 2 are covered by one and not the other (or by the other triangle of the cell):
  // only pixel centres exactly on an edge may go either way.
  return compare(fast, plain, 2);
}

TEST(raster, a_surface_in_an_error_state_is_not_drawn_into) {
  // A finished surface still hands out its data pointer, but its status is an error: RawPixels
  // must check the status before it reads the data, and then give nothing to draw into.
  std::vector<std::uint32_t> pixels(static_cast<std::size_t>(width) * height, 0xFF123456u);
  SurfacePtr surface(cairo_image_surface_create_for_data(reinterpret_cast<unsigned char*>(pixels.data()),
                                                         CAIRO_FORMAT_ARGB32, width, height, 4 * width));
  CairoPtr cr(cairo_create(surface.get()));
  cairo_surface_finish(surface.get());
  cairo_surface_mark_dirty(surface.get());  // on a finished surface: sets its error status
  ASSERT_NE(cairo_surface_status(surface.get()), CAIRO_STATUS_SUCCESS);
  {
    RawPixels px(cr.get(), clip);
    EXPECT_EQ(px.clip().width * px.clip().height, 0);
    const ColourTable colours = test_colours();
    fill_quad(px, {20, 20, 0}, {60, 20, 0}, {60, 60, 1}, {20, 60, 1}, colours);
  }
  EXPECT_TRUE(std::all_of(pixels.begin(), pixels.end(), [](std::uint32_t p) { return p == 0xFF123456u; }));
}

TEST(raster, mesh_triangles_match_the_plain_rasteriser) {
  const Difference d = cells_difference(30, 1.0, 7, [](const RawPixels& px, Vertex p00, Vertex p10, Vertex p11,
                                                       Vertex p01, const ColourTable& colours) {
    fill_triangle(px, p00, p10, p11, colours);
    fill_triangle(px, p00, p11, p01, colours);
  });
  EXPECT_EQ(d.outside_clip, 0);
  EXPECT_LE(d.pixels_over, width * height / 1000) << "max channel difference " << d.max_channel;
}

TEST(raster, mesh_cells_match_the_plain_rasteriser) {
  // fill_quad on cells of ~10 px and, as in a 200 x 200 mesh, ~2.5 px and ~0.6 px (the
  // grid shrunk around the clip's corner; most cells then hold one pixel centre or none).
  for (const double scale : {1.0, 0.25, 0.05}) {
    for (unsigned seed = 7; seed < 10; ++seed) {
      const Difference d = cells_difference(scale < 1 ? 120 : 30, scale, seed, fill_quad);
      EXPECT_EQ(d.outside_clip, 0);
      // Measured: 0 pixels differ at all. Allowed: a few exact-edge ties.
      EXPECT_LE(d.pixels_over, 5) << "scale " << scale << ", max channel difference " << d.max_channel;
      EXPECT_LT(d.mean, 0.01) << "scale " << scale;
    }
  }
}

TEST(raster, dots_match_the_plain_compositing) {
  const Sprite filled = make_disc_sprite({7.5, {0.2, 0.4, 0.8}, 1.0, {1, 1, 1}, 0.8});
  const Sprite hollow = make_disc_sprite({7.5, {1, 1, 1}, 0.0, {0.9, 0.3, 0.1}, 1.8});
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> x(-10, width + 10), y(-10, height + 10);
  Canvas fast(2), plain(2);
  {
    RawPixels a(fast.cr.get(), clip), b(plain.cr.get(), clip);
    for (int i = 0; i < 2000; ++i) {
      const Sprite& s = i % 3 ? filled : hollow;
      const double px = x(rng), py = y(rng);
      stamp(a, s, px, py);
      plain_stamp(b, s, px, py);
    }
    stamp(a, filled, NAN, 5);  // nothing, and no crash
    stamp(a, filled, 1e300, -1e300);
  }
  const Difference d = compare(fast, plain, 0);
  EXPECT_EQ(d.outside_clip, 0);
  EXPECT_EQ(d.max_channel, 0);  // the same rounding, so the same bytes
}

// Dense translucent dots (the points style), each blended over the ones before, stamped with
// stamp_tinted and with the plain per-channel blend. `stride_offset` != 0 makes the mask for
// another row stride, so that every dot takes the clipped per-pixel path.
Difference tinted_difference(double diameter, int opacity, int stride_offset, unsigned seed) {
  const Sprite dot = make_disc_sprite({diameter, {1, 1, 1}, 1.0, {1, 1, 1}, 0.0});
  const ColourTable colours = test_colours();
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> x(-10, width + 10), y(-10, height + 10);
  Canvas fast(seed), plain(seed);
  {
    RawPixels a(fast.cr.get(), clip), b(plain.cr.get(), clip);
    const TintMask mask = make_tint_mask(dot, opacity, a.stride() + stride_offset);
    for (int i = 0; i < 20000; ++i) {
      const double px = x(rng), py = y(rng);
      const std::uint32_t c = colours[rng() % Palette::lut_size];
      stamp_tinted(a, mask, px, py, c);
      plain_stamp_tinted(b, dot, opacity, px, py, c);
    }
    stamp_tinted(a, mask, NAN, 5, colours[0]);  // nothing, and no crash
    stamp_tinted(a, mask, 1e300, -1e300, colours[0]);
  }
  return compare(fast, plain, 0);
}

TEST(raster, tinted_dots_match_the_plain_compositing) {
  // The same single rounding, so the same bytes, even after thousands of blends: the SSE2
  // blend's 16-bit sums wrap around in between (most with opacity 256, where k reaches 255).
  struct Case {
    double diameter;
    int opacity;
  };
  for (const Case c : {Case{8.3, 38}, Case{4.2, 38}, Case{8.3, 256}, Case{13.0, 100}, Case{2.5, 200}}) {
    const Difference d = tinted_difference(c.diameter, c.opacity, 0, 3);
    EXPECT_EQ(d.outside_clip, 0) << c.diameter << " px, opacity " << c.opacity;
    EXPECT_EQ(d.max_channel, 0) << c.diameter << " px, opacity " << c.opacity << ": mean difference " << d.mean;
  }
}

TEST(raster, tinted_dots_with_a_mask_for_another_stride_match_too) {
  const Difference d = tinted_difference(8.3, 38, 3, 5);
  EXPECT_EQ(d.outside_clip, 0);
  EXPECT_EQ(d.max_channel, 0) << "mean difference " << d.mean;
}

TEST(raster, mesh_dots_panel_matches_the_plain_compositing) {
  // A whole panel of the points style as the renderer draws it (draw_mesh_dots: 200 x 200
  // warped mesh points through a Viewport, the palette's colours), against plain_stamp_tinted.
  const int res = 200;
  Eigen::MatrixXd points(res * res, 2);
  Eigen::VectorXd prob(res * res);
  for (int iy = 0; iy < res; ++iy)
    for (int ix = 0; ix < res; ++ix) {
      const double u = ix / (res - 1.0) * 4 - 2, v = iy / (res - 1.0) * 4 - 2;
      points(iy * res + ix, 0) = std::tanh(1.3 * u + 0.4 * v);
      points(iy * res + ix, 1) = std::tanh(-0.5 * u + 1.1 * v) + 0.1 * std::sin(3 * u);
      prob(iy * res + ix) = 1 / (1 + std::exp(-(2 * u - v)));
    }
  const Palette& palette = palette_by_name(palette_names().front());
  const Viewport vp(clip, {-0.9, 0.95, -1.05, 1.0});  // the mesh reaches past every side
  const Sprite dot = make_disc_sprite({8.33, {1, 1, 1}, 1.0, {1, 1, 1}, 0.0});
  const double alpha = 0.15;
  Canvas fast(6), plain(6);
  draw_mesh_dots(fast.cr.get(), {points, prob, res, palette}, vp, dot, alpha);
  {
    RawPixels b(plain.cr.get(), clip);
    const int opacity = static_cast<int>(std::lround(alpha * 256));
    for (int k = 0; k < res * res; ++k)
      plain_stamp_tinted(b, dot, opacity, vp.px(points(k, 0)), vp.py(points(k, 1)),
                         palette.argb_table()[static_cast<std::size_t>(Palette::index(prob(k)))]);
  }
  const Difference d = compare(fast, plain, 0);
  EXPECT_EQ(d.outside_clip, 0);
  EXPECT_EQ(d.max_channel, 0) << "mean difference " << d.mean;
}

TEST(raster, thin_lines_match_the_plain_coverage) {
  std::mt19937 rng(17);
  std::uniform_real_distribution<double> x(-30, width + 30), y(-30, height + 30), len(-25, 25);
  std::vector<Segment> segments;
  for (int i = 0; i < 120; ++i) {
    const double x0 = x(rng), y0 = y(rng);
    // Every kind: long, short, horizontal, vertical, a point.
    const double dx = i % 5 == 0 ? 0 : len(rng), dy = i % 7 == 0 ? 0 : len(rng);
    segments.push_back({x0, y0, x0 + dx, y0 + dy, i % 2 ? 0.7 : 1.4});
  }
  Canvas fast(4), plain(4);
  {
    RawPixels a(fast.cr.get(), clip), b(plain.cr.get(), clip);
    CoverageMask mask(a.clip());
    for (const Segment& s : segments) mask.add_segment(s.x0, s.y0, s.x1, s.y1, s.width);
    mask.composite(a, 0xFF202020u, 77);
    plain_lines(b, segments, 0xFF202020u, 77);
  }
  const Difference d = compare(fast, plain, 1);
  EXPECT_EQ(d.outside_clip, 0);
  EXPECT_EQ(d.pixels_over, 0) << "max channel difference " << d.max_channel;
}

}  // namespace
}  // namespace nnviz::render
