#include "stats_draw.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "axes.hpp"
#include "cairo_handles.hpp"
#include "nnviz/render/ticks.hpp"
#include "nnviz/scene/stats.hpp"

namespace nnviz::render {
namespace {

// The bins' greys: a lone value light but clearly off white, the fullest bin near black.
constexpr Rgb bin_light{0.80, 0.80, 0.80};
constexpr Rgb bin_dark{0.07, 0.07, 0.07};
// The fraction lines, one per hidden layer: dark first, lighter and dashed after.
constexpr Rgb fraction_greys[] = {{0.15, 0.15, 0.15}, {0.50, 0.50, 0.50}, {0.32, 0.32, 0.32}, {0.65, 0.65, 0.65}};
// The fraction strip's y range: [0, 1] with room for a line at 0 or 1 and its marker.
constexpr double fraction_margin = 0.1;

// A strip's name; short when the strip is barely a line of text high (it covers less of it).
const char* quantity_label(int q, bool short_name) {
  switch (q) {
    case 0: return "weights";
    case 1: return short_name ? "pre-act." : "pre-activations";
    default: return short_name ? "grads" : "gradients";
  }
}

// "0.53", "2.4", "120", "4.2e\u22123": the magnitude of a strip's range, short.
std::string magnitude_text(double m) {
  char buf[32];
  if (m >= 10) {
    std::snprintf(buf, sizeof buf, "%.0f", m);
  } else if (m >= 0.01) {
    std::snprintf(buf, sizeof buf, "%.2g", m);
  } else {
    const int e = static_cast<int>(std::floor(std::log10(m)));
    double mant = m / std::pow(10.0, e);
    std::snprintf(buf, sizeof buf, "%.1fe\u2212%d", mant, -e);
  }
  return buf;
}

constexpr const char* minus = "\u2212";

// Where snapshot i's column starts and ends on the epoch axis: halfway to its neighbours, the
// first and last half a gap out; all of the run's snapshots, so a column never moves.
struct Columns {
  std::vector<double> x, lo, hi;
  // The snapshot whose column holds epoch position `at`, or -1.
  [[nodiscard]] long find(double at) const {
    const auto it = std::upper_bound(hi.begin(), hi.end(), at);
    if (it == hi.end()) return -1;
    const auto i = static_cast<long>(it - hi.begin());
    return at >= lo[static_cast<std::size_t>(i)] ? i : -1;
  }
};

Columns columns_of(const scene::RunStats& s) {
  Columns c;
  for (const scene::FrameStats& f : s.frames)
    c.x.push_back(s.steps_per_epoch > 0 ? static_cast<double>(f.metrics.step) / s.steps_per_epoch : f.metrics.epoch);
  const std::size_t n = c.x.size();
  if (n == 0) return c;
  const double first_half = n > 1 ? 0.5 * (c.x[1] - c.x[0]) : 0.5;
  const double last_half = n > 1 ? 0.5 * (c.x[n - 1] - c.x[n - 2]) : 0.5;
  for (std::size_t i = 0; i < n; ++i) {
    c.lo.push_back(i == 0 ? c.x[0] - first_half : 0.5 * (c.x[i - 1] + c.x[i]));
    c.hi.push_back(i + 1 == n ? c.x[n - 1] + last_half : 0.5 * (c.x[i] + c.x[i + 1]));
  }
  return c;
}

void frame_rect(cairo_t* cr, const PixelRect& r, const Layout& layout) {
  const double w = std::max(1.0, std::round(1.0 * layout.pt));
  const double inset = std::fmod(w, 2.0) == 1.0 ? 0.5 : 0.0;
  cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
  cairo_set_dash(cr, nullptr, 0, 0);
  cairo_new_path(cr);
  cairo_rectangle(cr, r.x - inset, r.y - inset, r.width + 2 * inset, r.height + 2 * inset);
  cairo_set_line_width(cr, w);
  cairo_stroke(cr);
}

// A label in the strip's top right corner, on a light box so it reads over dark bins: the strip
// grows from the left, so the label covers no epoch until the last frames reach it, and early
// training (where most happens) stays in view.
void corner_label(cairo_t* cr, Text& text, const std::string& label, const PixelRect& r, double pt) {
  const auto [w, h] = text.size(Font::tick, label);
  const double pad = 2.5 * pt;
  const double left = r.right() - 1 - (w + 2 * pad);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.75);
  cairo_rectangle(cr, left, r.y + 1, w + 2 * pad, std::min<double>(h + 0.6 * pad, r.height - 2));
  cairo_fill(cr);
  cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
  text.draw(cr, Font::tick, label, left + pad, r.y + 1 + 0.3 * pad, {0, 0});
}

// The value labels left of a strip: its top and bottom values when there is room for both, else
// one centred label.
void range_labels(cairo_t* cr, Text& text, const std::string& top, const std::string& bottom, const std::string& both,
                  const PixelRect& r, double tick_h, double pad) {
  cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
  if (r.height >= 3.0 * tick_h) {
    text.draw(cr, Font::tick, top, r.x - pad, r.y, {1, 0});
    text.draw(cr, Font::tick, bottom, r.x - pad, r.bottom(), {1, 1});
  } else {
    text.draw(cr, Font::tick, both, r.x - pad, r.y + 0.5 * r.height, {1, 0.5});
  }
}

void heat_strip(cairo_t* cr, const scene::RunStats& s, const Columns& cols, std::size_t frame, std::size_t layer,
                scene::StatQuantity q, const PixelRect& r, const Viewport& epochs) {
  const int bins = s.layers[layer].bins[static_cast<std::size_t>(q)].count;
  if (r.width <= 0 || r.height <= 0 || bins <= 0) return;
  SurfacePtr image(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, r.width, bins));
  check_cairo(cairo_surface_status(image.get()), "the stats panel's strip");
  cairo_surface_flush(image.get());
  unsigned char* data = cairo_image_surface_get_data(image.get());
  const int stride = cairo_image_surface_get_stride(image.get());
  const double max_log = s.max_log_count(layer, q);
  for (int c = 0; c < r.width; ++c) {
    const long i = cols.find(epochs.data_x(r.x + c + 0.5));
    for (int b = 0; b < bins; ++b) {
      std::uint32_t px = 0;  // transparent: the panel's white
      if (i >= 0 && static_cast<std::size_t>(i) <= frame) {
        const std::int64_t n =
            s.frames[static_cast<std::size_t>(i)].counts[layer][static_cast<std::size_t>(q)][static_cast<std::size_t>(b)];
        if (n > 0) px = to_argb(stats_bin_colour(static_cast<double>(n), max_log));
      }
      // Row 0 is the top: the highest bin.
      auto* row = reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(bins - 1 - b) * stride);
      row[c] = px;
    }
  }
  cairo_surface_mark_dirty(image.get());
  cairo_save(cr);
  cairo_rectangle(cr, r.x, r.y, r.width, r.height);
  cairo_clip(cr);
  cairo_translate(cr, r.x, r.y);
  cairo_scale(cr, 1.0, static_cast<double>(r.height) / bins);
  cairo_set_source_surface(cr, image.get(), 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
  cairo_paint(cr);
  cairo_restore(cr);
}

void fraction_lines(cairo_t* cr, const scene::RunStats& s, const Columns& cols, std::size_t frame, const PixelRect& r,
                    const Viewport& vp, const StatsStyle& style) {
  cairo_save(cr);
  cairo_rectangle(cr, r.x, r.y, r.width, r.height);
  cairo_clip(cr);
  // Faint guides at 0 and 1.
  cairo_set_source_rgba(cr, ink.r, ink.g, ink.b, 0.18);
  cairo_set_line_width(cr, 1);
  for (double y : {0.0, 1.0}) {
    const double py = std::round(vp.py(y)) + 0.5;
    cairo_move_to(cr, r.x, py);
    cairo_line_to(cr, r.right(), py);
  }
  cairo_stroke(cr);
  int drawn = 0;
  for (int l = 0; l < s.hidden_layers; ++l) {
    if (s.layers[static_cast<std::size_t>(l)].fraction == scene::UnitFraction::none) continue;
    const Rgb& colour = fraction_greys[drawn % 4];
    set_curve_style(cr, {"", colour, drawn % 2 == 1}, style.line_width, 2.5 * style.line_width);
    cairo_new_path(cr);
    bool open = false;
    for (std::size_t i = 0; i <= frame && i < s.frames.size(); ++i) {
      const std::optional<double>& f = s.frames[i].fractions[static_cast<std::size_t>(l)];
      if (!f) {
        open = false;
        continue;
      }
      const double x = vp.px(cols.x[i]), y = vp.py(*f);
      if (!open) cairo_move_to(cr, x, y);
      cairo_line_to(cr, x, y);
      open = true;
    }
    cairo_stroke(cr);
    if (frame < s.frames.size())
      if (const std::optional<double>& f = s.frames[frame].fractions[static_cast<std::size_t>(l)]) {
        cairo_new_path(cr);
        cairo_arc(cr, vp.px(cols.x[frame]), vp.py(*f), 0.5 * style.marker, 0, 2 * M_PI);
        cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_dash(cr, nullptr, 0, 0);
        cairo_set_line_width(cr, 0.15 * style.marker);
        cairo_stroke(cr);
      }
    ++drawn;
  }
  cairo_restore(cr);
}

// The heading of the fraction strip: what it counts, and which line is which layer's.
std::vector<LegendEntry> fraction_entries(const scene::RunStats& s, std::string& heading) {
  std::vector<LegendEntry> entries;
  bool dead = false, saturated = false;
  int drawn = 0;
  for (int l = 0; l < s.hidden_layers; ++l) {
    const scene::LayerBins& lb = s.layers[static_cast<std::size_t>(l)];
    if (lb.fraction == scene::UnitFraction::none) continue;
    dead |= lb.fraction == scene::UnitFraction::dead;
    saturated |= lb.fraction == scene::UnitFraction::saturated;
    entries.push_back({"hidden " + std::to_string(l + 1), fraction_greys[drawn % 4], drawn % 2 == 1});
    ++drawn;
  }
  heading = dead && saturated ? "Dead or saturated units" : dead ? "Dead units (never active)"
                                                                 : "Saturated units (on most points)";
  return entries;
}

}  // namespace

Rgb stats_bin_colour(double count, double max_log) {
  if (!(count > 0)) return {1, 1, 1};
  const double t = max_log > 0 ? std::clamp(std::log1p(count) / max_log, 0.0, 1.0) : 1.0;
  return {bin_light.r + t * (bin_dark.r - bin_light.r), bin_light.g + t * (bin_dark.g - bin_light.g),
          bin_light.b + t * (bin_dark.b - bin_light.b)};
}

std::vector<StatsStrip> stats_strips(const PixelRect& plot, int hidden_layers, bool fractions, const Layout& layout,
                                     Text& text) {
  const double pt = layout.text_pt;
  const int header = static_cast<int>(std::ceil(text.size(Font::label, "Ag").second + 1.5 * pt));
  const int gap = std::max(3, static_cast<int>(std::lround(4.0 * pt)));
  const int group_gap = std::max(3, static_cast<int>(std::lround(4.0 * pt)));
  const int groups = hidden_layers + (fractions ? 1 : 0);
  const int strips = 3 * hidden_layers + (fractions ? 1 : 0);
  const int fixed = groups * header + (groups - 1) * group_gap + hidden_layers * 2 * gap;
  const int strip_h = std::max(4, (plot.height - fixed) / std::max(1, strips));
  std::vector<StatsStrip> out;
  int y = plot.y;
  for (int l = 0; l < hidden_layers; ++l) {
    if (l > 0) y += group_gap;
    y += header;
    for (int q = 0; q < 3; ++q) {
      if (q > 0) y += gap;
      out.push_back({{plot.x, y, plot.width, strip_h}, l, q});
      y += strip_h;
    }
  }
  if (fractions) {
    if (hidden_layers > 0) y += group_gap;
    y += header;
    out.push_back({{plot.x, y, plot.width, strip_h}, -1, -1});
  }
  return out;
}

void draw_stats_panel(cairo_t* cr, const scene::Panel& panel, const scene::StatsPanel& content, const PixelRect& plot,
                      const scene::Bounds& view, const Layout& layout, Text& text, const StatsStyle& style) {
  if (!content.stats) return;
  const scene::RunStats& s = *content.stats;
  const double pt = layout.text_pt;
  const FontSizes& f = layout.fonts;
  const bool fractions = std::any_of(s.layers.begin(), s.layers.begin() + std::min<std::size_t>(s.layers.size(), s.hidden_layers),
                                     [](const scene::LayerBins& lb) { return lb.fraction != scene::UnitFraction::none; });
  const std::vector<StatsStrip> strips = stats_strips(plot, s.hidden_layers, fractions, layout, text);
  const Columns cols = columns_of(s);
  const Viewport epochs(plot, {view.xmin, view.xmax, 0, 1});
  const double tick_h = text.size(Font::tick, "Ag").second;
  const double label_h = text.size(Font::label, "Ag").second;
  const double frame_w = std::max(1.0, std::round(1.0 * layout.pt));
  const double pad = 3.5 * pt + frame_w;
  const std::size_t frame = std::min(content.frame, s.frames.empty() ? 0 : s.frames.size() - 1);

  cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
  text.draw(cr, Font::title, panel.title, plot.x + 0.5 * plot.width, plot.y - 5 * pt, {0.5, 1});

  int bottom = plot.y;
  for (const StatsStrip& strip : strips) {
    const PixelRect& r = strip.rect;
    bottom = std::max(bottom, r.bottom());
    if (strip.layer >= 0) {
      const auto l = static_cast<std::size_t>(strip.layer);
      const auto q = static_cast<scene::StatQuantity>(strip.quantity);
      if (strip.quantity == 0) {
        cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
        const std::string heading = "Hidden layer " + std::to_string(strip.layer + 1) + " (" + s.layers[l].activation + ")";
        text.draw(cr, Font::label, heading, r.x, r.y - 0.5 * pt, {0, 1});
      }
      heat_strip(cr, s, cols, frame, l, q, r, epochs);
      // The zero line: the bins are symmetric about it.
      cairo_set_source_rgba(cr, ink.r, ink.g, ink.b, 0.25);
      cairo_set_line_width(cr, 1);
      cairo_set_dash(cr, nullptr, 0, 0);
      const double zero = std::round(r.y + 0.5 * r.height) + 0.5;
      cairo_move_to(cr, r.x, zero);
      cairo_line_to(cr, r.right(), zero);
      cairo_stroke(cr);
      frame_rect(cr, r, layout);
      const std::string m = magnitude_text(s.layers[l].bins[static_cast<std::size_t>(q)].high);
      range_labels(cr, text, m, minus + m, "\u00b1" + m, r, tick_h, pad);
      corner_label(cr, text, quantity_label(strip.quantity, r.height < 2.0 * tick_h), r, pt);
    } else {
      std::string heading;
      const std::vector<LegendEntry> entries = fraction_entries(s, heading);
      cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
      const double base = r.y - 0.5 * pt;
      text.draw(cr, Font::label, heading, r.x, base, {0, 1});
      // The lines' key after the heading, when there is more than one line and room for it.
      if (entries.size() > 1) {
        double x = r.x + text.size(Font::label, heading).first + 10 * pt;
        const double sample = 14 * pt, spacing = 8 * pt;
        double total = 0;
        for (const LegendEntry& e : entries) total += sample + 3 * pt + text.size(Font::tick, e.label).first + spacing;
        if (x + total - spacing <= r.right()) {
          const double mid = base - 0.5 * label_h;
          for (const LegendEntry& e : entries) {
            set_curve_style(cr, e, style.line_width, 2.5 * style.line_width);
            cairo_new_path(cr);
            cairo_move_to(cr, x, mid);
            cairo_line_to(cr, x + sample, mid);
            cairo_stroke(cr);
            x += sample + 3 * pt;
            cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
            text.draw(cr, Font::tick, e.label, x, mid, {0, 0.5});
            x += text.size(Font::tick, e.label).first + spacing;
          }
        }
      }
      const Viewport vp(r, {view.xmin, view.xmax, -fraction_margin, 1 + fraction_margin});
      fraction_lines(cr, s, cols, frame, r, vp, style);
      frame_rect(cr, r, layout);
      cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
      if (r.height >= 2.2 * tick_h) {
        text.draw(cr, Font::tick, "1", r.x - pad, vp.py(1), {1, 0.5});
        text.draw(cr, Font::tick, "0", r.x - pad, vp.py(0), {1, 0.5});
      } else {
        text.draw(cr, Font::tick, "0\u20131", r.x - pad, r.y + 0.5 * r.height, {1, 0.5});
      }
    }
  }

  // The epoch axis under the last strip, as draw_axes draws a panel's.
  cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
  const int max_x = std::max(3, static_cast<int>(plot.width / (60 * pt)) + 1);
  const Ticks tx = nice_ticks(view.xmin, view.xmax, max_x, 1);
  for (std::size_t i = 0; i < tx.values.size(); ++i)
    text.draw(cr, Font::tick, tx.labels[i], epochs.px(tx.values[i]), bottom + pad, {0.5, 0});
  text.draw(cr, Font::label, panel.x_label, plot.x + 0.5 * plot.width, bottom + pad + f.tick * 1.3 * pt + 2 * pt, {0.5, 0});
}

}  // namespace nnviz::render
