#include "nnviz/render/annotate.hpp"

#include <cmath>
#include <string>
#include <unordered_map>

#include "cairo_handles.hpp"
#include "key_draw.hpp"
#include "nnviz/render/layout.hpp"
#include "nnviz/render/palette.hpp"
#include "text.hpp"
#include "nnviz/util/error.hpp"

namespace nnviz::render {

namespace {
constexpr std::size_t max_cached_layouts = 1024;  // headers stay; figures change every frame
}

struct TextPainter::Impl {
  FontMapPtr font_map{pango_cairo_font_map_new()};
  PangoContextPtr context{font_map ? pango_font_map_create_context(font_map.get()) : nullptr};
  std::unordered_map<std::string, LayoutPtr> cache;  // key: size, weight, text
  // The surface wraps the frame last drawn into; rebuilt when its buffer moves.
  SurfacePtr surface;
  CairoPtr cr;
  const std::uint8_t* bound = nullptr;
  std::unique_ptr<Text> key_text;  // the key's text, made on first use

  Impl() {
    if (!context) throw Error("Pango: cannot create a font context");
    set_steady_font_options(context.get());
  }

  PangoLayout* layout(const std::string& text, const TextStyle& style) {
    std::string key = std::to_string(std::lround(style.size_px * 64)) + (style.bold ? "b\n" : "n\n") + text;
    auto it = cache.find(key);
    if (it != cache.end()) return it->second.get();
    if (cache.size() >= max_cached_layouts) cache.clear();
    FontDescriptionPtr font(pango_font_description_new());
    pango_font_description_set_family(font.get(), "DejaVu Sans");
    pango_font_description_set_weight(font.get(), style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(font.get(), style.size_px * PANGO_SCALE);
    LayoutPtr l(pango_layout_new(context.get()));
    pango_layout_set_font_description(l.get(), font.get());
    pango_layout_set_text(l.get(), text.c_str(), static_cast<int>(text.size()));
    return cache.emplace(std::move(key), std::move(l)).first->second.get();
  }

  void bind(util::Frame& frame) {
    if (cr && bound == frame.pixels.data()) return;
    cr.reset();
    surface = make_surface_for_data(frame.pixels.data(), frame.width, frame.height, frame.stride);
    cr = make_context(surface.get());
    bound = frame.pixels.data();
  }
};

TextPainter::TextPainter() : impl_(std::make_unique<Impl>()) {}
TextPainter::~TextPainter() = default;

std::pair<double, double> TextPainter::size(const std::string& text, const TextStyle& style) {
  if (text.empty()) return {0.0, 0.0};
  PangoRectangle logical;
  pango_layout_get_extents(impl_->layout(text, style), nullptr, &logical);
  return {double(logical.width) / PANGO_SCALE, double(logical.height) / PANGO_SCALE};
}

void TextPainter::draw(util::Frame& frame, const std::string& text, const TextStyle& style, double x, double y,
                       double h, double v) {
  if (text.empty() || frame.width < 1 || frame.height < 1) return;
  impl_->bind(frame);
  cairo_t* cr = impl_->cr.get();
  PangoLayout* l = impl_->layout(text, style);
  PangoRectangle logical;
  pango_layout_get_extents(l, nullptr, &logical);
  const double w = double(logical.width) / PANGO_SCALE, ht = double(logical.height) / PANGO_SCALE;
  const std::uint32_t c = style.argb;
  cairo_set_source_rgba(cr, ((c >> 16) & 0xFF) / 255.0, ((c >> 8) & 0xFF) / 255.0, (c & 0xFF) / 255.0,
                        ((c >> 24) & 0xFF) / 255.0);
  cairo_move_to(cr, x - double(logical.x) / PANGO_SCALE - h * w, y - double(logical.y) / PANGO_SCALE - v * ht);
  pango_cairo_show_layout(cr, l);
  cairo_surface_flush(impl_->surface.get());
  check_cairo(cairo_status(cr), "drawing text");
}

bool TextPainter::draw_key(util::Frame& frame, const std::string& palette, bool held_out, double size_px, double right,
                           double row1, double row2, double left1, double left2) {
  if (frame.width < 1 || frame.height < 1 || !(size_px > 0)) return false;
  const Palette& colours = palette_by_name(palette);
  impl_->bind(frame);
  if (!impl_->key_text) impl_->key_text = std::make_unique<Text>();
  const FontSizes sizes;
  impl_->key_text->set_sizes(sizes, size_px / sizes.label);
  // The dots at about the size of the text's, their edges in the panels' proportions.
  const double dot = 0.6 * size_px;
  const KeyPlace place{right, row1, row2, left1, left2, size_px, dot, dot * 0.11, dot * 0.24};
  cairo_t* cr = impl_->cr.get();
  const bool drawn = render::draw_key(cr, *impl_->key_text, colours, held_out, place);
  cairo_surface_flush(impl_->surface.get());
  check_cairo(cairo_status(cr), "drawing the key");
  return drawn;
}

}  // namespace nnviz::render
