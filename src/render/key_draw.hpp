#pragma once
// The figure's key, right-aligned in the heading band: what the dot colours mean (class 0,
// class 1, held out) on the heading's line, and a colour bar of the regions' colours for the
// predicted probability P(class 1) on the metrics line.
#include <string>

#include "nnviz/render/layout.hpp"
#include "nnviz/render/palette.hpp"
#include "text.hpp"

namespace nnviz::render {

struct KeyData {
  const Layout& layout;
  const Palette& palette;
  Text& text;
  double dot_diameter;  // pixels, as the data points are drawn
  double edge_width;    // their white edge
  double ring_width;    // a held-out point's ring
  bool held_out;        // the figure shows held-out (hollow) points
  // The heading's lines (centred on Layout::heading_centre_x), which the key must not touch.
  std::string heading_line, metrics_line;
};

// Draws the key when it fits beside the heading's lines (at least a gap of 1.5 em from them),
// right-aligned with the rightmost panel; returns false (drawing nothing) when it does not.
bool draw_key(cairo_t* cr, const KeyData& key);

}  // namespace nnviz::render
