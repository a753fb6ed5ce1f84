#pragma once
// One axis helper for every panel, seaborn "white" style: a thin dark-grey frame, tick labels
// at 1-2-5 steps without tick marks, axis labels and the panel's title; optionally a second y
// axis on the right, and a legend in the title's place.
#include <string>
#include <vector>

#include "nnviz/render/layout.hpp"
#include "nnviz/render/palette.hpp"
#include "nnviz/render/viewport.hpp"
#include "text.hpp"

namespace nnviz::render {

struct AxesData {
  const std::string& title;
  const std::string& x_label;
  const std::string& y_label;
  const Layout& layout;  // font sizes, pixels per point
  Text& text;
  double x_min_step = 0;            // 1 for epochs: whole-number ticks only
  const Viewport* right = nullptr;  // a second y axis (same rect and x range) on the right
  std::string right_label = {};
};

// Draws outside the plot area (and the frame on its edge), never inside it.
void draw_axes(cairo_t* cr, const AxesData& axes, const Viewport& vp);

// seaborn's ".15" grey, for text and frames.
inline constexpr Rgb ink{0.15, 0.15, 0.15};

struct LegendEntry {
  std::string label;
  Rgb colour;
  bool dashed = false;
};

// The line style of a curve and of its legend sample (widths and dashes in pixels).
void set_curve_style(cairo_t* cr, const LegendEntry& entry, double width, double dash);

// One row of entries (a short line sample, then the label) centred above the plot area, where
// a panel's title goes: it never hides a curve.
void draw_legend(cairo_t* cr, const std::vector<LegendEntry>& entries, const PixelRect& plot, const Layout& layout,
                 Text& text);

}  // namespace nnviz::render
