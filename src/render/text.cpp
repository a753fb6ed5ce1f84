#include "text.hpp"

#include <cmath>

#include "nnviz/util/error.hpp"

namespace nnviz::render {

namespace {
constexpr std::size_t max_cached_layouts = 512;  // "Epoch N" adds one per frame
}

Text::Text()
    : font_map_(pango_cairo_font_map_new()),
      context_(font_map_ ? pango_font_map_create_context(font_map_.get()) : nullptr) {
  if (!context_) throw Error("Pango: cannot create a font context");
  set_steady_font_options(context_.get());
}

void set_steady_font_options(PangoContext* context) {
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_SLIGHT);
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(context, options);
  cairo_font_options_destroy(options);
}

void Text::set_sizes(const FontSizes& sizes, double pt) {
  const std::array<double, 6> px{sizes.heading * pt, sizes.metrics * pt, sizes.caption * pt,
                                 sizes.title * pt,   sizes.label * pt,   sizes.tick * pt};
  if (px == font_px_ && fonts_[0]) return;
  font_px_ = px;
  cache_.clear();
  for (std::size_t i = 0; i < fonts_.size(); ++i) {
    fonts_[i].reset(pango_font_description_new());
    pango_font_description_set_family(fonts_[i].get(), "DejaVu Sans");
    pango_font_description_set_weight(
        fonts_[i].get(), static_cast<Font>(i) == Font::heading ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fonts_[i].get(), px[i] * PANGO_SCALE);
  }
}

PangoLayout* Text::layout(Font font, const std::string& s) {
  const auto index = static_cast<std::size_t>(font);
  std::string key = std::to_string(index) + '\n' + s;
  auto it = cache_.find(key);
  if (it != cache_.end()) return it->second.get();
  if (cache_.size() >= max_cached_layouts) cache_.clear();
  LayoutPtr l(pango_layout_new(context_.get()));
  pango_layout_set_font_description(l.get(), fonts_[index].get());
  pango_layout_set_text(l.get(), s.c_str(), static_cast<int>(s.size()));
  return cache_.emplace(std::move(key), std::move(l)).first->second.get();
}

std::pair<double, double> Text::size(Font font, const std::string& s) {
  if (s.empty()) return {0.0, 0.0};
  PangoRectangle logical;
  pango_layout_get_extents(layout(font, s), nullptr, &logical);
  return {double(logical.width) / PANGO_SCALE, double(logical.height) / PANGO_SCALE};
}

void Text::draw(cairo_t* cr, Font font, const std::string& s, double x, double y, Anchor anchor,
                double angle) {
  if (s.empty()) return;
  PangoLayout* l = layout(font, s);
  PangoRectangle logical;
  pango_layout_get_extents(l, nullptr, &logical);
  const double w = double(logical.width) / PANGO_SCALE, h = double(logical.height) / PANGO_SCALE;
  cairo_save(cr);
  cairo_translate(cr, x, y);
  if (angle != 0) cairo_rotate(cr, angle);
  cairo_move_to(cr, -double(logical.x) / PANGO_SCALE - anchor.h * w,
                -double(logical.y) / PANGO_SCALE - anchor.v * h);
  pango_cairo_show_layout(cr, l);
  cairo_restore(cr);
}

}  // namespace nnviz::render
