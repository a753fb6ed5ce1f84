#pragma once
// The 2-D view of a layer wider than two units: the plane of its top two principal components
// on the data points, oriented in each frame like the previous frame's, so that a video's
// projection moves with the network and never flips or swaps its axes on its own.
#include <Eigen/Core>
#include <vector>

namespace nnviz::scene {

// x -> (x - mean) basis: a layer's values (n, units) to the panel's coordinates (n, 2).
struct Projection {
  Eigen::RowVectorXd mean;  // (units)
  Eigen::MatrixXd basis;    // (units, 2), orthonormal columns
  // (units): the third principal component, the direction out of the panel's plane, oriented
  // like the previous frame's (else its largest loading positive). The renderer draws a folded
  // mesh's cells in its order (a painter's algorithm), so a fold reads as a sheet over a sheet.
  Eigen::VectorXd depth_axis;
  [[nodiscard]] Eigen::MatrixXd apply(const Eigen::MatrixXd& values) const;
  // (n): each row's coordinate along depth_axis.
  [[nodiscard]] Eigen::VectorXd depth(const Eigen::MatrixXd& values) const;
};

// The top-two principal components of `values` (n, units), units > 2, fitted on its rows.
// Without `previous` (a run's first frame, a lone scene) each component's sign makes its largest
// loading positive. With `previous` (the same layer's projection one frame earlier) the basis is
// turned and/or mirrored within the principal plane to lie closest to the previous basis (the
// orthogonal Procrustes fit, `closest_orientation`): an eigen-solver's arbitrary sign, or two
// components trading places when their variances cross, does not show in the picture, while
// every real motion of the data within the plane still does.
Projection fit_projection(const Eigen::MatrixXd& values, const Projection* previous = nullptr);

// fit_projection in two steps: a layer's principal components (its mean and top three
// components, largest first, with arbitrary signs), then their orientation like `previous`'s.
// The first step of a layer of up to 256 units (the covariance's full eigen-decomposition) does
// not depend on the previous frame, so a run's frames can be fitted in parallel and oriented in
// order after (run_scenes.cpp); a wider layer's (subspace iteration, on a sample of at most 4096
// rows) starts from `previous`'s components.
struct Components {
  Eigen::RowVectorXd mean;  // (units)
  Eigen::MatrixXd top;      // (units, min(units, 3))
};
Components principal_components(const Eigen::MatrixXd& values, const Projection* previous = nullptr);
Projection orient(Components components, const Projection* previous);
// Whether principal_components of a layer of `units` reads its `previous`.
bool components_need_previous(Eigen::Index units);

// The 2x2 orthogonal R (a rotation or a reflection) that brings `basis` (units, 2) closest to
// `previous` (units, 2) in the Frobenius norm: argmax tr((basis R)^T previous) = U V^T for the
// SVD basis^T previous = U S V^T.
Eigen::Matrix2d closest_orientation(const Eigen::MatrixXd& basis, const Eigen::MatrixXd& previous);

}  // namespace nnviz::scene
