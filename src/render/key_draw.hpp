#pragma once
// The figure's key: what the dot colours mean (class 0, class 1, held out) on one line, and a
// colour bar of the regions' colours for the predicted probability P(class 1) on the next,
// right-aligned. The renderer puts it in a figure's heading band, a comparison canvas in its own.
#include <string>

#include "nnviz/render/layout.hpp"
#include "nnviz/render/palette.hpp"
#include "text.hpp"

namespace nnviz::render {

// Where the key goes, in pixels.
struct KeyPlace {
  double right;            // its right end
  double row1, row2;       // the middles of its two lines
  double left1, left2;     // it may not reach left of these on either line (the text it must clear)
  double em;               // the size of its text (`text`'s Font::label)
  double dot_diameter;     // the dots as the panels draw them (at least about half the text)
  double edge_width, ring_width;
};

// Draws the key when it fits right of left1/left2 (and inside x >= 0); returns false, drawing
// nothing, when it does not.
bool draw_key(cairo_t* cr, Text& text, const Palette& palette, bool held_out, const KeyPlace& place);

// The place in a figure's heading band: right-aligned with the rightmost panel, clear of the
// centred heading lines by 1.5 em.
KeyPlace heading_key_place(const Layout& layout, Text& text, const std::string& heading_line,
                           const std::string& metrics_line, double dot_diameter, double edge_width, double ring_width);

}  // namespace nnviz::render
