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

// The panels' dots, but never smaller than about half the key's text: at the smallest
// figures the dots are a few pixels, too small to read a colour in the key.
double key_dot(const KeyData& k) { return std::max(k.dot_diameter, 0.55 * k.layout.fonts.label * k.layout.text_pt); }

void disc(cairo_t* cr, double x, double y, const Entry& e, const KeyData& k) {
  const double r = 0.5 * key_dot(k);
  cairo_new_path(cr);
  cairo_arc(cr, x, y, r, 0, two_pi);
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

bool draw_key(cairo_t* cr, const KeyData& k) {
  const Layout& l = k.layout;
  if (l.panels.empty()) return false;
  const double pt = l.text_pt;
  Text& text = k.text;
  const Font font = Font::label;
  const double em = l.fonts.label * pt;
  const double gap = 0.35 * em, spacing = 1.0 * em;

  // The dots as the panels draw them: filled in the class colour, hollow when held out.
  std::vector<Entry> entries{{"class 0", k.palette.class_colour(0), {}, false},
                             {"class 1", k.palette.class_colour(1), {}, false}};
  if (k.held_out) entries.push_back({"held out", {}, ink, true});
  double key_w = 0;
  for (const Entry& e : entries)
    key_w += (key_w > 0 ? spacing : 0) + key_dot(k) + gap + text.size(font, e.label).first;

  // The colour bar: "P(class 1)  0 [bar] 1".
  const std::string bar_label = "P(class 1)";
  const double bar_w = std::round(std::max(40.0, 6 * em)), bar_h = std::round(std::max(6.0, 0.7 * em));
  const double bar_total =
      text.size(font, bar_label).first + gap * 2 + text.size(font, "0").first + gap + bar_w + gap + text.size(font, "1").first;

  int right = 0;
  for (const PixelRect& p : l.panels) right = std::max(right, p.right());
  const double x_end = right;
  const double centre = l.heading_centre_x;
  const double row1 = l.heading_top + 0.5 * l.fonts.heading * 1.25 * pt;  // middles of the heading's lines
  const double row2 = l.heading_top + l.fonts.heading * 1.25 * pt + 0.5 * l.fonts.metrics * 1.3 * pt;
  const double clear = 1.5 * em;
  const auto fits = [&](double width, Font line_font, const std::string& line) {
    const double line_right = centre + 0.5 * text.size(line_font, line).first;
    return x_end - width >= line_right + clear && x_end - width >= 0;
  };
  if (!fits(key_w, Font::heading, k.heading_line) || !fits(bar_total, Font::metrics, k.metrics_line)) return false;

  cairo_save(cr);
  double x = x_end - key_w;
  for (const Entry& e : entries) {
    disc(cr, x + 0.5 * key_dot(k), row1, e, k);
    x += key_dot(k) + gap;
    cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
    text.draw(cr, font, e.label, x, row1, {0, 0.5});
    x += text.size(font, e.label).first + spacing;
  }

  x = x_end - bar_total;
  cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
  text.draw(cr, font, bar_label, x, row2, {0, 0.5});
  x += text.size(font, bar_label).first + 2 * gap;
  text.draw(cr, font, "0", x, row2, {0, 0.5});
  x += text.size(font, "0").first + gap;
  // One column per pixel in the regions' colours (what the panels fill with), framed in ink.
  const double top = std::round(row2 - 0.5 * bar_h), left = std::round(x);
  for (int i = 0; i < static_cast<int>(bar_w); ++i) {
    const Rgb c = from_argb(k.palette.region_argb((i + 0.5) / bar_w));
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_rectangle(cr, left + i, top, 1, bar_h);
    cairo_fill(cr);
  }
  cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
  cairo_set_line_width(cr, 1);
  cairo_rectangle(cr, left - 0.5, top - 0.5, bar_w + 1, bar_h + 1);
  cairo_stroke(cr);
  x = left + bar_w + gap;
  text.draw(cr, font, "1", x, row2, {0, 0.5});
  cairo_restore(cr);
  return true;
}

}  // namespace nnviz::render
