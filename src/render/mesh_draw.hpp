#pragma once
// The mesh of one panel, three ways: a smooth probability image (the input panel's regular
// grid), filled warped cells (a layer's image of the grid), or the notebook's translucent dots.
// Plus the warped grid lines drawn over the cells.
#include <Eigen/Core>

#include "nnviz/render/palette.hpp"
#include "nnviz/render/viewport.hpp"
#include "mesh_fill.hpp"
#include "sprite.hpp"

namespace nnviz::render {

// Borrowed from a Scene: mesh point (ix, iy) is row iy * resolution + ix of `points` (n, 2),
// in the panel's data coordinates; prob(row) is its predicted P(class 1).
struct MeshData {
  const Eigen::MatrixXd& points;
  const Eigen::VectorXd& prob;
  int resolution;
  const Palette& palette;
  // The input panel's image over the mesh's grid extended by `border` steps per side
  // (scene::Scene::image_prob); null: the mesh's box only.
  const Eigen::VectorXd* image = nullptr;
  int border = 0;
  // Per mesh point, its depth out of the panel's plane (scene::MeshPanel::mesh_depth); null or
  // empty: none (cells in row order).
  const Eigen::VectorXd* depth = nullptr;
};

// For the input panel, whose mesh is an axis-aligned grid: each pixel inside the grid's box
// gets the bilinearly interpolated probability's colour (the extended grid's, when given, so the
// regions reach the panel's frame). Pixels outside stay as they are.
void draw_probability_image(cairo_t* cr, const MeshData& mesh, const Viewport& vp);

// Every cell (the quad between 4 neighbouring mesh points) filled as two triangles with the
// probability interpolated across it; with depths, far cells first (a painter's algorithm: where
// a layer folds the mesh over itself, the near sheet covers the far one, as a fold in paper
// does, instead of the two sheets' cells alternating in row order as saw teeth). Where a layer collapses cells to lines or points (ReLU),
// the mesh points themselves still show as single pixels.
void draw_mesh_cells(cairo_t* cr, const MeshData& mesh, const Viewport& vp);

struct GridLineStyle {
  int every = 10;  // mesh rows/columns between lines; the last row/column is always drawn
  Rgb colour;
  double alpha = 0.3;
  double width = 0.6;  // pixels
};
// The mesh's rows and columns (every `style.every`-th), as mapped into this panel.
void draw_mesh_grid(cairo_t* cr, const MeshData& mesh, const Viewport& vp, const GridLineStyle& style);

// The notebook's look: one translucent dot per mesh point (`dot` is used as a mask), in order.
void draw_mesh_dots(cairo_t* cr, const MeshData& mesh, const Viewport& vp, const Sprite& dot,
                    double alpha);

}  // namespace nnviz::render
