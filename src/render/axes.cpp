#include "axes.hpp"

#include <algorithm>
#include <cmath>

#include "nnviz/render/ticks.hpp"

namespace nnviz::render {

void draw_axes(cairo_t* cr, const AxesData& axes, const Viewport& vp) {
  const PixelRect& r = vp.rect();
  const double pt = axes.layout.text_pt;  // text, and the room around it
  const FontSizes& f = axes.layout.fonts;
  cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);

  // The frame straddles the plot area's edge, snapped so a 1-px line stays crisp.
  const double frame_w = std::max(1.0, std::round(1.0 * axes.layout.pt));
  const double inset = std::fmod(frame_w, 2.0) == 1.0 ? 0.5 : 0.0;
  cairo_new_path(cr);
  cairo_rectangle(cr, r.x - inset, r.y - inset, r.width + 2 * inset, r.height + 2 * inset);
  cairo_set_line_width(cr, frame_w);
  cairo_stroke(cr);

  // About one label per 60 pt of axis (matplotlib's default density), at least 3.
  const double pad = 3.5 * pt + frame_w;
  const int max_x = std::max(3, static_cast<int>(r.width / (60 * pt)) + 1);
  const int max_y = std::max(3, static_cast<int>(r.height / (45 * pt)) + 1);
  const scene::Bounds& v = vp.view();
  const Ticks tx = nice_ticks(v.xmin, v.xmax, max_x, axes.x_min_step);
  for (std::size_t i = 0; i < tx.values.size(); ++i)
    axes.text.draw(cr, Font::tick, tx.labels[i], vp.px(tx.values[i]), r.bottom() + pad, {0.5, 0});
  const Ticks ty = nice_ticks(v.ymin, v.ymax, max_y);
  for (std::size_t i = 0; i < ty.values.size(); ++i)
    axes.text.draw(cr, Font::tick, ty.labels[i], r.x - pad, vp.py(ty.values[i]), {1, 0.5});
  if (axes.right) {
    const scene::Bounds& rv = axes.right->view();
    const Ticks tr = nice_ticks(rv.ymin, rv.ymax, max_y);
    for (std::size_t i = 0; i < tr.values.size(); ++i)
      axes.text.draw(cr, Font::tick, tr.labels[i], r.right() + pad, axes.right->py(tr.values[i]), {0, 0.5});
    // Text top towards the plot: turned -pi/2, the top of the text faces left. Room: see
    // layout.cpp's with_right_axis.
    axes.text.draw(cr, Font::label, axes.right_label, r.right() + pad + f.tick * 2.0 * pt + 2 * pt,
                   r.y + 0.5 * r.height, {0.5, 0}, -M_PI / 2);
  }

  // Axis labels just outside the tick labels' room (see layout.cpp's margins).
  axes.text.draw(cr, Font::label, axes.x_label, r.x + 0.5 * r.width,
                 r.bottom() + pad + f.tick * 1.3 * pt + 2 * pt, {0.5, 0});
  axes.text.draw(cr, Font::label, axes.y_label, r.x - pad - f.tick * 2.6 * pt - 2 * pt,
                 r.y + 0.5 * r.height, {0.5, 1}, -M_PI / 2);
  axes.text.draw(cr, Font::title, axes.title, r.x + 0.5 * r.width, r.y - 5 * pt, {0.5, 1});
}

void set_curve_style(cairo_t* cr, const LegendEntry& entry, double width, double dash) {
  cairo_set_source_rgb(cr, entry.colour.r, entry.colour.g, entry.colour.b);
  cairo_set_line_width(cr, width);
  cairo_set_line_cap(cr, entry.dashed ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  const double pattern[2] = {dash, 0.6 * dash};
  cairo_set_dash(cr, pattern, entry.dashed ? 2 : 0, 0);
}

void draw_legend(cairo_t* cr, const std::vector<LegendEntry>& entries, const PixelRect& plot, const Layout& layout,
                 Text& text) {
  const double pt = layout.text_pt;
  const double sample = 16 * pt, gap = 4 * pt, spacing = 12 * pt;
  double total = 0;
  for (const LegendEntry& e : entries)
    total += (total > 0 ? spacing : 0) + sample + gap + text.size(Font::title, e.label).first;
  // The title's baseline region: its bottom 5 pt above the plot (as draw_axes puts it).
  const double bottom = plot.y - 5 * pt;
  const double mid = bottom - 0.5 * text.size(Font::title, "Ag").second;
  double x = plot.x + 0.5 * plot.width - 0.5 * total;
  cairo_save(cr);
  for (const LegendEntry& e : entries) {
    set_curve_style(cr, e, 1.5 * layout.pt, 4 * pt);
    cairo_new_path(cr);
    cairo_move_to(cr, x, mid);
    cairo_line_to(cr, x + sample, mid);
    cairo_stroke(cr);
    x += sample + gap;
    cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
    text.draw(cr, Font::title, e.label, x, bottom, {0, 1});
    x += text.size(Font::title, e.label).first + spacing;
  }
  cairo_restore(cr);
}

}  // namespace nnviz::render
