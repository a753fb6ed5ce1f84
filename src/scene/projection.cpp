#include "nnviz/scene/projection.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>
#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <cstdint>

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

namespace {

// Layers up to this many units get the covariance's full eigen-decomposition (a 256x256 solve
// takes milliseconds); wider ones the top components alone, by subspace iteration.
constexpr Eigen::Index kDirectUnits = 256;
// The rows a wide layer's components are fitted on: every k-th point past this many.
constexpr Eigen::Index kSampleRows = 4096;
constexpr Eigen::Index kBlock = 12;       // the iterated subspace: the 3 components and 9 guards
constexpr int kMaxIterations = 400;
constexpr double kTolerance = 1e-10;  // a Ritz pair's residual, relative to the largest eigenvalue

// A fixed, machine-independent start for the iteration's columns that have no previous frame.
double start_value(Eigen::Index row, Eigen::Index col) {
  std::uint64_t x = static_cast<std::uint64_t>(row) * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(col + 1) * 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 31;
  x *= 0x94D049BB133111EBULL;
  x ^= x >> 29;
  return static_cast<double>(x >> 11) / 9007199254740992.0 - 0.5;
}

// The covariance's top three eigenvectors (units, 3), largest first, of the rows of `centred`
// (n, units) over `dof`, by block subspace iteration with a Rayleigh-Ritz step: for wide layers,
// where the full decomposition of a 1024x1024 covariance takes seconds. Starts from the
// previous frame's components when given (the video's next frame: a few iterations), stops when
// every one of the three has converged (residual under kTolerance of the largest eigenvalue).
Eigen::MatrixXd top_components_iterated(const Eigen::MatrixXd& centred, double dof, const Projection* previous) {
  const Eigen::Index units = centred.cols();
  const Eigen::Index block = std::min(kBlock, units);
  Eigen::MatrixXd q(units, block);
  for (Eigen::Index c = 0; c < block; ++c)
    for (Eigen::Index r = 0; r < units; ++r) q(r, c) = start_value(r, c);
  if (previous != nullptr && previous->basis.rows() == units && previous->depth_axis.size() == units) {
    q.col(0) = previous->basis.col(0);
    q.col(1) = previous->basis.col(1);
    q.col(2) = previous->depth_axis;
  }
  Eigen::MatrixXd top(units, 3);
  for (int it = 0; it < kMaxIterations; ++it) {
    q = Eigen::HouseholderQR<Eigen::MatrixXd>(q).householderQ() * Eigen::MatrixXd::Identity(units, block);
    const Eigen::MatrixXd cq = centred * q;                    // (n, block)
    const Eigen::MatrixXd aq = centred.transpose() * cq / dof;  // (units, block): cov q
    const Eigen::MatrixXd t = q.transpose() * aq;                // (block, block)
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> ritz(0.5 * (t + t.transpose()));
    const Eigen::Index k = ritz.eigenvalues().size();
    Eigen::MatrixXd s(block, 3);
    for (int j = 0; j < 3; ++j) s.col(j) = ritz.eigenvectors().col(k - 1 - j);
    top = q * s;
    // Residuals of the three Ritz pairs: cov v - theta v = (cov q) s - theta q s.
    const double scale = std::max(std::abs(ritz.eigenvalues()(k - 1)), 1e-300);
    bool converged = true;
    for (int j = 0; j < 3 && converged; ++j) {
      const double theta = ritz.eigenvalues()(k - 1 - j);
      converged = (aq * s.col(j) - theta * top.col(j)).norm() <= kTolerance * scale;
    }
    if (converged) break;
    q = aq;  // the next power of the covariance on the subspace
  }
  return top;
}

}  // namespace

Components principal_components(const Eigen::MatrixXd& values, const Projection* previous) {
  const Eigen::Index units = values.cols();
  Components c;
  c.mean = values.colwise().mean();
  if (units <= kDirectUnits) {
    const Eigen::MatrixXd centred = values.rowwise() - c.mean;  // (n, units)
    const double dof = std::max<double>(1.0, static_cast<double>(values.rows() - 1));
    const Eigen::MatrixXd cov = centred.transpose() * centred / dof;  // (units, units)
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
    // Eigenvalues come in increasing order: the last columns are the top components.
    c.top.resize(units, std::min<Eigen::Index>(units, 3));
    for (Eigen::Index k = 0; k < c.top.cols(); ++k) c.top.col(k) = eig.eigenvectors().col(units - 1 - k);
    return c;
  }
  // A wide layer: its components from a sample of its rows (every k-th), centred on their mean.
  const Eigen::Index step = (values.rows() + kSampleRows - 1) / kSampleRows;
  const Eigen::Index n = (values.rows() + step - 1) / step;
  Eigen::MatrixXd centred(n, units);
  for (Eigen::Index i = 0; i < n; ++i) centred.row(i) = values.row(i * step);
  const Eigen::RowVectorXd mean = centred.colwise().mean();
  centred.rowwise() -= mean;
  c.top = top_components_iterated(centred, std::max<double>(1.0, static_cast<double>(n - 1)), previous);
  return c;
}

bool components_need_previous(Eigen::Index units) { return units > kDirectUnits; }

Projection orient(Components c, const Projection* previous) {
  const Eigen::Index units = c.top.rows();
  Projection p;
  p.mean = std::move(c.mean);
  const Eigen::MatrixXd& top = c.top;
  p.basis.resize(units, 2);
  p.basis.col(0) = top.col(0);
  p.basis.col(1) = top.col(1);
  // (Callers project only layers of three units and more; fewer have no third component.)
  if (units >= 3) {
    p.depth_axis = top.col(2);
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
  for (int k = 0; k < 2; ++k) {
    Eigen::Index arg = 0;
    p.basis.col(k).cwiseAbs().maxCoeff(&arg);
    if (p.basis(arg, k) < 0) p.basis.col(k) = -p.basis.col(k);
  }
  return p;
}

Projection fit_projection(const Eigen::MatrixXd& values, const Projection* previous) {
  return orient(principal_components(values, previous), previous);
}

}  // namespace nnviz::scene
