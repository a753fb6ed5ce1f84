// The layer morph: the polar path of a 2x2 linear map, the stages' ends, the unit swap, the
// frame counts.
#include "nnviz/scene/morph.hpp"

#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <cmath>

#include "nnviz/util/error.hpp"
#include "nnviz/util/numpy_random.hpp"

namespace nnviz::scene {
namespace {

constexpr double tight = 1e-9;

Eigen::Matrix2d matrix(double a, double b, double c, double d) {
  Eigen::Matrix2d m;
  m << a, b, c, d;
  return m;
}

TEST(morph, polar_decomposition_is_a_rotation_times_a_symmetric_positive_matrix) {
  for (const Eigen::Matrix2d& W : {matrix(1.5, -0.7, 0.4, 2.0), matrix(-2.0, 0.3, 0.1, 0.5), matrix(0.2, 3.0, -1.0, 0.1)}) {
    const PolarDecomposition p = polar_decomposition(W);
    EXPECT_LT((p.U * p.P - W).cwiseAbs().maxCoeff(), tight);
    EXPECT_LT((p.U.transpose() * p.U - Eigen::Matrix2d::Identity()).cwiseAbs().maxCoeff(), tight);
    EXPECT_LT((p.P - p.P.transpose()).cwiseAbs().maxCoeff(), tight);
    const Eigen::Vector2d lambda = Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d>(p.P).eigenvalues();
    EXPECT_GT(lambda.minCoeff(), 0.0);
    // U is a rotation exactly when det W > 0.
    EXPECT_NEAR(p.U.determinant(), W.determinant() > 0 ? 1.0 : -1.0, tight);
  }
}

// det A(t) along the path, sampled finely, and its least value.
double least_determinant(const Eigen::Matrix2d& W) {
  double least = INFINITY;
  for (int k = 0; k <= 1000; ++k) least = std::min(least, linear_path(W, k / 1000.0).determinant());
  return least;
}

TEST(morph, the_linear_path_runs_from_the_identity_to_w_and_its_determinant_stays_away_from_zero) {
  // det W > 0, with a large turn (U close to a half turn) and a strong shear.
  for (const Eigen::Matrix2d& W : {matrix(1.5, -0.7, 0.4, 2.0), matrix(-1.8, 0.2, -0.3, -0.9), matrix(0.3, 4.0, -2.0, 0.2)}) {
    ASSERT_GT(W.determinant(), 0);
    EXPECT_LT((linear_path(W, 0.0) - Eigen::Matrix2d::Identity()).cwiseAbs().maxCoeff(), tight);
    EXPECT_LT((linear_path(W, 1.0) - W).cwiseAbs().maxCoeff(), tight);
    EXPECT_LT((linear_path(W, 1.0 - 1e-12) - W).cwiseAbs().maxCoeff(), 1e-9);  // continuous at the end
    // The bound: det((1 - t) I + t P) >= min(1, lambda_min(P))^2.
    const Eigen::Vector2d lambda =
        Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d>(polar_decomposition(W).P).eigenvalues();
    const double bound = std::pow(std::min(1.0, lambda.minCoeff()), 2);
    EXPECT_GE(least_determinant(W), bound - 1e-12);
    EXPECT_GT(bound, 0.0);
  }
  // det W < 0: no such path (a reflection cannot be reached continuously); swapping the units
  // gives one whose determinant stays positive.
  const Eigen::Matrix2d flip = matrix(0.5, 1.2, 1.0, -0.4);
  ASSERT_LT(flip.determinant(), 0);
  EXPECT_THROW(linear_path(flip, 0.5), Error);
  Eigen::Matrix2d swapped = flip;
  swapped.col(0).swap(swapped.col(1));
  EXPECT_GT(least_determinant(swapped), 0.1);
  EXPECT_LT((linear_path(swapped, 1.0) - swapped).cwiseAbs().maxCoeff(), tight);
}

model::Network network(const std::vector<int>& hidden, const char* activation, std::uint32_t seed) {
  model::Architecture arch;
  arch.hidden = hidden;
  arch.activations.assign(hidden.size(), model::Activation::parse(activation));
  util::NumpyRandom rng(seed);
  model::Network net = model::make_network(arch, rng);
  // Biases that are not zero, so that the bias stage moves.
  for (auto& layer : net.layers)
    for (Eigen::Index j = 0; j < layer.b.size(); ++j) layer.b(j) = 0.3 * std::sin(1.0 + j + layer.W(0, 0));
  return net;
}

Eigen::MatrixXd points() {
  Eigen::MatrixXd X(7, 2);
  X << -2, -1, -1, 0.5, 0, 0, 0.3, -0.2, 1, 1, 2, -1.5, 1.7, 2.2;
  return X;
}

double gap(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) { return (a - b).cwiseAbs().maxCoeff(); }

// The stages' ends, computed here by hand for a network of 2-unit layers.
TEST(morph, each_stage_starts_at_its_input_and_ends_at_its_output) {
  const Eigen::MatrixXd X = points();
  for (const std::uint32_t seed : {1u, 2u, 3u, 4u, 5u, 6u}) {
    const model::Network original = network({2, 2}, "tanh", seed);
    const LayerMorph morph(original, {}, 30);
    const model::Network& net = morph.network().net;
    ASSERT_EQ(morph.stages().size(), 7U);  // 3 per layer, then the decision line
    Eigen::MatrixXd in = X;
    for (int l = 0; l < 2; ++l) {
      const auto& layer = net.layers[static_cast<std::size_t>(l)];
      const Eigen::MatrixXd xw = in * layer.W;
      const Eigen::MatrixXd z = xw.rowwise() + layer.b;
      const Eigen::MatrixXd h = z.array().tanh().matrix();
      const std::size_t s = static_cast<std::size_t>(3 * l);
      EXPECT_LT(gap(morph.positions(X, s, 0.0), in), tight) << "seed " << seed << " layer " << l;
      EXPECT_LT(gap(morph.positions(X, s, 1.0), xw), tight);
      EXPECT_LT(gap(morph.positions(X, s + 1, 0.0), xw), tight);
      EXPECT_LT(gap(morph.positions(X, s + 1, 1.0), z), tight);
      EXPECT_LT(gap(morph.positions(X, s + 2, 0.0), z), tight);
      EXPECT_LT(gap(morph.positions(X, s + 2, 1.0), h), tight);
      // Half-way through the bias and the activation: the formulas' midpoints.
      EXPECT_LT(gap(morph.positions(X, s + 1, 0.5), xw.rowwise() + 0.5 * layer.b), tight);
      EXPECT_LT(gap(morph.positions(X, s + 2, 0.5), 0.5 * (z + h)), tight);
      // The linear map's path: det of the stage's map stays positive (the kernel's, swapped).
      EXPECT_GT(Eigen::Matrix2d(layer.W).determinant(), 0.0);
      in = h;
    }
    EXPECT_LT(gap(morph.positions(X, 6, 0.0), in), tight);
    EXPECT_LT(gap(morph.positions(X, 6, 1.0), in), tight);
    // The swap changes no prediction: the same function.
    EXPECT_LT((model::predict(net, X) - model::predict(original, X)).cwiseAbs().maxCoeff(), 1e-12);
  }
}

TEST(morph, a_kernel_with_negative_determinant_gets_its_units_swapped) {
  model::Network net = network({2}, "tanh", 3);
  Eigen::Matrix2d W = net.layers[0].W;
  if (W.determinant() > 0) {
    net.layers[0].W.col(0).swap(net.layers[0].W.col(1));
    W = net.layers[0].W;
  }
  ASSERT_LT(W.determinant(), 0);
  const LayerMorph morph(net, {}, 30);
  EXPECT_TRUE(morph.network().swapped[0]);
  const auto& m = morph.network().net;
  EXPECT_EQ(m.layers[0].W.col(0), net.layers[0].W.col(1));
  EXPECT_EQ(m.layers[0].b(0), net.layers[0].b(1));
  EXPECT_EQ(m.layers[1].W.row(0), net.layers[1].W.row(1));
  // The axes say so: after the linear map's first half the panel's x axis is unit h1.
  const std::size_t late = morph.stages()[0].frames - 1;
  EXPECT_EQ(morph.axis_names(late), (std::pair<std::string, std::string>{"h1", "h0"}));
  EXPECT_EQ(morph.axis_names(0), (std::pair<std::string, std::string>{"X0", "X1"}));
  // And the path's determinant never crosses zero.
  for (int k = 0; k <= 100; ++k)
    EXPECT_GT(morph.positions(Eigen::Matrix2d::Identity(), 0, k / 100.0).determinant(), 0.0);
}

TEST(morph, wide_layers_move_the_shown_positions_continuously) {
  // 2 -> 5 -> 3 -> 1: every stage's end is the next stage's start, in the panels' projections.
  const model::Network net = network({5, 3}, "relu", 11);
  const Eigen::MatrixXd X = points();
  const LayerMorph morph(net, {}, 30);
  const std::size_t stages = morph.stages().size();
  ASSERT_EQ(stages, 7U);
  EXPECT_LT(gap(morph.positions(X, 0, 0.0), X), tight);
  for (std::size_t s = 0; s + 1 < stages; ++s)
    EXPECT_LT(gap(morph.positions(X, s, 1.0), morph.positions(X, s + 1, 0.0)), tight) << "stage " << s;
  for (std::size_t s = 0; s < stages; ++s) EXPECT_EQ(morph.positions(X, s, 0.3).cols(), 2);
}

TEST(morph, frame_counts_follow_from_seconds_and_fps) {
  // 3 s at 25 fps: 75 frames a layer (30 linear, 15 bias, 30 activation), a fade of 13.
  const auto stages = morph_stages(2, 3 * 25.0);
  ASSERT_EQ(stages.size(), 7U);
  EXPECT_EQ(stages[0].frames, 30U);
  EXPECT_EQ(stages[1].frames, 15U);
  EXPECT_EQ(stages[2].frames, 30U);
  EXPECT_EQ(stages[6].frames, 13U);
  EXPECT_EQ(morph_frame_count(2, 75.0), 2 * 75U + 13U);
  EXPECT_EQ(morph_frame_count(1, 3 * 5.0), 15U + 3U);  // the default 5 fps
  EXPECT_EQ(morph_frame_count(1, 0.5), 3U + 1U);       // at least 3 a layer and 1 to fade
  // Every frame has its stage; t runs up to 1 within each and the first frame is the input.
  const LayerMorph morph(network({2}, "tanh", 1), {}, 15.0);
  ASSERT_EQ(morph.size(), 18U);
  EXPECT_EQ(morph.point(0).stage, 0U);
  EXPECT_DOUBLE_EQ(morph.point(0).t, 0.0);
  EXPECT_DOUBLE_EQ(morph.point(5).t, 1.0);  // the linear map's last of 6
  EXPECT_EQ(morph.point(6).stage, 1U);
  EXPECT_EQ(morph.point(17).stage, 3U);
  EXPECT_DOUBLE_EQ(morph.point(17).t, 1.0);
  EXPECT_THROW((void)morph.point(18), Error);
  EXPECT_EQ(morph.stage_name(0), "linear map");
  EXPECT_EQ(morph.stage_name(10), "tanh");
  EXPECT_EQ(morph.stage_name(17), "decision line");
}

TEST(morph, smoothstep_rests_at_both_ends) {
  EXPECT_EQ(smoothstep(0.0), 0.0);
  EXPECT_EQ(smoothstep(1.0), 1.0);
  EXPECT_DOUBLE_EQ(smoothstep(0.5), 0.5);
  EXPECT_NEAR((smoothstep(1e-6) - smoothstep(0)) / 1e-6, 0.0, 1e-5);  // no jerk at the start
  EXPECT_EQ(smoothstep(-1.0), 0.0);
  EXPECT_EQ(smoothstep(2.0), 1.0);
}

}  // namespace
}  // namespace nnviz::scene
