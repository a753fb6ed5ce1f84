#pragma once
// The notebook's 200x200 grid over the data's bounding box.
#include <Eigen/Core>

namespace nnviz::scene {

struct Mesh {
  int resolution = 200;
  // (resolution^2, 2): point (ix, iy) is row iy * resolution + ix; X0 grows with ix, X1 with iy.
  // Inclusive linspace over [min, max] of each data column (np.meshgrid(np.linspace(...))).
  Eigen::MatrixXd points;
};

Mesh make_mesh(const Eigen::MatrixXd& X, int resolution = 200);

}  // namespace nnviz::scene
