// The mesh pass (pictures): chunks of rows on threads, each layer's values handed to a visitor.
// Reassembled, they are forward()'s values (double) or within float rounding of them (float),
// whatever the number of threads; and the float product (gemm_f32, the AVX2 build where the
// processor has it) is the product.
#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <utility>

#include "gemm_f32.hpp"
#include "nnviz/model/mesh_pass.hpp"
#include "nnviz/model/network.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/numpy_random.hpp"

namespace {

using nnviz::model::Network;

Network wide_network(int units, unsigned seed) {
  nnviz::util::NumpyRandom rng(seed);
  nnviz::model::Architecture arch;
  arch.hidden = {units, units / 2, 3};
  arch.activations = {nnviz::model::Activation::parse("tanh"), nnviz::model::Activation::parse("relu"),
                      nnviz::model::Activation::parse("sigmoid")};
  Network net = nnviz::model::make_network(arch, rng);
  for (auto& layer : net.layers) layer.b.setConstant(0.1);  // biases in play
  return net;
}

Eigen::MatrixXd grid_points(Eigen::Index n) {
  Eigen::MatrixXd p(n, 2);
  for (Eigen::Index i = 0; i < n; ++i) p.row(i) << -3.0 + 6.0 * static_cast<double>(i % 97) / 96.0, 2.0 - 0.001 * i;
  return p;
}

// Every layer's pre and post values reassembled from the visitor's chunks.
template <typename Scalar>
std::pair<std::vector<Eigen::MatrixXd>, std::vector<Eigen::MatrixXd>> reassemble(const Network& net,
                                                                                  const Eigen::MatrixXd& points,
                                                                                  int threads, std::size_t* calls) {
  std::vector<Eigen::MatrixXd> pre, post;
  for (const auto& layer : net.layers) {
    pre.emplace_back(Eigen::MatrixXd::Constant(points.rows(), layer.W.cols(), std::nan("")));
    post.emplace_back(Eigen::MatrixXd::Constant(points.rows(), layer.W.cols(), std::nan("")));
  }
  std::mutex lock;
  std::set<std::pair<int, Eigen::Index>> seen;
  const auto visit = [&](int layer, Eigen::Index first, const Eigen::Matrix<Scalar, -1, -1>& z,
                         const Eigen::Matrix<Scalar, -1, -1>& a) {
    pre[static_cast<std::size_t>(layer)].middleRows(first, z.rows()) = z.template cast<double>();
    post[static_cast<std::size_t>(layer)].middleRows(first, a.rows()) = a.template cast<double>();
    const std::lock_guard<std::mutex> guard(lock);
    EXPECT_TRUE(seen.emplace(layer, first).second) << "layer " << layer << " rows from " << first << " twice";
  };
  if constexpr (std::is_same_v<Scalar, float>) {
    nnviz::model::stream_forward_float(net, points, visit, threads);
  } else {
    nnviz::model::stream_forward(net, points, visit, threads);
  }
  *calls = seen.size();
  return {pre, post};
}

TEST(mesh_pass, chunks_reassemble_into_the_forward_pass_on_any_number_of_threads) {
  const Network net = wide_network(300, 5);
  const Eigen::Index chunk = nnviz::model::pass_chunk_rows(net);
  const Eigen::MatrixXd points = grid_points(3 * chunk + 17);  // a last, shorter chunk
  const nnviz::model::ForwardPass expected = nnviz::model::forward(net, points);
  for (const int threads : {1, 2, 3}) {
    std::size_t calls = 0;
    const auto [pre, post] = reassemble<double>(net, points, threads, &calls);
    EXPECT_EQ(calls, 4 * net.layers.size()) << threads << " threads";
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
      EXPECT_LT((pre[l] - expected.pre[l]).cwiseAbs().maxCoeff(), 1e-12) << "layer " << l;
      EXPECT_LT((post[l] - expected.post[l]).cwiseAbs().maxCoeff(), 1e-12) << "layer " << l;
    }
    std::size_t fcalls = 0;
    const auto [fpre, fpost] = reassemble<float>(net, points, threads, &fcalls);
    EXPECT_EQ(fcalls, calls);
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
      const double scale = std::max(1.0, expected.pre[l].cwiseAbs().maxCoeff());
      EXPECT_LT((fpre[l] - expected.pre[l]).cwiseAbs().maxCoeff() / scale, 2e-5) << "layer " << l;
      EXPECT_LT((fpost[l] - expected.post[l]).cwiseAbs().maxCoeff() / scale, 2e-5) << "layer " << l;
    }
  }
}

TEST(mesh_pass, the_float_pass_gives_the_same_bits_whatever_the_threads) {
  const Network net = wide_network(200, 6);
  const Eigen::MatrixXd points = grid_points(2 * nnviz::model::pass_chunk_rows(net) + 5);
  std::size_t calls = 0;
  const auto one = reassemble<float>(net, points, 1, &calls);
  const auto two = reassemble<float>(net, points, 2, &calls);
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    EXPECT_EQ(one.first[l], two.first[l]) << "layer " << l;
    EXPECT_EQ(one.second[l], two.second[l]) << "layer " << l;
  }
}

TEST(mesh_pass, a_visitors_error_reaches_the_caller) {
  const Network net = wide_network(200, 7);
  const Eigen::MatrixXd points = grid_points(4 * nnviz::model::pass_chunk_rows(net));
  const auto visit = [](int layer, Eigen::Index first, const Eigen::MatrixXf&, const Eigen::MatrixXf&) {
    if (layer == 1 && first > 0) throw nnviz::Error("stop");
  };
  EXPECT_THROW(nnviz::model::stream_forward_float(net, points, visit, 2), nnviz::Error);
  EXPECT_THROW(nnviz::model::stream_forward_float(net, Eigen::MatrixXd::Zero(5, 3), visit, 1), nnviz::Error);
}

TEST(gemm_f32, is_the_product_for_every_shape) {
  nnviz::util::NumpyRandom rng(9);
  for (const auto& [m, k, n] : std::vector<std::tuple<int, int, int>>{{1, 1, 1}, {7, 2, 3}, {513, 300, 65}, {40, 1024, 1}}) {
    Eigen::MatrixXd a(m, k), b(k, n);
    for (Eigen::Index i = 0; i < a.size(); ++i) a.data()[i] = rng.random_sample() - 0.5;
    for (Eigen::Index i = 0; i < b.size(); ++i) b.data()[i] = rng.random_sample() - 0.5;
    Eigen::MatrixXf c;
    nnviz::model::gemm_f32(a.cast<float>(), b.cast<float>(), c);
    ASSERT_EQ(c.rows(), m);
    ASSERT_EQ(c.cols(), n);
    const Eigen::MatrixXd exact = a * b;
    EXPECT_LT((c.cast<double>() - exact).cwiseAbs().maxCoeff(), 1e-5 * std::sqrt(static_cast<double>(k)))
        << m << "x" << k << "x" << n;
  }
}

}  // namespace

namespace {

// Narrow products (the notebook's 2-2-1, an 8-unit layer) keep the baseline build's arithmetic:
// their frames are the same bits on every processor.
TEST(gemm_f32, narrow_products_are_the_baseline_products_bit_for_bit) {
  nnviz::util::NumpyRandom rng(10);
  for (const int k : {1, 2, 8, 31}) {
    Eigen::MatrixXf a(4000, k), b(k, 9);
    for (Eigen::Index i = 0; i < a.size(); ++i) a.data()[i] = static_cast<float>(rng.random_sample() - 0.5);
    for (Eigen::Index i = 0; i < b.size(); ++i) b.data()[i] = static_cast<float>(rng.random_sample() - 0.5);
    Eigen::MatrixXf c;
    nnviz::model::gemm_f32(a, b, c);
    const Eigen::MatrixXf baseline = a * b;
    EXPECT_EQ(c, baseline) << "inner dimension " << k;
  }
}

}  // namespace
