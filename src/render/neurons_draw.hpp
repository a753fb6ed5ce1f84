#pragma once
// A neurons panel (scene::NeuronsPanel): one small picture per hidden unit of a layer, its output
// over the input plane coloured by value (a diverging map about 0, or a sequential one from the
// activation's floor), the data dots small on top, each titled h<layer>[<unit>]; a colour bar
// with the map's range under them.
#include <cairo.h>

#include <string>
#include <vector>

#include "nnviz/render/layout.hpp"
#include "nnviz/render/palette.hpp"
#include "nnviz/render/viewport.hpp"
#include "nnviz/scene/scene.hpp"
#include "points_draw.hpp"
#include "text.hpp"

namespace nnviz::render {

// The colour of `value` in the panel's map: diverging purple (low) - white (0) - green (high),
// or sequential white (low) - dark green (high). Values outside [low, high] take the end colour;
// NaN a light grey.
Rgb neuron_colour(const scene::NeuronsPanel& panel, double value);

// Where each of `count` pictures goes in `area`: a grid of equal pictures of width/height
// `aspect`, as large as fits with `title_height` above each and `gap` between them, centred.
std::vector<PixelRect> neuron_cells(const PixelRect& area, int count, double aspect, double title_height, double gap);

// Where a neurons panel's parts go in its plot area `cell`: each unit's picture and the input
// plane it shows (the mesh's extent: the pictures are all mesh), the colour bar.
struct NeuronsGeometry {
  std::vector<PixelRect> pictures;  // one per shown unit (fewer when the cell has no room)
  scene::Bounds plane;              // what each picture shows, in input coordinates
  double bar_x = 0, bar_y = 0, bar_width = 0, bar_height = 0;
};
NeuronsGeometry neurons_geometry(const scene::NeuronsPanel& panel, const PixelRect& cell, const Layout& layout);

struct NeuronsDraw {
  const scene::NeuronsPanel& panel;
  int layer = 0;                       // 0-based, for the titles ("h1[0]")
  const std::string& title;            // the panel's
  const Eigen::VectorXd& labels;       // the data's classes
  const std::vector<bool>& held_out;
  const DotSprites& dots;              // small dots for the pictures
  const Layout& layout;
  Text& text;
};

// Draws the panel in `cell` (its plot area; the title above it, as a mesh panel's).
void draw_neurons(cairo_t* cr, const NeuronsDraw& d, const PixelRect& cell);

}  // namespace nnviz::render
