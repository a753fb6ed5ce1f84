#pragma once
// One axis helper for every panel, seaborn "white" style: a thin dark-grey frame, tick labels
// at 1-2-5 steps without tick marks, axis labels and the panel's title.
#include <string>

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
};

// Draws outside the plot area (and the frame on its edge), never inside it.
void draw_axes(cairo_t* cr, const AxesData& axes, const Viewport& vp);

// seaborn's ".15" grey, for text and frames.
inline constexpr Rgb ink{0.15, 0.15, 0.15};

}  // namespace nnviz::render
