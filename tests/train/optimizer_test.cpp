#include "nnviz/train/optimizer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "nnviz/util/error.hpp"

namespace {

using nnviz::train::Optimizer;
using nnviz::train::OptimizerConfig;
using nnviz::train::OptimizerKind;

// A one-layer "network" with two scalar parameters, w (kernel 1x1) and b, so every step can
// be followed by hand.
nnviz::model::Network scalar_network(double w, double b) {
  nnviz::model::Network net;
  nnviz::model::Dense layer;
  layer.W = Eigen::MatrixXd::Constant(1, 1, w);  // (in, out)
  layer.b = Eigen::RowVectorXd::Constant(1, b);  // (out)
  net.layers.push_back(layer);
  return net;
}

nnviz::model::Gradients scalar_gradients(double dw, double db) {
  nnviz::model::Gradients grads;
  grads.dW.push_back(Eigen::MatrixXd::Constant(1, 1, dw));
  grads.db.push_back(Eigen::RowVectorXd::Constant(1, db));
  return grads;
}

OptimizerConfig config(OptimizerKind kind, double lr, double momentum = 0.0, bool nesterov = false, bool amsgrad = false) {
  OptimizerConfig c;
  c.kind = kind;
  c.lr = lr;
  c.momentum = momentum;
  c.nesterov = nesterov;
  c.amsgrad = amsgrad;
  return c;
}

// Gradient sequences for (w, b): sign changes, a zero gradient (epsilon matters), big and small.
const std::vector<double> gw{0.2, -0.5, 0.3, 0.0};
const std::vector<double> gb{-0.4, 0.1, 0.0, 2.0};

// Runs the optimizer over the sequences and compares each step with `reference`, a scalar
// transcription of the rule: reference(param, g, t) -> new value, keeping its own state per
// parameter index.
void expect_steps(const OptimizerConfig& c, const std::function<double(int, double, double, int)>& reference) {
  SCOPED_TRACE(nnviz::train::optimizer_name(c.kind));
  const std::unique_ptr<Optimizer> optimizer = Optimizer::make(c);
  nnviz::model::Network net = scalar_network(1.0, 0.5);
  double w = 1.0;
  double b = 0.5;
  for (std::size_t t = 0; t < gw.size(); ++t) {
    optimizer->step(net, scalar_gradients(gw[t], gb[t]));
    w = reference(0, w, gw[t], static_cast<int>(t) + 1);
    b = reference(1, b, gb[t], static_cast<int>(t) + 1);
    EXPECT_NEAR(net.layers[0].W(0, 0), w, 1e-15) << "step " << t + 1;
    EXPECT_NEAR(net.layers[0].b(0), b, 1e-15) << "step " << t + 1;
  }
}

TEST(optimizer, sgd_plain_step_by_hand) {
  const std::unique_ptr<Optimizer> sgd = Optimizer::make(config(OptimizerKind::sgd, 0.1));
  nnviz::model::Network net = scalar_network(1.0, 0.5);
  sgd->step(net, scalar_gradients(0.2, -0.4));
  EXPECT_DOUBLE_EQ(net.layers[0].W(0, 0), 0.98);
  EXPECT_DOUBLE_EQ(net.layers[0].b(0), 0.54);
}

TEST(optimizer, sgd_momentum_and_nesterov_by_hand) {
  // a = 0.9 a - 0.1 g; w += a (a1 = -0.02, a2 = -0.038), or w += 0.9 a - 0.1 g.
  nnviz::model::Network net = scalar_network(1.0, 0.0);
  const std::unique_ptr<Optimizer> momentum = Optimizer::make(config(OptimizerKind::sgd, 0.1, 0.9));
  momentum->step(net, scalar_gradients(0.2, 0.0));
  EXPECT_DOUBLE_EQ(net.layers[0].W(0, 0), 0.98);
  momentum->step(net, scalar_gradients(0.2, 0.0));
  EXPECT_DOUBLE_EQ(net.layers[0].W(0, 0), 0.942);

  net = scalar_network(1.0, 0.0);
  const std::unique_ptr<Optimizer> nesterov = Optimizer::make(config(OptimizerKind::sgd, 0.1, 0.9, true));
  nesterov->step(net, scalar_gradients(0.2, 0.0));
  EXPECT_DOUBLE_EQ(net.layers[0].W(0, 0), 0.962);
  nesterov->step(net, scalar_gradients(0.2, 0.0));
  EXPECT_DOUBLE_EQ(net.layers[0].W(0, 0), 0.9078);
}

TEST(optimizer, adam_first_step_by_hand) {
  // m = 0.02, v = 4e-5, lr_t = 0.1 sqrt(0.001) / 0.1: w -= lr_t * 0.02 / (sqrt(4e-5) + 1e-7).
  const std::unique_ptr<Optimizer> adam = Optimizer::make(config(OptimizerKind::adam, 0.1));
  nnviz::model::Network net = scalar_network(1.0, 0.5);
  adam->step(net, scalar_gradients(0.2, 0.0));
  EXPECT_NEAR(net.layers[0].W(0, 0), 1.0 - 0.031622776601683794 * 0.02 / (0.006324555320336759 + 1e-7), 1e-15);
  EXPECT_NEAR(net.layers[0].W(0, 0), 0.9000015811, 1e-10);
  EXPECT_EQ(net.layers[0].b(0), 0.5);  // zero gradient, zero moments: no move
}

TEST(optimizer, adagrad_first_step_by_hand) {
  // acc = 0.1 + 0.04; w -= 0.1 * 0.2 / (sqrt(0.14) + 1e-7).
  const std::unique_ptr<Optimizer> adagrad = Optimizer::make(config(OptimizerKind::adagrad, 0.1));
  nnviz::model::Network net = scalar_network(1.0, 0.5);
  adagrad->step(net, scalar_gradients(0.2, 0.0));
  EXPECT_NEAR(net.layers[0].W(0, 0), 1.0 - 0.02 / (0.37416573867739417 + 1e-7), 1e-15);
}

TEST(optimizer, every_optimizer_follows_its_keras_rule_for_several_steps) {
  const double lr = 0.05;
  {  // adam (and amsgrad)
    for (const bool amsgrad : {false, true}) {
      double m[2] = {0, 0}, v[2] = {0, 0}, vhat[2] = {0, 0};
      expect_steps(config(OptimizerKind::adam, lr, 0, false, amsgrad), [&](int i, double p, double g, int t) {
        m[i] = 0.9 * m[i] + 0.1 * g;
        v[i] = 0.999 * v[i] + 0.001 * g * g;
        vhat[i] = std::max(vhat[i], v[i]);
        const double lr_t = lr * std::sqrt(1 - std::pow(0.999, t)) / (1 - std::pow(0.9, t));
        return p - lr_t * m[i] / (std::sqrt(amsgrad ? vhat[i] : v[i]) + 1e-7);
      });
    }
  }
  {  // sgd, momentum 0.5, with and without nesterov
    for (const bool nesterov : {false, true}) {
      double a[2] = {0, 0};
      expect_steps(config(OptimizerKind::sgd, lr, 0.5, nesterov), [&](int i, double p, double g, int) {
        a[i] = 0.5 * a[i] - lr * g;
        return nesterov ? p + 0.5 * a[i] - lr * g : p + a[i];
      });
    }
  }
  {  // rmsprop without momentum
    double ms[2] = {0, 0};
    expect_steps(config(OptimizerKind::rmsprop, lr), [&](int i, double p, double g, int) {
      ms[i] = 0.9 * ms[i] + 0.1 * g * g;
      return p - lr * g / (std::sqrt(ms[i]) + 1e-7);
    });
  }
  {  // rmsprop with momentum 0.8 (ApplyRMSProp: epsilon inside the root)
    double ms[2] = {0, 0}, mom[2] = {0, 0};
    expect_steps(config(OptimizerKind::rmsprop, lr, 0.8), [&](int i, double p, double g, int) {
      ms[i] = 0.9 * ms[i] + 0.1 * g * g;
      mom[i] = 0.8 * mom[i] + lr * g / std::sqrt(ms[i] + 1e-7);
      return p - mom[i];
    });
  }
  {  // adagrad
    double acc[2] = {0.1, 0.1};
    expect_steps(config(OptimizerKind::adagrad, lr), [&](int i, double p, double g, int) {
      acc[i] += g * g;
      return p - lr * g / (std::sqrt(acc[i]) + 1e-7);
    });
  }
  {  // adadelta
    double acc[2] = {0, 0}, acc_u[2] = {0, 0};
    expect_steps(config(OptimizerKind::adadelta, lr), [&](int i, double p, double g, int) {
      acc[i] = 0.95 * acc[i] + 0.05 * g * g;
      const double u = std::sqrt(acc_u[i] + 1e-7) / std::sqrt(acc[i] + 1e-7) * g;
      acc_u[i] = 0.95 * acc_u[i] + 0.05 * u * u;
      return p - lr * u;
    });
  }
  {  // adamax
    double m[2] = {0, 0}, u[2] = {0, 0};
    expect_steps(config(OptimizerKind::adamax, lr), [&](int i, double p, double g, int t) {
      m[i] = 0.9 * m[i] + 0.1 * g;
      u[i] = std::max(0.999 * u[i], std::abs(g));
      return p - lr / (1 - std::pow(0.9, t)) * m[i] / (u[i] + 1e-7);
    });
  }
  {  // nadam: the schedule is one product per step shared by both parameters
    double m[2] = {0, 0}, v[2] = {0, 0};
    double schedule = 1.0;
    int schedule_t = 0;
    expect_steps(config(OptimizerKind::nadam, lr), [&](int i, double p, double g, int t) {
      const double mu_t = 0.9 * (1 - 0.5 * std::pow(0.96, 0.004 * t));
      const double mu_t1 = 0.9 * (1 - 0.5 * std::pow(0.96, 0.004 * (t + 1)));
      if (schedule_t != t) {
        schedule *= mu_t;
        schedule_t = t;
      }
      const double schedule_next = schedule * mu_t1;
      const double g_prime = g / (1 - schedule);
      m[i] = 0.9 * m[i] + 0.1 * g;
      const double m_prime = m[i] / (1 - schedule_next);
      v[i] = 0.999 * v[i] + 0.001 * g * g;
      const double v_prime = v[i] / (1 - std::pow(0.999, t));
      const double m_bar = (1 - mu_t) * g_prime + mu_t1 * m_prime;
      return p - lr * m_bar / (std::sqrt(v_prime) + 1e-7);
    });
  }
}

TEST(optimizer, names_parse_and_unknown_names_are_listed) {
  for (const std::string& name : nnviz::train::optimizer_names()) {
    EXPECT_EQ(nnviz::train::optimizer_name(nnviz::train::parse_optimizer(name)), name);
  }
  EXPECT_EQ(nnviz::train::optimizer_names().size(), 7u);
  try {
    (void)nnviz::train::parse_optimizer("adamw");
    FAIL();
  } catch (const nnviz::UsageError& e) {
    const std::string what = e.what();
    EXPECT_EQ(e.field(), "optimizer");  // the CLI names --optimizer (tests/cli/messages_test.cpp)
    EXPECT_NE(what.find("rmsprop"), std::string::npos);
  }
}

TEST(optimizer, invalid_settings_are_usage_errors_naming_the_option) {
  for (const double lr : {0.0, -1.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    try {
      (void)Optimizer::make(config(OptimizerKind::adam, lr));
      FAIL() << lr;
    } catch (const nnviz::UsageError& e) {
      EXPECT_EQ(e.field(), "lr");
    }
  }
  EXPECT_THROW((void)Optimizer::make(config(OptimizerKind::sgd, 0.1, 1.5)), nnviz::UsageError);
}

TEST(optimizer, refuses_a_network_of_another_shape) {
  const std::unique_ptr<Optimizer> adam = Optimizer::make(config(OptimizerKind::adam, 0.1));
  nnviz::model::Network net = scalar_network(1.0, 0.5);
  adam->step(net, scalar_gradients(0.1, 0.1));
  nnviz::model::Network other = scalar_network(1.0, 0.5);
  other.layers.push_back(other.layers.front());
  nnviz::model::Gradients grads = scalar_gradients(0.1, 0.1);
  grads.dW.push_back(grads.dW.front());
  grads.db.push_back(grads.db.front());
  EXPECT_THROW(adam->step(other, grads), nnviz::Error);
}

}  // namespace
