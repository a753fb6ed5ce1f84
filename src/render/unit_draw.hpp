#pragma once
// The hidden units' zero level sets in the input panel (--unit-lines: the first layer's lines;
// --unit-contours: deeper layers' contours), each in its unit's colour and labelled with the
// unit's name where it leaves the panel.
#include <cairo.h>

#include <optional>
#include <utility>
#include <vector>

#include "axes.hpp"
#include "boundary_draw.hpp"
#include "nnviz/render/viewport.hpp"
#include "nnviz/scene/scene.hpp"
#include "text.hpp"

namespace nnviz::render {

// The colour of unit `unit` of any layer: eight qualitative colours that are neither class's
// (green, purple, amber, near black, pink, brown, olive, grey), cycled.
const Rgb& unit_colour(int unit);

// The chord of `line` across `view` (its two ends, in data coordinates), if it crosses it.
std::optional<std::pair<Point, Point>> line_chord(const scene::Bounds& view, const scene::Line& line);

struct UnitLevelStyle {
  double width = 2.0;          // pixels: a first-layer line
  double contour_width = 1.5;  // pixels: a deeper unit's contour
  double label_pad = 3.0;    // pixels around a label's white box
  bool lines = true;         // the first layer's lines
  bool contours = false;     // deeper layers' contours
};

void draw_unit_levels(cairo_t* cr, const std::vector<scene::UnitLevel>& levels, const Viewport& vp, Text& text,
                      const UnitLevelStyle& style);

}  // namespace nnviz::render
