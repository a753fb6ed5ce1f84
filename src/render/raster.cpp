#include "raster.hpp"

#include <algorithm>
#include <cmath>

namespace nnviz::render {

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

void fill_triangle(const RawPixels& px, Vertex a, Vertex b, Vertex c, const ColourTable& colours) {
  double area = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
  if (!(std::abs(area) > 1e-12)) return;  // degenerate (or NaN)
  if (area < 0) {
    std::swap(b, c);
    area = -area;
  }
  const PixelRect& clip = px.clip();
  // Pixel centres x + 0.5 inside the bounding box and the clip.
  const int x0 = std::max(clip.x, static_cast<int>(std::ceil(std::min({a.x, b.x, c.x}) - 0.5)));
  const int x1 = std::min(clip.right() - 1, static_cast<int>(std::floor(std::max({a.x, b.x, c.x}) - 0.5)));
  const int y0 = std::max(clip.y, static_cast<int>(std::ceil(std::min({a.y, b.y, c.y}) - 0.5)));
  const int y1 = std::min(clip.bottom() - 1, static_cast<int>(std::floor(std::max({a.y, b.y, c.y}) - 0.5)));
  if (x0 > x1 || y0 > y1) return;
  // Edge functions e(p) = A x + B y + C, each >= 0 inside; e_a is opposite vertex a, so the
  // barycentric weight of a is e_a / area.
  const double ax_ = c.y - b.y, bx_ = b.x - c.x;  // edge b -> c
  const double ay_ = a.y - c.y, by_ = c.x - a.x;  // edge c -> a
  const double az_ = b.y - a.y, bz_ = a.x - b.x;  // edge a -> b
  // Consistent with area = (b-a) x (c-a) > 0 in y-down pixel coordinates.
  const double sign = -1.0;
  const double eps = -1e-7 * area;
  const double inv = 1.0 / area;
  const double px0 = x0 + 0.5;
  for (int y = y0; y <= y1; ++y) {
    const double py = y + 0.5;
    double e0 = sign * (ax_ * (px0 - b.x) + bx_ * (py - b.y));
    double e1 = sign * (ay_ * (px0 - c.x) + by_ * (py - c.y));
    double e2 = sign * (az_ * (px0 - a.x) + bz_ * (py - a.y));
    const double d0 = sign * ax_, d1 = sign * ay_, d2 = sign * az_;
    std::uint32_t* row = px.row(y);
    for (int x = x0; x <= x1; ++x, e0 += d0, e1 += d1, e2 += d2) {
      if (e0 >= eps && e1 >= eps && e2 >= eps) {
        const double t = (e0 * a.t + e1 * b.t + e2 * c.t) * inv;
        row[x] = colours[Palette::index(t)];
      }
    }
  }
}

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
      auto& v = sprite.variants[sy * Sprite::sub + sx];
      v.resize(static_cast<std::size_t>(n) * n);
      for (int y = 0; y < n; ++y)
        std::copy_n(reinterpret_cast<const std::uint32_t*>(data + y * stride), n, v.data() + y * n);
    }
  }
  check_cairo(cairo_status(cr.get()), "drawing a dot sprite");
  return sprite;
}

namespace {

// x * y / 255 for bytes, exact to rounding.
inline std::uint32_t mul255(std::uint32_t x, std::uint32_t y) {
  const std::uint32_t t = x * y + 128;
  return (t + (t >> 8)) >> 8;
}

struct Placement {
  const std::vector<std::uint32_t>* pixels;
  int left, top;
};

Placement place(const Sprite& s, double x, double y) {
  const double qx = x - 0.5 * s.size, qy = y - 0.5 * s.size;
  int left = static_cast<int>(std::floor(qx)), top = static_cast<int>(std::floor(qy));
  int sx = static_cast<int>(std::lround((qx - left) * Sprite::sub));
  int sy = static_cast<int>(std::lround((qy - top) * Sprite::sub));
  if (sx == Sprite::sub) sx = 0, ++left;
  if (sy == Sprite::sub) sy = 0, ++top;
  return {&s.variants[sy * Sprite::sub + sx], left, top};
}

template <class Blend>
void for_each_covered(const RawPixels& px, const Sprite& s, double x, double y, Blend blend) {
  if (!std::isfinite(x) || !std::isfinite(y)) return;
  const Placement p = place(s, x, y);
  const PixelRect& clip = px.clip();
  const int x0 = std::max(p.left, clip.x), x1 = std::min(p.left + s.size, clip.right());
  const int y0 = std::max(p.top, clip.y), y1 = std::min(p.top + s.size, clip.bottom());
  for (int yy = y0; yy < y1; ++yy) {
    std::uint32_t* row = px.row(yy);
    const std::uint32_t* src = p.pixels->data() + (yy - p.top) * s.size - p.left;
    for (int xx = x0; xx < x1; ++xx)
      if (src[xx] != 0) row[xx] = blend(src[xx], row[xx]);
  }
}

}  // namespace

CoverageMask::CoverageMask(const PixelRect& rect)
    : rect_(rect), coverage_(static_cast<std::size_t>(std::max(0, rect.width)) * std::max(0, rect.height), 0) {}

void CoverageMask::add_segment(double x0, double y0, double x1, double y1, double width) {
  if (!std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1)) return;
  const double hw = 0.5 * width;
  const int bx0 = std::max(rect_.x, static_cast<int>(std::floor(std::min(x0, x1) - hw - 1)));
  const int bx1 = std::min(rect_.right() - 1, static_cast<int>(std::ceil(std::max(x0, x1) + hw + 1)));
  const int by0 = std::max(rect_.y, static_cast<int>(std::floor(std::min(y0, y1) - hw - 1)));
  const int by1 = std::min(rect_.bottom() - 1, static_cast<int>(std::ceil(std::max(y0, y1) + hw + 1)));
  const double dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
  for (int y = by0; y <= by1; ++y) {
    std::uint8_t* row = coverage_.data() + static_cast<std::size_t>(y - rect_.y) * rect_.width - rect_.x;
    const double py = y + 0.5 - y0;
    for (int x = bx0; x <= bx1; ++x) {
      const double px = x + 0.5 - x0;
      const double t = len2 > 0 ? std::clamp((px * dx + py * dy) / len2, 0.0, 1.0) : 0.0;
      const double ex = px - t * dx, ey = py - t * dy;
      const double d = std::sqrt(ex * ex + ey * ey);
      // Overlap of the stroke's cross-section [d - hw, d + hw] with the pixel's [-0.5, 0.5].
      const double c = std::min(0.5, d + hw) - std::max(-0.5, d - hw);
      if (c <= 0) continue;
      const auto v = static_cast<std::uint8_t>(std::lround(std::min(c, 1.0) * 255));
      if (v > row[x]) row[x] = v;
    }
  }
}

void stamp(const RawPixels& px, const Sprite& sprite, double x, double y) {
  for_each_covered(px, sprite, x, y, [](std::uint32_t s, std::uint32_t d) {
    const std::uint32_t keep = 255 - (s >> 24);
    std::uint32_t out = 0xFF000000u;
    for (int shift = 0; shift < 24; shift += 8)
      out |= std::min<std::uint32_t>(255, ((s >> shift) & 0xFF) + mul255((d >> shift) & 0xFF, keep)) << shift;
    return out;
  });
}

void stamp_tinted(const RawPixels& px, const Sprite& mask, double x, double y, std::uint32_t colour,
                  int alpha) {
  for_each_covered(px, mask, x, y, [colour, alpha](std::uint32_t s, std::uint32_t d) {
    const std::uint32_t k = ((s >> 24) * static_cast<std::uint32_t>(alpha)) >> 8;  // 0..255
    const std::uint32_t keep = 255 - k;
    std::uint32_t out = 0xFF000000u;
    for (int shift = 0; shift < 24; shift += 8)
      out |= (mul255((colour >> shift) & 0xFF, k) + mul255((d >> shift) & 0xFF, keep)) << shift;
    return out;
  });
}

void CoverageMask::composite(const RawPixels& px, std::uint32_t colour, int alpha) const {
  const PixelRect& clip = px.clip();
  const int x0 = std::max(clip.x, rect_.x), x1 = std::min(clip.right(), rect_.right());
  const int y0 = std::max(clip.y, rect_.y), y1 = std::min(clip.bottom(), rect_.bottom());
  for (int y = y0; y < y1; ++y) {
    const std::uint8_t* cov = coverage_.data() + static_cast<std::size_t>(y - rect_.y) * rect_.width - rect_.x;
    std::uint32_t* row = px.row(y);
    for (int x = x0; x < x1; ++x) {
      if (cov[x] == 0) continue;
      const std::uint32_t k = (cov[x] * static_cast<std::uint32_t>(alpha)) >> 8, keep = 255 - k;
      const std::uint32_t d = row[x];
      std::uint32_t out = 0xFF000000u;
      for (int shift = 0; shift < 24; shift += 8)
        out |= (mul255((colour >> shift) & 0xFF, k) + mul255((d >> shift) & 0xFF, keep)) << shift;
      row[x] = out;
    }
  }
}

}  // namespace nnviz::render
