#include "nnviz/model/activation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "gradient_check.hpp"
#include "nnviz/util/error.hpp"

namespace {

using nnviz::model::Activation;
using nnviz::model::ActivationKind;

double apply1(const Activation& act, double z) { return act.apply(Eigen::MatrixXd::Constant(1, 1, z))(0, 0); }

double derivative1(const Activation& act, double z) {
  const Eigen::MatrixXd zm = Eigen::MatrixXd::Constant(1, 1, z);  // (1, 1)
  return act.derivative(zm, act.apply(zm))(0, 0);
}

constexpr double selu_alpha = 1.6732632423543772848170429916717;
constexpr double selu_scale = 1.0507009873554804934193349852946;

TEST(activation, parses_every_name_and_round_trips) {
  const std::vector<std::string>& names = nnviz::model::activation_names();
  EXPECT_EQ(names.size(), 16u);
  for (const std::string& name : names) EXPECT_EQ(Activation::parse(name).name(), name);
  EXPECT_EQ(Activation::parse("silu").kind, ActivationKind::swish);
  EXPECT_DOUBLE_EQ(Activation::parse("leaky_relu").alpha, 0.3);
}

TEST(activation, unknown_name_lists_the_valid_ones) {
  try {
    (void)Activation::parse("sigmoidd");
    FAIL();
  } catch (const nnviz::UsageError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("sigmoidd"), std::string::npos);
    for (const std::string& name : nnviz::model::activation_names()) EXPECT_NE(what.find(name), std::string::npos) << name;
  }
}

TEST(activation, values_match_keras_formulas) {
  const auto at = [](const char* name, double z) { return apply1(Activation::parse(name), z); };
  EXPECT_EQ(at("relu", -1.0), 0.0);
  EXPECT_EQ(at("relu", 2.5), 2.5);
  EXPECT_DOUBLE_EQ(at("sigmoid", 0.0), 0.5);
  EXPECT_DOUBLE_EQ(at("tanh", 0.5), std::tanh(0.5));
  EXPECT_EQ(at("linear", -7.25), -7.25);
  EXPECT_DOUBLE_EQ(at("elu", -1.0), std::exp(-1.0) - 1.0);
  EXPECT_DOUBLE_EQ(at("selu", 1.0), selu_scale);
  EXPECT_DOUBLE_EQ(at("selu", -1.0), selu_scale * selu_alpha * (std::exp(-1.0) - 1.0));
  EXPECT_DOUBLE_EQ(at("softplus", 0.0), std::log(2.0));
  EXPECT_DOUBLE_EQ(at("softsign", 3.0), 0.75);
  EXPECT_DOUBLE_EQ(at("swish", 1.0), 0.7310585786300049);
  EXPECT_DOUBLE_EQ(at("gelu", 1.0), 0.8413447460685429);        // x Phi(x)
  EXPECT_DOUBLE_EQ(at("gelu_tanh", 1.0), 0.8411919906082768);   // tanh approximation
  EXPECT_DOUBLE_EQ(at("hard_sigmoid", 1.0), 0.7);
  EXPECT_EQ(at("hard_sigmoid", 3.0), 1.0);
  EXPECT_EQ(at("hard_sigmoid", -3.0), 0.0);
  EXPECT_DOUBLE_EQ(at("exponential", 1.0), std::exp(1.0));
  EXPECT_DOUBLE_EQ(at("leaky_relu", -2.0), -0.6);
  EXPECT_EQ(at("relu6", 7.0), 6.0);
  EXPECT_EQ(at("relu6", -1.0), 0.0);
  EXPECT_DOUBLE_EQ(at("mish", 1.0), 0.8650983882673103);
}

TEST(activation, saturating_functions_stay_finite) {
  for (const char* name : {"sigmoid", "softplus", "swish", "mish", "gelu", "gelu_tanh", "elu", "selu"}) {
    const Activation act = Activation::parse(name);
    for (const double z : {-1000.0, 1000.0}) {
      EXPECT_TRUE(std::isfinite(apply1(act, z))) << name << " " << z;
      EXPECT_TRUE(std::isfinite(derivative1(act, z))) << name << " " << z;
    }
  }
  EXPECT_DOUBLE_EQ(apply1(Activation::parse("softplus"), 1000.0), 1000.0);
  EXPECT_EQ(apply1(Activation::parse("sigmoid"), -1000.0), 0.0);
}

TEST(activation, derivative_matches_central_difference_away_from_kinks) {
  // Avoids the kinks at 0 (relu family, elu, selu), 6 (relu6) and +-2.5 (hard_sigmoid).
  const std::vector<double> points{-4.3, -2.7, -1.9, -0.8, -0.31, -0.05, 0.07, 0.4, 0.9, 1.7, 2.3, 3.1, 4.6, 6.4};
  for (const std::string& name : nnviz::model::activation_names()) {
    const Activation act = Activation::parse(name);
    for (const double z : points) {
      const double numeric = nnviz::test::central_difference([&](double x) { return apply1(act, x); }, z);
      const double analytic = derivative1(act, z);
      EXPECT_LT(nnviz::test::relative_error(analytic, numeric), 1e-6)
          << name << " at " << z << ": analytic " << analytic << " numeric " << numeric;
    }
  }
}

TEST(activation, kinks_follow_tensorflow_gradients) {
  EXPECT_EQ(derivative1(Activation::parse("relu"), 0.0), 0.0);
  EXPECT_EQ(derivative1(Activation::parse("relu6"), 0.0), 0.0);
  EXPECT_EQ(derivative1(Activation::parse("relu6"), 6.0), 0.0);
  EXPECT_DOUBLE_EQ(derivative1(Activation::parse("leaky_relu"), 0.0), 0.3);
  EXPECT_EQ(derivative1(Activation::parse("elu"), 0.0), 1.0);
  EXPECT_DOUBLE_EQ(derivative1(Activation::parse("selu"), 0.0), selu_scale);
  EXPECT_DOUBLE_EQ(derivative1(Activation::parse("hard_sigmoid"), 2.5), 0.2);
  EXPECT_DOUBLE_EQ(derivative1(Activation::parse("hard_sigmoid"), -2.5), 0.2);
  EXPECT_EQ(derivative1(Activation::parse("hard_sigmoid"), 2.6), 0.0);
}

TEST(activation, leaky_relu_uses_its_alpha) {
  Activation act = Activation::parse("leaky_relu");
  act.alpha = 0.01;
  EXPECT_DOUBLE_EQ(apply1(act, -2.0), -0.02);
  EXPECT_DOUBLE_EQ(derivative1(act, -2.0), 0.01);
}

TEST(activation, applies_element_wise_on_any_shape) {
  Eigen::MatrixXd z(3, 2);  // (n, units)
  z << -1, 2, 0.5, -0.5, 3, -3;
  const Activation act = Activation::parse("relu");
  const Eigen::MatrixXd a = act.apply(z);  // (n, units)
  ASSERT_EQ(a.rows(), 3);
  ASSERT_EQ(a.cols(), 2);
  EXPECT_EQ(a(0, 0), 0.0);
  EXPECT_EQ(a(0, 1), 2.0);
  EXPECT_EQ(a(2, 0), 3.0);
  const Eigen::MatrixXd d = act.derivative(z, a);  // (n, units)
  EXPECT_EQ(d(1, 0), 1.0);
  EXPECT_EQ(d(1, 1), 0.0);
}

}  // namespace
