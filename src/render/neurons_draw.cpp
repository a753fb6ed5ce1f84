#include "neurons_draw.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>

#include "axes.hpp"

namespace nnviz::render {
namespace {

Rgb hex(std::uint32_t v) { return {((v >> 16) & 0xFF) / 255.0, ((v >> 8) & 0xFF) / 255.0, (v & 0xFF) / 255.0}; }

// ColorBrewer's PRGn and Greens (5 classes), interpolated linearly between stops.
const std::array<Rgb, 5>& diverging_stops() {
  static const std::array<Rgb, 5> s{hex(0x762a83), hex(0xaf8dc3), hex(0xf7f7f7), hex(0x7fbf7b), hex(0x1b7837)};
  return s;
}
const std::array<Rgb, 5>& sequential_stops() {
  static const std::array<Rgb, 5> s{hex(0xf7fcf5), hex(0xc7e9c0), hex(0x74c476), hex(0x238b45), hex(0x00441b)};
  return s;
}

Rgb along(const std::array<Rgb, 5>& stops, double u) {
  u = std::clamp(u, 0.0, 1.0) * 4.0;
  const int i = std::min(3, static_cast<int>(u));
  const double f = u - i;
  const Rgb& a = stops[static_cast<std::size_t>(i)];
  const Rgb& b = stops[static_cast<std::size_t>(i) + 1];
  return {a.r + f * (b.r - a.r), a.g + f * (b.g - a.g), a.b + f * (b.b - a.b)};
}

std::uint32_t argb(const Rgb& c) {
  const auto byte = [](double v) { return static_cast<std::uint32_t>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0)); };
  return 0xFF000000u | byte(c.r) << 16 | byte(c.g) << 8 | byte(c.b);
}

std::string short_number(double v) {
  char buffer[32];
  if (v == 0) return "0";
  std::snprintf(buffer, sizeof buffer, "%.2g", v);
  std::string s = buffer;
  // A typographic minus, as the axes' tick labels have.
  if (!s.empty() && s[0] == '-') s = "\u2212" + s.substr(1);
  return s;
}

}  // namespace

Rgb neuron_colour(const scene::NeuronsPanel& p, double v) {
  if (std::isnan(v)) return {0.85, 0.85, 0.85};
  if (p.diverging) {
    const double m = std::max(std::abs(p.low), std::abs(p.high));
    return along(diverging_stops(), m > 0 ? 0.5 + 0.5 * v / m : 0.5);
  }
  const double span = p.high - p.low;
  return along(sequential_stops(), span > 0 ? (v - p.low) / span : 0.0);
}

std::vector<PixelRect> neuron_cells(const PixelRect& area, int count, double aspect, double title_height, double gap) {
  std::vector<PixelRect> out;
  if (count <= 0 || area.width <= 0 || area.height <= 0) return out;
  aspect = std::clamp(aspect, 0.5, 2.0);
  double best_w = 0;
  int best_columns = 1;
  for (int columns = 1; columns <= count; ++columns) {
    const int rows = (count + columns - 1) / columns;
    const double w = (area.width - (columns - 1) * gap) / columns;
    const double h = (area.height - rows * title_height - (rows - 1) * gap) / rows;
    const double fit_w = std::min(w, h * aspect);
    if (fit_w > best_w) {
      best_w = fit_w;
      best_columns = columns;
    }
  }
  if (best_w < 4) return out;  // no room for pictures
  const int columns = best_columns, rows = (count + columns - 1) / columns;
  const double w = std::floor(best_w), h = std::floor(best_w / aspect);
  const double grid_w = columns * w + (columns - 1) * gap;
  const double grid_h = rows * (h + title_height) + (rows - 1) * gap;
  const double x0 = area.x + 0.5 * (area.width - grid_w), y0 = area.y + 0.5 * (area.height - grid_h);
  for (int k = 0; k < count; ++k) {
    const int r = k / columns, c = k % columns;
    out.push_back({static_cast<int>(std::lround(x0 + c * (w + gap))),
                   static_cast<int>(std::lround(y0 + r * (h + title_height + gap) + title_height)),
                   static_cast<int>(w), static_cast<int>(h)});
  }
  return out;
}

NeuronsGeometry neurons_geometry(const scene::NeuronsPanel& p, const PixelRect& cell, const Layout& layout) {
  NeuronsGeometry g;
  const double pt = layout.text_pt;
  const FontSizes& f = layout.fonts;
  const Eigen::Index n = p.grid.rows();
  if (n < 4 || p.grid.cols() != 2) return g;
  g.plane = {p.grid.col(0).minCoeff(), p.grid.col(0).maxCoeff(), p.grid.col(1).minCoeff(), p.grid.col(1).maxCoeff()};
  // The colour bar's band at the bottom: the bar, its labels under it.
  g.bar_height = std::max(4.0, 0.7 * f.tick * pt);
  const double bar_band = g.bar_height + 1.6 * f.tick * pt + 4 * pt;
  const double title_h = 1.4 * f.tick * pt;
  const double gap = std::max(3.0, 4 * pt);
  const PixelRect area{cell.x, cell.y, cell.width, static_cast<int>(cell.height - bar_band)};
  const double aspect = g.plane.height() > 0 ? g.plane.width() / g.plane.height() : 1.0;
  g.pictures = neuron_cells(area, static_cast<int>(p.values.cols()), aspect, title_h, gap);
  g.bar_width = std::min(0.8 * cell.width, std::max(120 * pt, 0.45 * cell.width));
  g.bar_x = cell.x + 0.5 * (cell.width - g.bar_width);
  g.bar_y = cell.y + cell.height - bar_band + 2 * pt;
  return g;
}

void draw_neurons(cairo_t* cr, const NeuronsDraw& d, const PixelRect& cell) {
  const scene::NeuronsPanel& p = d.panel;
  const double pt = d.layout.text_pt;
  const FontSizes& f = d.layout.fonts;
  const int res = static_cast<int>(std::lround(std::sqrt(static_cast<double>(p.grid.rows()))));
  const auto shown = static_cast<int>(p.values.cols());
  // The panel's title where a mesh panel has its own.
  cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
  d.text.draw(cr, Font::title, d.title, cell.x + 0.5 * cell.width, cell.y - 5 * pt, {0.5, 1});
  if (res < 2 || p.grid.rows() != static_cast<Eigen::Index>(res) * res || shown == 0) return;
  const NeuronsGeometry g = neurons_geometry(p, cell, d.layout);
  const std::vector<PixelRect>& cells = g.pictures;
  const scene::Bounds& view = g.plane;
  const double gap = std::max(3.0, 4 * pt);
  // The pictures' names, h1[3]; where the longest would touch its neighbour's, every picture is
  // named by its unit's number alone (the block's title names the layer); a number that does not
  // fit either is left out.
  const auto unit_name = [&](std::size_t k) { return "h" + std::to_string(d.layer + 1) + "[" + std::to_string(k) + "]"; };
  const double room = cells.empty() ? 0.0 : cells.front().width + 0.5 * gap;
  const bool full_names = !cells.empty() && d.text.size(Font::tick, unit_name(cells.size() - 1)).first <= room;

  // Each unit's picture: its values on the mesh's grid as an image (one pixel per grid point,
  // y up), scaled onto the view with bilinear filtering.
  const double gx0 = p.grid(0, 0), gx1 = p.grid(res - 1, 0);
  const double gy0 = p.grid(0, 1), gy1 = p.grid(static_cast<Eigen::Index>(res - 1) * res, 1);
  const double step_x = (gx1 - gx0) / (res - 1), step_y = (gy1 - gy0) / (res - 1);
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> image(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, res, res), &cairo_surface_destroy);
  const int stride = cairo_image_surface_get_stride(image.get());
  for (std::size_t k = 0; k < cells.size(); ++k) {
    const PixelRect& r = cells[k];
    cairo_surface_flush(image.get());
    unsigned char* pixels = cairo_image_surface_get_data(image.get());
    for (int iy = 0; iy < res; ++iy) {
      auto* row = reinterpret_cast<std::uint32_t*>(pixels + static_cast<std::ptrdiff_t>(res - 1 - iy) * stride);
      for (int ix = 0; ix < res; ++ix)
        row[ix] = argb(neuron_colour(p, p.values(static_cast<Eigen::Index>(iy) * res + ix, static_cast<Eigen::Index>(k))));
    }
    cairo_surface_mark_dirty(image.get());
    const Viewport vp(r, view);
    cairo_save(cr);
    cairo_rectangle(cr, r.x, r.y, r.width, r.height);
    cairo_clip(cr);
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);  // outside the mesh (none inside the view's padding)
    cairo_paint(cr);
    // Image pixel (i, j) (j from the top) has its centre at grid point (gx0 + i step_x, gy1 - j step_y).
    cairo_translate(cr, vp.px(gx0 - 0.5 * step_x), vp.py(gy1 + 0.5 * step_y));
    cairo_scale(cr, step_x * vp.scale_x(), step_y * vp.scale_y());
    cairo_set_source_surface(cr, image.get(), 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_BILINEAR);
    cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD);
    cairo_rectangle(cr, 0, 0, res, res);
    cairo_fill(cr);
    cairo_restore(cr);
    draw_data_points(cr, {p.data, d.labels, d.held_out, d.dots, nullptr}, vp);
    // Its frame and title.
    cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
    cairo_set_line_width(cr, std::max(1.0, 0.6 * d.layout.pt));
    cairo_rectangle(cr, r.x + 0.5, r.y + 0.5, r.width - 1, r.height - 1);
    cairo_stroke(cr);
    const std::string name = full_names ? unit_name(k) : std::to_string(k);
    if (d.text.size(Font::tick, name).first <= room)
      d.text.draw(cr, Font::tick, name, r.x + 0.5 * r.width, r.y - 0.15 * f.tick * pt, {0.5, 1});
  }

  // The colour bar: the map from low to high, labelled at its ends (and 0 in a diverging map).
  const double bx = g.bar_x, by = g.bar_y, bar_w = g.bar_width, bar_h = g.bar_height;
  const int steps = 64;
  for (int i = 0; i < steps; ++i) {
    const Rgb c = neuron_colour(p, p.low + (p.high - p.low) * (i + 0.5) / steps);
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_rectangle(cr, bx + bar_w * i / steps, by, bar_w / steps + 0.5, bar_h);
    cairo_fill(cr);
  }
  cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
  cairo_set_line_width(cr, 1.0);
  cairo_rectangle(cr, std::round(bx) + 0.5, std::round(by) + 0.5, std::round(bar_w) - 1, std::round(bar_h) - 1);
  cairo_stroke(cr);
  const double ly = by + bar_h + 1.5 * pt;
  d.text.draw(cr, Font::tick, short_number(p.low), bx, ly, {0.5, 0});
  const std::string high = short_number(p.high);
  d.text.draw(cr, Font::tick, high, bx + bar_w, ly, {0.5, 0});
  if (p.diverging && p.low < 0 && p.high > 0) d.text.draw(cr, Font::tick, "0", bx + bar_w * (-p.low) / (p.high - p.low), ly, {0.5, 0});
  // The units left out, at the bar's right where they clear its label (the block's title says
  // it too: "the first 64 of 100").
  if (shown < p.units) {
    const std::string more = "+" + std::to_string(p.units - shown) + " more";
    const double more_w = d.text.size(Font::tick, more).first;
    const double bar_label_end = bx + bar_w + 0.5 * d.text.size(Font::tick, high).first;
    if (cell.x + cell.width - more_w >= bar_label_end + gap) d.text.draw(cr, Font::tick, more, cell.x + cell.width, ly, {1, 0});
  }
}

}  // namespace nnviz::render
