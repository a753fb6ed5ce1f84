#include "boundary_draw.hpp"

#include <cmath>

#include "cairo_handles.hpp"

namespace nnviz::render {

namespace {

double side(const scene::Line& l, const Point& p) { return l.a * p.x + l.b * p.y + l.c; }

void path_in_pixels(cairo_t* cr, const std::vector<Point>& poly, const Viewport& vp) {
  for (std::size_t i = 0; i < poly.size(); ++i) {
    if (i == 0)
      cairo_move_to(cr, vp.px(poly[i].x), vp.py(poly[i].y));
    else
      cairo_line_to(cr, vp.px(poly[i].x), vp.py(poly[i].y));
  }
  cairo_close_path(cr);
}

}  // namespace

std::vector<Point> clip_half_plane(const scene::Bounds& view, const scene::Line& line, double sign) {
  // One Sutherland-Hodgman step of the view's rectangle against the half-plane.
  const Point corners[4] = {{view.xmin, view.ymin}, {view.xmax, view.ymin}, {view.xmax, view.ymax},
                            {view.xmin, view.ymax}};
  std::vector<Point> out;
  if (line.a == 0 && line.b == 0) return out;  // not a line
  for (int i = 0; i < 4; ++i) {
    const Point& p = corners[i];
    const Point& q = corners[(i + 1) % 4];
    const double sp = sign * side(line, p), sq = sign * side(line, q);
    if (sp >= 0) out.push_back(p);
    if ((sp >= 0) != (sq >= 0)) {
      const double t = sp / (sp - sq);
      out.push_back({p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)});
    }
  }
  return out;
}

void draw_boundary_shading(cairo_t* cr, const BoundaryData& data, const Viewport& vp, double alpha) {
  for (int cls = 0; cls < 2; ++cls) {
    const std::vector<Point> poly = clip_half_plane(vp.view(), data.line, cls == 1 ? 1.0 : -1.0);
    if (poly.size() < 3) continue;
    const Rgb& c = data.palette.class_colour(cls);
    cairo_new_path(cr);
    path_in_pixels(cr, poly, vp);
    cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
    cairo_fill(cr);
  }
}

void draw_boundary_line(cairo_t* cr, const BoundaryData& data, const Viewport& vp,
                        const DashedLineStyle& style) {
  // The line's chord across the view: the points of the class-1 side's polygon on the line.
  const std::vector<Point> poly = clip_half_plane(vp.view(), data.line, 1.0);
  const double norm = std::hypot(data.line.a, data.line.b);
  const double tolerance = 1e-9 * std::max({1.0, std::abs(vp.view().width()), std::abs(vp.view().height())});
  std::vector<Point> on_line;
  for (const Point& p : poly)
    if (std::abs(side(data.line, p)) / norm <= tolerance) on_line.push_back(p);
  if (on_line.size() < 2) return;
  // The two extreme points along the line's direction (-b, a).
  auto along = [&](const Point& p) { return -data.line.b * p.x + data.line.a * p.y; };
  Point lo = on_line[0], hi = on_line[0];
  for (const Point& p : on_line) {
    if (along(p) < along(lo)) lo = p;
    if (along(p) > along(hi)) hi = p;
  }
  cairo_save(cr);
  const PixelRect& r = vp.rect();
  cairo_rectangle(cr, r.x, r.y, r.width, r.height);
  cairo_clip(cr);
  const double dashes[2] = {style.dash, style.gap};
  cairo_set_dash(cr, dashes, 2, 0);
  cairo_set_line_width(cr, style.width);
  cairo_set_source_rgb(cr, style.colour.r, style.colour.g, style.colour.b);
  cairo_move_to(cr, vp.px(lo.x), vp.py(lo.y));
  cairo_line_to(cr, vp.px(hi.x), vp.py(hi.y));
  cairo_stroke(cr);
  cairo_restore(cr);
}

}  // namespace nnviz::render
