#include "mesh_fill.hpp"

#include <cmath>

// Speed notes (bench/: BM_render_frame): a 1800x600 surface frame fills ~160,000 mesh
// triangles, so the per-shape set-up matters more than the ~5 pixels of each: edge functions
// are stepped incrementally, and fill_quad sets up one box for a cell's two triangles (the
// set-up, not the pixels, was most of fill_triangle's time). tests/render/raster_test.cpp
// compares both with a plain per-pixel rasteriser.

namespace nnviz::render {
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

}  // namespace nnviz::render
