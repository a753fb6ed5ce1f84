#pragma once
// The output layer's decision line a*x + b*y + c = 0 in a panel: a light class tint on each
// side (the side where a*x + b*y + c > 0 is predicted class 1) and a dashed line.
#include <cairo.h>

#include <vector>

#include "nnviz/render/palette.hpp"
#include "nnviz/render/viewport.hpp"
#include "nnviz/scene/scene.hpp"

namespace nnviz::render {

struct BoundaryData {
  const scene::Line& line;
  const Palette& palette;
};

struct Point {
  double x, y;
};

// The part of the panel's view (a convex polygon in data coordinates, possibly empty) where
// sign * (a*x + b*y + c) >= 0.
std::vector<Point> clip_half_plane(const scene::Bounds& view, const scene::Line& line, double sign);

// Under the mesh: each half-plane tinted with its class colour at `alpha`.
void draw_boundary_shading(cairo_t* cr, const BoundaryData& data, const Viewport& vp, double alpha);

struct DashedLineStyle {
  Rgb colour;
  double width = 1.5;  // pixels
  double dash = 6, gap = 4;
};
void draw_boundary_line(cairo_t* cr, const BoundaryData& data, const Viewport& vp,
                        const DashedLineStyle& style);

}  // namespace nnviz::render
