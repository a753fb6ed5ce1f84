#include "nnviz/scene/mesh.hpp"

#include <cmath>

#include "nnviz/util/error.hpp"

namespace nnviz::scene {

Mesh make_mesh(const Eigen::MatrixXd& X, int resolution) {
  if (X.rows() == 0 || X.cols() != 2) throw Error("internal: the mesh needs (n, 2) data");
  if (resolution < 2) throw Error("internal: the mesh needs at least 2 points per side");
  Mesh mesh;
  mesh.resolution = resolution;
  // np.linspace(min, max, resolution) per column: inclusive at both ends.
  const Eigen::VectorXd xs = Eigen::VectorXd::LinSpaced(resolution, X.col(0).minCoeff(), X.col(0).maxCoeff());
  const Eigen::VectorXd ys = Eigen::VectorXd::LinSpaced(resolution, X.col(1).minCoeff(), X.col(1).maxCoeff());
  mesh.points.resize(static_cast<Eigen::Index>(resolution) * resolution, 2);  // (res^2, 2)
  for (int iy = 0; iy < resolution; ++iy) {
    for (int ix = 0; ix < resolution; ++ix) {
      const Eigen::Index row = static_cast<Eigen::Index>(iy) * resolution + ix;
      mesh.points(row, 0) = xs(ix);
      mesh.points(row, 1) = ys(iy);
    }
  }
  const double dx = (xs(resolution - 1) - xs(0)) / (resolution - 1), dy = (ys(resolution - 1) - ys(0)) / (resolution - 1);
  if (!(dx > 0.0 && dy > 0.0)) return mesh;
  // A 5% margin is 0.05 (resolution - 1) steps; one step more so the image's last cell covers it.
  const int b = static_cast<int>(std::ceil(0.05 * (resolution - 1))) + 1;
  const int ext = resolution + 2 * b;
  mesh.border = b;
  mesh.ring.resize(static_cast<Eigen::Index>(ext) * ext - static_cast<Eigen::Index>(resolution) * resolution, 2);
  Eigen::Index k = 0;
  for (int iy = -b; iy < resolution + b; ++iy) {
    for (int ix = -b; ix < resolution + b; ++ix) {
      if (ix >= 0 && ix < resolution && iy >= 0 && iy < resolution) continue;
      mesh.ring(k, 0) = xs(0) + ix * dx;
      mesh.ring(k, 1) = ys(0) + iy * dy;
      ++k;
    }
  }
  return mesh;
}

}  // namespace nnviz::scene
