#include "key_draw.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "axes.hpp"

namespace nnviz::render {

namespace {

constexpr double two_pi = 6.283185307179586;

struct Entry {
  std::string label;
  Rgb fill, edge;
  bool hollow;
};

void disc(cairo_t* cr, double x, double y, double diameter, const Entry& e, const KeyPlace& k) {
  cairo_new_path(cr);
  cairo_arc(cr, x, y, 0.5 * diameter, 0, two_pi);
  if (e.hollow) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, e.edge.r, e.edge.g, e.edge.b);
    cairo_set_line_width(cr, k.ring_width);
  } else {
    cairo_set_source_rgb(cr, e.fill.r, e.fill.g, e.fill.b);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, k.edge_width);
  }
  cairo_stroke(cr);
}

}  // namespace

KeyPlace heading_key_place(const Layout& l, Text& text, const std::string& heading_line,
                           const std::string& metrics_line, double dot_diameter, double edge_width, double ring_width) {
  const double pt = l.text_pt;
  int right = 0;
  for (const PixelRect& p : l.panels) right = std::max(right, p.right());
  // A lone panel (a morph's, at equal scales, or one --panels chose) leaves the key the
  // figure's right, a margin in.
  if (l.panels.size() == 1) right = std::max(right, static_cast<int>(l.width - l.fonts.label * l.text_pt));
  const double em = l.fonts.label * pt, clear = 1.5 * em, centre = l.heading_centre_x;
  KeyPlace k;
  k.right = right;
  k.row1 = l.heading_top + 0.5 * l.fonts.heading * 1.25 * pt;  // the middles of the heading's lines
  k.row2 = l.heading_top + l.fonts.heading * 1.25 * pt + 0.5 * l.fonts.metrics * 1.3 * pt;
  k.left1 = centre + 0.5 * text.size(Font::heading, heading_line).first + clear;
  k.left2 = centre + 0.5 * text.size(Font::metrics, metrics_line).first + clear;
  k.em = em;
  k.dot_diameter = dot_diameter;
  k.edge_width = edge_width;
  k.ring_width = ring_width;
  return k;
}

bool draw_key(cairo_t* cr, Text& text, const Palette& palette, bool held_out, const KeyPlace& k) {
  const Font font = Font::label;
  const double gap = 0.35 * k.em, spacing = 1.0 * k.em;
  // The panels' dots, but never smaller than about half the text: at the smallest figures the
  // dots are a few pixels, too small to read a colour in.
  const double dot = std::max(k.dot_diameter, 0.55 * k.em);

  std::vector<Entry> entries{{"class 0", palette.class_colour(0), {}, false},
                             {"class 1", palette.class_colour(1), {}, false}};
  if (held_out) entries.push_back({"held out", {}, ink, true});
  double key_w = 0;
  for (const Entry& e : entries) key_w += (key_w > 0 ? spacing : 0) + dot + gap + text.size(font, e.label).first;

  const std::string bar_label = "P(class 1)";
  const double bar_w = std::round(std::max(40.0, 6 * k.em)), bar_h = std::round(std::max(6.0, 0.7 * k.em));
  const double bar_total = text.size(font, bar_label).first + gap * 2 + text.size(font, "0").first + gap + bar_w +
                           gap + text.size(font, "1").first;
  if (k.right - key_w < std::max(0.0, k.left1) || k.right - bar_total < std::max(0.0, k.left2)) return false;

  cairo_save(cr);
  double x = k.right - key_w;
  for (const Entry& e : entries) {
    disc(cr, x + 0.5 * dot, k.row1, dot, e, k);
    x += dot + gap;
    cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
    text.draw(cr, font, e.label, x, k.row1, {0, 0.5});
    x += text.size(font, e.label).first + spacing;
  }

  x = k.right - bar_total;
  cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
  text.draw(cr, font, bar_label, x, k.row2, {0, 0.5});
  x += text.size(font, bar_label).first + 2 * gap;
  text.draw(cr, font, "0", x, k.row2, {0, 0.5});
  x += text.size(font, "0").first + gap;
  // One column per pixel in the regions' colours (what the panels fill with), framed in ink.
  const double top = std::round(k.row2 - 0.5 * bar_h), left = std::round(x);
  for (int i = 0; i < static_cast<int>(bar_w); ++i) {
    const Rgb c = from_argb(palette.region_argb((i + 0.5) / bar_w));
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_rectangle(cr, left + i, top, 1, bar_h);
    cairo_fill(cr);
  }
  cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
  cairo_set_line_width(cr, 1);
  cairo_rectangle(cr, left - 0.5, top - 0.5, bar_w + 1, bar_h + 1);
  cairo_stroke(cr);
  text.draw(cr, font, "1", left + bar_w + gap, k.row2, {0, 0.5});
  cairo_restore(cr);
  return true;
}

}  // namespace nnviz::render
