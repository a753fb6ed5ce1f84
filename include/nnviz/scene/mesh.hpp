#pragma once
// The notebook's 200x200 grid over the data's bounding box.
#include <Eigen/Core>

namespace nnviz::scene {

struct Mesh {
  int resolution = 200;
  // (resolution^2, 2): point (ix, iy) is row iy * resolution + ix; X0 grows with ix, X1 with iy.
  // Inclusive linspace over [min, max] of each data column (np.meshgrid(np.linspace(...))).
  Eigen::MatrixXd points;
  // The same grid extended by `border` steps on every side, as far as a panel's 5% margin
  // (axes.hpp: padded) reaches: `ring` holds the (resolution + 2 border)^2 - resolution^2
  // points of the extension that are not mesh points, in the extended grid's row order. Only
  // the input panel's probability image uses them (Scene::image_prob), so that its regions fill
  // the panel to its frame. border 0 (no ring) when a data column has no extent.
  int border = 0;
  Eigen::MatrixXd ring;
  [[nodiscard]] int image_resolution() const { return resolution + 2 * border; }
};

Mesh make_mesh(const Eigen::MatrixXd& X, int resolution = 200);

}  // namespace nnviz::scene
