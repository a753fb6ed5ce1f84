#include "nnviz/model/network.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "gradient_check.hpp"
#include "nnviz/model/loss.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/numpy_random.hpp"

namespace {

using nnviz::model::Activation;
using nnviz::model::Architecture;
using nnviz::model::Init;
using nnviz::model::Network;
using nnviz::util::NumpyRandom;

Architecture architecture(std::vector<int> hidden, std::vector<std::string> activations, Init init = Init::glorot_uniform) {
  Architecture arch;
  arch.hidden = std::move(hidden);
  for (const std::string& name : activations) arch.activations.push_back(Activation::parse(name));
  arch.init = init;
  return arch;
}

// Blob-like points and labels from a fixed seed.
void sample(NumpyRandom& rng, int n, Eigen::MatrixXd& X, Eigen::VectorXd& y) {
  X.resize(n, 2);  // (n, 2)
  y.resize(n);     // (n)
  for (int i = 0; i < n; ++i) {
    y(i) = i % 2;
    X(i, 0) = rng.normal(y(i) == 1 ? 0.5 : -0.5, 0.7);
    X(i, 1) = rng.normal(y(i) == 1 ? -0.3 : 0.4, 0.7);
  }
}

double total_loss(const Network& net, const Eigen::MatrixXd& X, const Eigen::VectorXd& y, double l2) {
  return nnviz::model::bce_from_logits(nnviz::model::forward(net, X).logits(), y) + nnviz::model::l2_penalty(net, l2);
}

// Every parameter's analytic gradient against a central difference of the total loss.
void expect_gradients_match(Network net, const Eigen::MatrixXd& X, const Eigen::VectorXd& y, double l2) {
  const nnviz::model::ForwardPass pass = nnviz::model::forward(net, X);
  const nnviz::model::Gradients grads = nnviz::model::backward(net, pass, X, y, l2);
  ASSERT_EQ(grads.dW.size(), net.layers.size());
  double worst = 0.0;
  for (std::size_t k = 0; k < net.layers.size(); ++k) {
    ASSERT_EQ(grads.dW[k].rows(), net.layers[k].W.rows());
    ASSERT_EQ(grads.dW[k].cols(), net.layers[k].W.cols());
    ASSERT_EQ(grads.db[k].size(), net.layers[k].b.size());
    for (Eigen::Index i = 0; i < net.layers[k].W.size(); ++i) {
      double& w = net.layers[k].W.data()[i];
      const double saved = w;
      const double numeric = nnviz::test::central_difference(
          [&](double v) {
            w = v;
            return total_loss(net, X, y, l2);
          },
          saved);
      w = saved;
      const double error = nnviz::test::relative_error(grads.dW[k].data()[i], numeric);
      worst = std::max(worst, error);
      EXPECT_LT(error, 1e-6) << "layer " << k << " W[" << i << "] analytic " << grads.dW[k].data()[i] << " numeric " << numeric;
    }
    for (Eigen::Index i = 0; i < net.layers[k].b.size(); ++i) {
      double& b = net.layers[k].b(i);
      const double saved = b;
      const double numeric = nnviz::test::central_difference(
          [&](double v) {
            b = v;
            return total_loss(net, X, y, l2);
          },
          saved);
      b = saved;
      const double error = nnviz::test::relative_error(grads.db[k](i), numeric);
      worst = std::max(worst, error);
      EXPECT_LT(error, 1e-6) << "layer " << k << " b[" << i << "] analytic " << grads.db[k](i) << " numeric " << numeric;
    }
  }
  ::testing::Test::RecordProperty("worst_relative_error", std::to_string(worst));
}

// Non-zero biases so that no layer sits at a symmetric point.
void perturb_biases(Network& net, NumpyRandom& rng) {
  for (nnviz::model::Dense& layer : net.layers) {
    for (Eigen::Index j = 0; j < layer.b.size(); ++j) layer.b(j) = rng.normal(0.0, 0.3);
  }
}

TEST(network, make_network_builds_keras_shapes_with_zero_biases) {
  NumpyRandom rng(1);
  const Network net = nnviz::model::make_network(architecture({8, 8, 4}, {"relu"}), rng);
  ASSERT_EQ(net.layers.size(), 4u);
  EXPECT_EQ(net.hidden_count(), 3);
  const std::vector<std::pair<int, int>> shapes{{2, 8}, {8, 8}, {8, 4}, {4, 1}};
  for (std::size_t k = 0; k < shapes.size(); ++k) {
    EXPECT_EQ(net.layers[k].W.rows(), shapes[k].first);
    EXPECT_EQ(net.layers[k].W.cols(), shapes[k].second);
    EXPECT_TRUE(net.layers[k].b.isZero());
  }
  EXPECT_EQ(net.parameter_count(), 24 + 72 + 36 + 5);
  for (const Activation& act : net.hidden_activations) EXPECT_EQ(act.name(), "relu");
}

TEST(network, glorot_uniform_draws_row_major_layer_by_layer) {
  NumpyRandom rng(12345);
  const Network net = nnviz::model::make_network(architecture({2}, {"tanh"}), rng);
  NumpyRandom expected(12345);
  const double l1 = std::sqrt(6.0 / (2 + 2));
  EXPECT_EQ(net.layers[0].W(0, 0), expected.uniform(-l1, l1));
  EXPECT_EQ(net.layers[0].W(0, 1), expected.uniform(-l1, l1));
  EXPECT_EQ(net.layers[0].W(1, 0), expected.uniform(-l1, l1));
  EXPECT_EQ(net.layers[0].W(1, 1), expected.uniform(-l1, l1));
  const double l2 = std::sqrt(6.0 / (2 + 1));
  EXPECT_EQ(net.layers[1].W(0, 0), expected.uniform(-l2, l2));
  EXPECT_EQ(net.layers[1].W(1, 0), expected.uniform(-l2, l2));
}

TEST(network, initializers_have_keras_ranges_and_spreads) {
  struct Case {
    Init init;
    double limit;   // uniform: the bound; normal: 2 std of the truncated draw
    double spread;  // the resulting standard deviation of the weights
  };
  const int fan_in = 300;
  const int fan_out = 100;  // hidden layer (300 -> 100) is measured
  const double avg = 0.5 * (fan_in + fan_out);
  const double c = .87962566103423978;
  const std::vector<Case> cases{
      {Init::glorot_uniform, std::sqrt(3.0 / avg), std::sqrt(1.0 / avg)},
      {Init::he_uniform, std::sqrt(6.0 / fan_in), std::sqrt(2.0 / fan_in)},
      {Init::lecun_uniform, std::sqrt(3.0 / fan_in), std::sqrt(1.0 / fan_in)},
      {Init::glorot_normal, 2.0 * std::sqrt(1.0 / avg) / c, std::sqrt(1.0 / avg)},
      {Init::he_normal, 2.0 * std::sqrt(2.0 / fan_in) / c, std::sqrt(2.0 / fan_in)},
      {Init::lecun_normal, 2.0 * std::sqrt(1.0 / fan_in) / c, std::sqrt(1.0 / fan_in)},
  };
  for (const Case& test : cases) {
    Architecture arch = architecture({fan_out}, {"tanh"}, test.init);
    arch.inputs = fan_in;
    NumpyRandom rng(7);
    const Network net = nnviz::model::make_network(arch, rng);
    const Eigen::MatrixXd& W = net.layers[0].W;  // (300, 100)
    EXPECT_LE(W.cwiseAbs().maxCoeff(), test.limit) << nnviz::model::init_name(test.init);
    EXPECT_GT(W.cwiseAbs().maxCoeff(), 0.9 * test.limit) << nnviz::model::init_name(test.init);
    const double mean = W.mean();
    const double std = std::sqrt((W.array() - mean).square().mean());
    EXPECT_NEAR(std / test.spread, 1.0, 0.03) << nnviz::model::init_name(test.init);
  }
}

TEST(network, init_and_activation_list_errors_are_usage_errors) {
  EXPECT_EQ(nnviz::model::parse_init("he_normal"), Init::he_normal);
  try {
    (void)nnviz::model::parse_init("xavier");
    FAIL();
  } catch (const nnviz::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("glorot_uniform"), std::string::npos);
  }
  NumpyRandom rng(1);
  EXPECT_THROW((void)nnviz::model::make_network(architecture({8, 8, 4}, {"relu", "tanh"}), rng), nnviz::UsageError);
  EXPECT_THROW((void)nnviz::model::make_network(architecture({0}, {"relu"}), rng), nnviz::UsageError);
}

TEST(network, per_layer_activations_are_kept_in_order) {
  NumpyRandom rng(1);
  const Network net = nnviz::model::make_network(architecture({3, 3}, {"relu", "mish"}), rng);
  EXPECT_EQ(net.hidden_activations[0].name(), "relu");
  EXPECT_EQ(net.hidden_activations[1].name(), "mish");
}

TEST(network, forward_keeps_pre_and_post_per_layer) {
  Network net;
  net.hidden_activations = {Activation::parse("tanh")};
  nnviz::model::Dense hidden;
  hidden.W.resize(2, 2);  // (in, out)
  hidden.W << 0.5, -0.3, 0.2, 0.8;
  hidden.b.resize(2);
  hidden.b << 0.1, -0.1;
  nnviz::model::Dense out;
  out.W.resize(2, 1);  // (in, out)
  out.W << 0.7, -0.4;
  out.b.resize(1);
  out.b << 0.05;
  net.layers = {hidden, out};
  Eigen::MatrixXd X(1, 2);  // (n, 2)
  X << 1.0, 2.0;
  const nnviz::model::ForwardPass pass = nnviz::model::forward(net, X);
  ASSERT_EQ(pass.pre.size(), 2u);
  EXPECT_DOUBLE_EQ(pass.pre[0](0, 0), 0.5 + 0.4 + 0.1);
  EXPECT_DOUBLE_EQ(pass.pre[0](0, 1), -0.3 + 1.6 - 0.1);
  EXPECT_DOUBLE_EQ(pass.post[0](0, 0), std::tanh(1.0));
  const double logit = 0.7 * std::tanh(1.0) - 0.4 * std::tanh(1.2) + 0.05;
  EXPECT_DOUBLE_EQ(pass.logits()(0), logit);
  EXPECT_DOUBLE_EQ(pass.probabilities()(0), 1.0 / (1.0 + std::exp(-logit)));
  EXPECT_DOUBLE_EQ(nnviz::model::predict(net, X)(0), pass.probabilities()(0));
  EXPECT_THROW((void)nnviz::model::forward(net, Eigen::MatrixXd::Zero(1, 3)), nnviz::Error);
}

TEST(network, backward_matches_central_differences_2_2_1) {
  NumpyRandom rng(3);
  for (const char* activation : {"tanh", "sigmoid", "relu", "softplus"}) {
    Network net = nnviz::model::make_network(architecture({2}, {activation}), rng);
    perturb_biases(net, rng);
    Eigen::MatrixXd X;
    Eigen::VectorXd y;
    sample(rng, 20, X, y);
    SCOPED_TRACE(activation);
    expect_gradients_match(net, X, y, 0.0);
    expect_gradients_match(net, X, y, 0.01);
  }
}

TEST(network, backward_matches_central_differences_2_8_8_4_1) {
  NumpyRandom rng(4);
  const std::vector<std::vector<std::string>> stacks{
      {"tanh", "swish", "elu"}, {"gelu", "softplus", "selu"}, {"sigmoid", "mish", "leaky_relu"},
      {"gelu_tanh", "softsign", "exponential"}, {"relu", "relu6", "hard_sigmoid"}, {"linear", "tanh", "relu"}};
  for (const std::vector<std::string>& stack : stacks) {
    Network net = nnviz::model::make_network(architecture({8, 8, 4}, stack, Init::he_normal), rng);
    perturb_biases(net, rng);
    Eigen::MatrixXd X;
    Eigen::VectorXd y;
    sample(rng, 16, X, y);
    SCOPED_TRACE(stack[0] + "," + stack[1] + "," + stack[2]);
    expect_gradients_match(net, X, y, 0.003);
  }
}

// The in-place forward/backward keep buffers from call to call; whatever shapes those held
// before (another batch size, a deeper or shallower network), the results must be the bits of
// a fresh call. Same operations in the same order, hence exact equality.
TEST(network, kept_buffers_give_the_same_bits_as_fresh_calls) {
  NumpyRandom rng(11);
  struct Case {
    std::vector<int> hidden;
    std::vector<std::string> activations;
    double l2;
  };
  const std::vector<Case> cases{{{2}, {"tanh"}, 0.0},
                                {{8, 8, 4}, {"relu", "elu", "swish"}, 0.001},
                                {{16, 16}, {"gelu", "softsign"}, 0.0},
                                {{3, 4, 5, 6, 7}, {"sigmoid", "mish", "selu", "leaky_relu", "softplus"}, 0.01},
                                {{1}, {"linear"}, 0.0},
                                {{2}, {"tanh"}, 0.0}};
  nnviz::model::ForwardPass pass;
  nnviz::model::Gradients grads;
  nnviz::model::BackwardBuffers buffers;
  for (const Case& c : cases) {
    Network net = nnviz::model::make_network(architecture(c.hidden, c.activations), rng);
    perturb_biases(net, rng);
    for (const int rows : {32, 16, 32, 1, 7, 400}) {
      SCOPED_TRACE(std::to_string(c.hidden.size()) + " hidden layers, " + std::to_string(rows) + " rows");
      Eigen::MatrixXd X;
      Eigen::VectorXd y;
      sample(rng, rows, X, y);
      nnviz::model::forward(net, X, pass);
      nnviz::model::backward(net, pass, X, y, c.l2, grads, buffers);
      const nnviz::model::ForwardPass fresh_pass = nnviz::model::forward(net, X);
      const nnviz::model::Gradients fresh = nnviz::model::backward(net, fresh_pass, X, y, c.l2);
      ASSERT_EQ(pass.pre.size(), net.layers.size());
      ASSERT_EQ(pass.post.size(), net.layers.size());
      ASSERT_EQ(grads.dW.size(), net.layers.size());
      for (std::size_t k = 0; k < net.layers.size(); ++k) {
        EXPECT_EQ(pass.pre[k], fresh_pass.pre[k]) << k;
        EXPECT_EQ(pass.post[k], fresh_pass.post[k]) << k;
        EXPECT_EQ(grads.dW[k], fresh.dW[k]) << k;
        EXPECT_EQ(grads.db[k], fresh.db[k]) << k;
      }
      EXPECT_EQ(nnviz::model::logits(net, X), fresh_pass.logits());
    }
  }
}

TEST(network, logits_equal_the_forward_pass_and_check_the_input) {
  NumpyRandom rng(12);
  const Network net = nnviz::model::make_network(architecture({4, 3}, {"tanh", "relu"}), rng);
  Eigen::MatrixXd X;
  Eigen::VectorXd y;
  sample(rng, 50, X, y);
  const Eigen::VectorXd z = nnviz::model::logits(net, X);  // (n)
  ASSERT_EQ(z.size(), 50);
  EXPECT_EQ(z, nnviz::model::forward(net, X).logits());
  // p = sigmoid(z): the probabilities of predict() come from the same logits.
  const Eigen::VectorXd p = nnviz::model::predict(net, X);  // (n)
  for (Eigen::Index i = 0; i < z.size(); ++i) EXPECT_NEAR(p(i), 1.0 / (1.0 + std::exp(-z(i))), 1e-15);
  EXPECT_THROW((void)nnviz::model::logits(net, Eigen::MatrixXd::Zero(3, 3)), nnviz::Error);
  EXPECT_THROW((void)nnviz::model::logits(Network{}, X), nnviz::Error);
  EXPECT_THROW((void)nnviz::model::forward(Network{}, X), nnviz::Error);
}

}  // namespace
