#include "nnviz/scene/projection.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>
#include <algorithm>

namespace nnviz::scene {

Eigen::MatrixXd Projection::apply(const Eigen::MatrixXd& values) const {
  return (values.rowwise() - mean) * basis;  // (n, units) (units, 2) -> (n, 2)
}

Eigen::VectorXd Projection::depth(const Eigen::MatrixXd& values) const {
  if (depth_axis.size() != values.cols() || mean.size() != values.cols()) return {};
  return (values.rowwise() - mean) * depth_axis;  // (n, units) (units) -> (n)
}

Eigen::Matrix2d closest_orientation(const Eigen::MatrixXd& basis, const Eigen::MatrixXd& previous) {
  const Eigen::Matrix2d m = basis.transpose() * previous;  // (2, units) (units, 2)
  const Eigen::JacobiSVD<Eigen::Matrix2d> svd(m, Eigen::ComputeFullU | Eigen::ComputeFullV);
  return svd.matrixU() * svd.matrixV().transpose();
}

Projection fit_projection(const Eigen::MatrixXd& values, const Projection* previous) {
  const Eigen::Index units = values.cols();
  Projection p;
  p.mean = values.colwise().mean();
  const Eigen::MatrixXd centred = values.rowwise() - p.mean;  // (n, units)
  const double dof = std::max<double>(1.0, static_cast<double>(values.rows() - 1));
  const Eigen::MatrixXd cov = centred.transpose() * centred / dof;  // (units, units)
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
  // Eigenvalues come in increasing order: the last two columns are the top components.
  p.basis.resize(units, 2);
  p.basis.col(0) = eig.eigenvectors().col(units - 1);
  p.basis.col(1) = eig.eigenvectors().col(units - 2);
  // (Callers project only layers of three units and more; fewer have no third component.)
  if (units >= 3) {
    p.depth_axis = eig.eigenvectors().col(units - 3);
    if (previous != nullptr && previous->depth_axis.size() == units) {
      if (p.depth_axis.dot(previous->depth_axis) < 0) p.depth_axis = -p.depth_axis;
    } else {
      Eigen::Index arg = 0;
      p.depth_axis.cwiseAbs().maxCoeff(&arg);
      if (p.depth_axis(arg) < 0) p.depth_axis = -p.depth_axis;
    }
  }
  if (previous != nullptr && previous->basis.rows() == units && previous->basis.cols() == 2) {
    const Eigen::Matrix2d r = closest_orientation(p.basis, previous->basis);
    p.basis = p.basis * r;  // (units, 2) (2, 2): the same plane, the previous frame's orientation
    return p;
  }
  for (int c = 0; c < 2; ++c) {
    Eigen::Index arg = 0;
    p.basis.col(c).cwiseAbs().maxCoeff(&arg);
    if (p.basis(arg, c) < 0) p.basis.col(c) = -p.basis.col(c);
  }
  return p;
}

}  // namespace nnviz::scene
