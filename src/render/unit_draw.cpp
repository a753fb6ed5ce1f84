#include "unit_draw.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace nnviz::render {

const Rgb& unit_colour(int unit) {
  static const std::array<Rgb, 8> colours{{
      {0.0, 0.62, 0.45},    // green (Okabe-Ito's bluish green)
      {0.48, 0.20, 0.58},   // purple
      {0.90, 0.62, 0.0},    // amber
      {0.13, 0.13, 0.13},   // near black
      {0.80, 0.47, 0.65},   // pink
      {0.55, 0.32, 0.04},   // brown
      {0.42, 0.56, 0.14},   // olive
      {0.45, 0.45, 0.45},   // grey
  }};
  return colours[static_cast<std::size_t>(unit) % colours.size()];
}

std::optional<std::pair<Point, Point>> line_chord(const scene::Bounds& view, const scene::Line& line) {
  const std::vector<Point> poly = clip_half_plane(view, line, 1.0);
  const double norm = std::hypot(line.a, line.b);
  if (norm == 0) return std::nullopt;
  const double tolerance = 1e-9 * std::max({1.0, std::abs(view.width()), std::abs(view.height())});
  std::vector<Point> on_line;
  for (const Point& p : poly)
    if (std::abs(line.a * p.x + line.b * p.y + line.c) / norm <= tolerance) on_line.push_back(p);
  if (on_line.size() < 2) return std::nullopt;
  // The two extreme points along the line's direction (-b, a).
  const auto along = [&](const Point& p) { return -line.b * p.x + line.a * p.y; };
  Point lo = on_line[0], hi = on_line[0];
  for (const Point& p : on_line) {
    if (along(p) < along(lo)) lo = p;
    if (along(p) > along(hi)) hi = p;
  }
  if (along(hi) - along(lo) <= tolerance * norm) return std::nullopt;  // touches a corner only
  return std::pair{lo, hi};
}

namespace {

struct Box {
  double x0, y0, x1, y1;
  [[nodiscard]] bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

// The label in a white box, its centre inside the panel on the way from (x, y) towards
// (towards_x, towards_y): the first place along it, a label's height apart, whose box meets no
// box in `taken` (the first place when none is free). The box drawn is added to `taken`.
void draw_label(cairo_t* cr, Text& text, const std::string& label, const Rgb& colour, double x, double y,
                double towards_x, double towards_y, const PixelRect& cell, double pad, std::vector<Box>& taken) {
  const auto [w, h] = text.size(Font::tick, label);
  double dx = towards_x - x, dy = towards_y - y;
  const double len = std::hypot(dx, dy);
  if (len > 0) {
    dx /= len;
    dy /= len;
  }
  // Far enough along the line that the whole box is inside the panel.
  const double inset = 0.5 * std::hypot(w, h) + pad + 2;
  const auto box_at = [&](int k) {
    const double along = inset + k * (h + 2 * pad);
    const double cx = std::clamp(x + dx * along, cell.x + 0.5 * w + pad, cell.x + cell.width - 0.5 * w - pad);
    const double cy = std::clamp(y + dy * along, cell.y + 0.5 * h + pad, cell.y + cell.height - 0.5 * h - pad);
    return Box{cx - 0.5 * w - pad, cy - 0.5 * h - 0.5 * pad, cx + 0.5 * w + pad, cy + 0.5 * h + 0.5 * pad};
  };
  constexpr int tries = 8;
  Box box = box_at(0);
  for (int k = 0; k < tries; ++k) {
    const Box b = box_at(k);
    if (std::none_of(taken.begin(), taken.end(), [&](const Box& t) { return t.overlaps(b); })) {
      box = b;
      break;
    }
  }
  taken.push_back(box);
  cairo_rectangle(cr, box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
  text.draw(cr, Font::tick, label, 0.5 * (box.x0 + box.x1), 0.5 * (box.y0 + box.y1), {0.5, 0.5});
}

}  // namespace

void draw_unit_levels(cairo_t* cr, const std::vector<scene::UnitLevel>& levels, const Viewport& vp, Text& text,
                      const UnitLevelStyle& style) {
  const PixelRect& r = vp.rect();
  cairo_save(cr);
  cairo_rectangle(cr, r.x, r.y, r.width, r.height);
  cairo_clip(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
  cairo_set_line_width(cr, style.width);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  // The lines first, then every label over them all.
  struct Label {
    const scene::UnitLevel* level;
    double x, y, tx, ty;
  };
  std::vector<Label> labels;
  for (const scene::UnitLevel& level : levels) {
    const Rgb& c = unit_colour(level.unit + 3 * level.layer);
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    if (level.line) {
      if (!style.lines) continue;
      const auto chord = line_chord(vp.view(), *level.line);
      if (!chord) continue;
      const auto [a, b] = *chord;
      cairo_move_to(cr, vp.px(a.x), vp.py(a.y));
      cairo_line_to(cr, vp.px(b.x), vp.py(b.y));
      cairo_stroke(cr);
      // At the end nearer the panel's top (the label reads against the panel's edge there).
      const bool b_higher = vp.py(b.y) < vp.py(a.y);
      const Point& end = b_higher ? b : a;
      const Point& other = b_higher ? a : b;
      labels.push_back({&level, vp.px(end.x), vp.py(end.y), vp.px(other.x), vp.py(other.y)});
    } else if (style.contours && level.segments.rows() > 0) {
      const Eigen::MatrixXd& s = level.segments;
      cairo_set_line_width(cr, style.contour_width);
      Eigen::Index top = 0;  // the segment highest in the panel: the label's place
      for (Eigen::Index k = 0; k < s.rows(); ++k) {
        cairo_move_to(cr, vp.px(s(k, 0)), vp.py(s(k, 1)));
        cairo_line_to(cr, vp.px(s(k, 2)), vp.py(s(k, 3)));
        if (std::max(s(k, 1), s(k, 3)) > std::max(s(top, 1), s(top, 3))) top = k;
      }
      cairo_stroke(cr);
      cairo_set_line_width(cr, style.width);
      const double x = vp.px(0.5 * (s(top, 0) + s(top, 2))), y = vp.py(0.5 * (s(top, 1) + s(top, 3)));
      labels.push_back({&level, x, y, x, y + 1});
    }
  }
  std::vector<Box> taken;
  for (const Label& l : labels)
    draw_label(cr, text, l.level->label, unit_colour(l.level->unit + 3 * l.level->layer), l.x, l.y, l.tx, l.ty, r,
               style.label_pad, taken);
  cairo_restore(cr);
}

}  // namespace nnviz::render
