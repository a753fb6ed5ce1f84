// The PCA view of wide layers: the fit, the orientation fit, and continuity over frames whose
// components trade places.
#include "nnviz/scene/projection.hpp"

#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <cmath>
#include <optional>
#include <random>
#include <vector>
#include <algorithm>

namespace {

using nnviz::scene::fit_projection;
using nnviz::scene::Projection;

// n points in `units` dimensions with standard deviation stds[k] along the k-th column of a fixed
// random orthonormal frame (seeded): the principal axes are known.
struct Cloud {
  Eigen::MatrixXd axes;    // (units, units), orthonormal columns
  Eigen::MatrixXd values;  // (n, units)
};

Eigen::MatrixXd random_frame(int units, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> normal;
  Eigen::MatrixXd m(units, units);
  for (int i = 0; i < units; ++i)
    for (int j = 0; j < units; ++j) m(i, j) = normal(gen);
  return Eigen::HouseholderQR<Eigen::MatrixXd>(m).householderQ();
}

Cloud cloud(const Eigen::MatrixXd& axes, const std::vector<double>& stds, int n, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> normal;
  const auto units = static_cast<int>(stds.size());
  Eigen::MatrixXd latent(n, units);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < units; ++k) latent(i, k) = stds[static_cast<std::size_t>(k)] * normal(gen);
  return {axes, latent * axes.transpose()};
}

double column_alignment(const Eigen::VectorXd& a, const Eigen::VectorXd& b) { return std::abs(a.dot(b)); }

TEST(projection, fits_the_top_two_principal_axes_with_their_largest_loading_positive) {
  const Eigen::MatrixXd axes = random_frame(5, 1);
  const Cloud c = cloud(axes, {5, 3, 1, 0.5, 0.2}, 4000, 2);
  const Projection p = fit_projection(c.values);
  ASSERT_EQ(p.basis.rows(), 5);
  ASSERT_EQ(p.basis.cols(), 2);
  EXPECT_GT(column_alignment(p.basis.col(0), axes.col(0)), 0.99);
  EXPECT_GT(column_alignment(p.basis.col(1), axes.col(1)), 0.99);
  for (int k = 0; k < 2; ++k) {
    Eigen::Index arg = 0;
    p.basis.col(k).cwiseAbs().maxCoeff(&arg);
    EXPECT_GT(p.basis(arg, k), 0.0);
  }
  // The projected data are the centred data in that basis.
  const Eigen::MatrixXd shown = p.apply(c.values);
  EXPECT_NEAR(shown.col(0).mean(), 0.0, 1e-9);
  EXPECT_NEAR(std::sqrt(shown.col(0).squaredNorm() / 3999.0), 5.0, 0.25);
}

TEST(projection, closest_orientation_recovers_a_rotation_and_a_reflection) {
  const Eigen::MatrixXd basis = random_frame(6, 3).leftCols(2);
  const double a = 0.7;
  Eigen::Matrix2d rotation;
  rotation << std::cos(a), -std::sin(a), std::sin(a), std::cos(a);
  Eigen::Matrix2d swap_negate;  // the columns swapped, one negated: what eigen-solvers do at a tie
  swap_negate << 0, -1, -1, 0;
  for (const Eigen::Matrix2d& r : {rotation, swap_negate}) {
    const Eigen::Matrix2d found = nnviz::scene::closest_orientation(basis, basis * r);
    EXPECT_LT((found - r).norm(), 1e-12) << found;
  }
}

TEST(projection, a_swapped_and_negated_previous_basis_is_followed) {
  const Eigen::MatrixXd axes = random_frame(4, 4);
  const Cloud c = cloud(axes, {4, 2, 0.5, 0.1}, 2000, 5);
  const Projection alone = fit_projection(c.values);
  Projection previous = alone;
  previous.basis.col(0) = -alone.basis.col(1);
  previous.basis.col(1) = alone.basis.col(0);
  const Projection followed = fit_projection(c.values, &previous);
  EXPECT_LT((followed.basis - previous.basis).norm(), 1e-9);
  // Still the principal plane, still orthonormal.
  EXPECT_LT((followed.basis.transpose() * followed.basis - Eigen::Matrix2d::Identity()).norm(), 1e-12);
}

// The largest jump between consecutive frames of the projected points, as a multiple of the
// median jump: a flip or a swap of the axes shows as a jump far above the steady motion.
double worst_jump(const std::vector<Eigen::MatrixXd>& shown) {
  std::vector<double> jumps;
  for (std::size_t f = 1; f < shown.size(); ++f)
    jumps.push_back((shown[f] - shown[f - 1]).rowwise().norm().mean());
  std::vector<double> sorted = jumps;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(sorted.size() / 2), sorted.end());
  const double median = sorted[sorted.size() / 2];
  return *std::max_element(jumps.begin(), jumps.end()) / median;
}

TEST(projection, frames_whose_components_trade_places_move_continuously_when_chained) {
  // 60 frames: the spread along the first two axes crosses over (3 -> 1 and 1 -> 3) while the
  // frame turns slowly, as a training layer's values do. The points are the same latent sample,
  // so the true motion between frames is small and steady.
  const Eigen::MatrixXd axes = random_frame(5, 6);
  std::mt19937 gen(7);
  std::normal_distribution<double> normal;
  Eigen::MatrixXd latent(500, 5);
  for (Eigen::Index i = 0; i < latent.rows(); ++i)
    for (Eigen::Index k = 0; k < 5; ++k) latent(i, k) = normal(gen);
  std::vector<Eigen::MatrixXd> chained, alone;
  std::optional<Projection> previous;
  for (int f = 0; f < 60; ++f) {
    const double t = f / 59.0;
    Eigen::VectorXd stds(5);
    stds << 3 - 2 * t, 1 + 2 * t, 0.3, 0.2, 0.1;
    const Eigen::MatrixXd values = latent * stds.asDiagonal() * axes.transpose();  // (n, 5)
    const Projection p = fit_projection(values, previous ? &*previous : nullptr);
    chained.push_back(p.apply(values));
    alone.push_back(fit_projection(values).apply(values));
    previous = p;
  }
  // The measure sees the swap when every frame is fitted on its own...
  EXPECT_GT(worst_jump(alone), 8.0);
  // ...and none when each frame follows the one before.
  EXPECT_LT(worst_jump(chained), 3.0);
}

TEST(projection, its_depth_axis_is_the_third_component_oriented_like_the_previous_frames) {
  const Eigen::MatrixXd axes = random_frame(5, 21);
  const Cloud c = cloud(axes, {4.0, 2.0, 1.0, 0.3, 0.1}, 2000, 22);
  const Projection p = fit_projection(c.values);
  ASSERT_EQ(p.depth_axis.size(), 5);
  EXPECT_GT(std::abs(p.depth_axis.dot(axes.col(2))), 0.99);  // the third principal axis
  EXPECT_LT((p.basis.transpose() * p.depth_axis).cwiseAbs().maxCoeff(), 1e-9);  // out of the plane
  EXPECT_EQ(p.depth(c.values).size(), 2000);
  // Given a previous frame whose depth axis points the other way, the fit follows it.
  Projection flipped = p;
  flipped.depth_axis = -p.depth_axis;
  const Projection next = fit_projection(c.values, &flipped);
  EXPECT_GT(next.depth_axis.dot(flipped.depth_axis), 0.99);
}

}  // namespace

// A wide layer (more than 256 units) gets its top components by subspace iteration, on a sample
// of its rows when it has many: the same plane and depth axis as the full eigen-decomposition.
double subspace_gap(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  // The sine of the largest angle between the column spans of a and b (orthonormal columns).
  const Eigen::MatrixXd residual = b - a * (a.transpose() * b);
  return residual.norm();
}

TEST(projection_wide, iterated_components_equal_the_full_decomposition) {
  const int units = 300;
  std::vector<double> stds(units);
  for (int k = 0; k < units; ++k) stds[static_cast<std::size_t>(k)] = 10.0 * std::pow(0.8, k);
  const Eigen::MatrixXd axes = random_frame(units, 7);
  const Cloud c = cloud(axes, stds, 400, 8);
  const Projection p = fit_projection(c.values);
  // The reference: the sample covariance's eigenvectors, as the direct path computes them.
  const Eigen::MatrixXd centred = c.values.rowwise() - c.values.colwise().mean();
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(centred.transpose() * centred / 399.0);
  const Eigen::MatrixXd plane = eig.eigenvectors().rightCols(2);
  EXPECT_LT(subspace_gap(p.basis, plane), 1e-7);
  EXPECT_GT(column_alignment(p.depth_axis, eig.eigenvectors().col(units - 3)), 1 - 1e-9);
  EXPECT_NEAR(p.basis.col(0).norm(), 1.0, 1e-12);
  EXPECT_NEAR(p.basis.col(0).dot(p.basis.col(1)), 0.0, 1e-12);
  for (int k = 0; k < 2; ++k) {
    Eigen::Index arg = 0;
    p.basis.col(k).cwiseAbs().maxCoeff(&arg);
    EXPECT_GT(p.basis(arg, k), 0.0);
  }
  // Followed from a previous frame's (here: mirrored) projection, the plane is the same and the
  // orientation the previous one's.
  Projection mirrored = p;
  mirrored.basis.col(0) = -mirrored.basis.col(0);
  const Projection next = fit_projection(c.values, &mirrored);
  EXPECT_LT(subspace_gap(next.basis, plane), 1e-7);
  EXPECT_GT(next.basis.col(0).dot(mirrored.basis.col(0)), 1 - 1e-9);
  EXPECT_GT(next.basis.col(1).dot(mirrored.basis.col(1)), 1 - 1e-9);
}

TEST(projection_wide, many_rows_are_fitted_on_an_even_sample) {
  const int units = 260;
  std::vector<double> stds(units, 0.01);
  stds[0] = 6;
  stds[1] = 3;
  stds[2] = 1;
  const Eigen::MatrixXd axes = random_frame(units, 11);
  const Cloud c = cloud(axes, stds, 9000, 12);  // more than the 4096 rows a fit looks at
  const Projection p = fit_projection(c.values);
  EXPECT_GT(column_alignment(p.basis.col(0), axes.col(0)), 0.999);
  EXPECT_GT(column_alignment(p.basis.col(1), axes.col(1)), 0.999);
  EXPECT_GT(column_alignment(p.depth_axis, axes.col(2)), 0.99);
  // The mean is every row's, so the projected data are centred.
  EXPECT_LT(p.apply(c.values).colwise().mean().norm(), 1e-9);
}
