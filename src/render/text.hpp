#pragma once
// Pango text in "DejaVu Sans": shaped layouts are cached by (font, string) and reused from
// frame to frame (tick labels and titles rarely change).
#include <array>
#include <string>
#include <unordered_map>
#include <utility>

#include "cairo_handles.hpp"
#include "nnviz/render/layout.hpp"

namespace nnviz::render {

enum class Font { heading, metrics, caption, title, label, tick };

// Which point of the text's logical box sits at the given position: 0 = left/top,
// 0.5 = centre, 1 = right/bottom.
// Grey antialiasing, no metric hinting: text looks the same wherever it lands on the pixel
// grid, so labels do not wobble from frame to frame. Every Pango context of render uses it.
void set_steady_font_options(PangoContext* context);

struct Anchor {
  double h = 0, v = 0;
};

class Text {
 public:
  Text();  // a private font map (no state shared with other renderers/threads)

  // Font sizes in points times pixels per point; drops the cache when they change.
  void set_sizes(const FontSizes& sizes, double pt);

  // Draws `s` in the current source colour with `anchor` at (x, y) (device pixels), the text
  // turned by `angle` radians (-pi/2: reading upwards, for y axis labels).
  void draw(cairo_t* cr, Font font, const std::string& s, double x, double y, Anchor anchor,
            double angle = 0) ;

  // The logical size of `s` in pixels (width, height), unturned.
  std::pair<double, double> size(Font font, const std::string& s);

 private:
  PangoLayout* layout(Font font, const std::string& s);

  FontMapPtr font_map_;
  PangoContextPtr context_;
  std::array<FontDescriptionPtr, 6> fonts_;
  std::array<double, 6> font_px_{};
  std::unordered_map<std::string, LayoutPtr> cache_;  // key: font index, '\n', text
};

}  // namespace nnviz::render
