#include "nnviz/model/loss.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "gradient_check.hpp"
#include "nnviz/model/network.hpp"
#include "nnviz/util/error.hpp"

namespace {

using nnviz::model::accuracy_from_logits;
using nnviz::model::bce_from_logits;

double naive_bce(const Eigen::VectorXd& z, const Eigen::VectorXd& y) {
  double sum = 0.0;
  for (Eigen::Index i = 0; i < z.size(); ++i) {
    const double p = 1.0 / (1.0 + std::exp(-z(i)));
    sum += -(y(i) * std::log(p) + (1.0 - y(i)) * std::log(1.0 - p));
  }
  return sum / static_cast<double>(z.size());
}

TEST(loss, bce_matches_the_probability_form_for_moderate_logits) {
  Eigen::VectorXd z(5);  // (n)
  z << -3.0, -0.2, 0.0, 0.7, 4.0;
  Eigen::VectorXd y(5);  // (n)
  y << 0, 1, 1, 0, 1;
  EXPECT_NEAR(bce_from_logits(z, y), naive_bce(z, y), 1e-14);
}

TEST(loss, bce_is_finite_for_extreme_logits) {
  Eigen::VectorXd z(2);  // (n)
  z << 1000.0, -1000.0;
  Eigen::VectorXd right(2);
  right << 1, 0;
  Eigen::VectorXd wrong(2);
  wrong << 0, 1;
  EXPECT_NEAR(bce_from_logits(z, right), 0.0, 1e-300);
  EXPECT_DOUBLE_EQ(bce_from_logits(z, wrong), 1000.0);
}

TEST(loss, bce_gradient_is_sigmoid_minus_label_over_n) {
  Eigen::VectorXd z(4);  // (n)
  z << -1.3, 0.2, 2.2, -0.4;
  Eigen::VectorXd y(4);  // (n)
  y << 0, 1, 0, 1;
  for (Eigen::Index i = 0; i < z.size(); ++i) {
    const double numeric = nnviz::test::central_difference(
        [&](double v) {
          Eigen::VectorXd moved = z;  // (n)
          moved(i) = v;
          return bce_from_logits(moved, y);
        },
        z(i));
    const double analytic = (1.0 / (1.0 + std::exp(-z(i))) - y(i)) / 4.0;
    EXPECT_LT(nnviz::test::relative_error(analytic, numeric), 1e-6) << i;
  }
}

TEST(loss, accuracy_counts_logits_above_zero_as_class_one) {
  Eigen::VectorXd z(4);  // (n)
  z << -1.0, 0.0, 0.5, 2.0;  // p = 0.5 at logit 0 is class 0 (p > 0.5 is the rule)
  Eigen::VectorXd y(4);  // (n)
  y << 0, 1, 1, 0;
  EXPECT_DOUBLE_EQ(accuracy_from_logits(z, y), 0.5);
}

TEST(loss, l2_penalty_sums_squared_kernels_only) {
  nnviz::model::Network net;
  nnviz::model::Dense hidden;
  hidden.W = Eigen::MatrixXd::Constant(2, 2, 0.5);  // (in, out)
  hidden.b = Eigen::RowVectorXd::Constant(2, 10.0);  // (out), not regularised
  nnviz::model::Dense out;
  out.W = Eigen::MatrixXd::Constant(2, 1, 2.0);  // (in, out)
  out.b = Eigen::RowVectorXd::Constant(1, 10.0);
  net.layers = {hidden, out};
  EXPECT_DOUBLE_EQ(nnviz::model::l2_penalty(net, 0.01), 0.01 * (4 * 0.25 + 2 * 4.0));
  EXPECT_EQ(nnviz::model::l2_penalty(net, 0.0), 0.0);
}

// bce_is_finite must answer exactly std::isfinite(bce_from_logits + penalty), the test the
// trainer made before; the cases straddle its shortcut's bound and the double range.
TEST(loss, bce_is_finite_answers_as_the_full_loss_would) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  struct Case {
    const char* name;
    Eigen::VectorXd z;  // (n)
    Eigen::VectorXd y;  // (n)
    double penalty;
    bool finite;
  };
  const auto constant = [](Eigen::Index n, double v) { return Eigen::VectorXd::Constant(n, v); };
  const std::vector<Case> cases{
      {"moderate", (Eigen::VectorXd(4) << -1.3, 0.2, 2.2, -0.4).finished(), (Eigen::VectorXd(4) << 0, 1, 0, 1).finished(), 0.01, true},
      {"at the bound", constant(1, 1e300), constant(1, 0.0), 1e300, true},
      {"large but finite", constant(32, 1e305), constant(32, 0.0), 0.0, true},
      {"large penalty", constant(32, 0.5), constant(32, 1.0), 1e308, true},
      {"sum overflows", constant(32, 6e306), constant(32, 0.0), 0.0, false},
      {"negative logits overflow", constant(2, -1e308), constant(2, 1.0), 0.0, false},
      {"loss plus penalty overflows", constant(1, 1e306), constant(1, 0.0), 1.79e308, false},
      {"NaN logit", (Eigen::VectorXd(3) << 0.1, nan, 0.3).finished(), constant(3, 1.0), 0.0, false},
      {"infinite logit", (Eigen::VectorXd(3) << 0.1, inf, 0.3).finished(), constant(3, 1.0), 0.0, false},
      {"minus infinite logit", (Eigen::VectorXd(3) << 0.1, -inf, 0.3).finished(), constant(3, 0.0), 0.0, false},
      {"NaN label", constant(3, 0.5), (Eigen::VectorXd(3) << 0, nan, 1).finished(), 0.0, false},
      {"infinite penalty", constant(3, 0.5), constant(3, 1.0), inf, false},
      {"NaN penalty", constant(3, 0.5), constant(3, 1.0), nan, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(std::isfinite(bce_from_logits(c.z, c.y) + c.penalty), c.finite);  // the case is what it says
    EXPECT_EQ(nnviz::model::bce_is_finite(c.z, c.y, c.penalty), c.finite);
  }
}

TEST(loss, mismatched_sizes_throw) {
  EXPECT_THROW((void)bce_from_logits(Eigen::VectorXd::Zero(3), Eigen::VectorXd::Zero(2)), nnviz::Error);
  EXPECT_THROW((void)accuracy_from_logits(Eigen::VectorXd::Zero(0), Eigen::VectorXd::Zero(0)), nnviz::Error);
  EXPECT_THROW((void)nnviz::model::bce_is_finite(Eigen::VectorXd::Zero(3), Eigen::VectorXd::Zero(2), 0.0), nnviz::Error);
}

}  // namespace
