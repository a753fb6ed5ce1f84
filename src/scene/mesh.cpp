#include "nnviz/scene/mesh.hpp"

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
  return mesh;
}

}  // namespace nnviz::scene
