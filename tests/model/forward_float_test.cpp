// forward_float (pictures) against forward (training): the same network, the same points.
#include <gtest/gtest.h>

#include <cmath>

#include "nnviz/model/forward_float.hpp"
#include "nnviz/model/network.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/numpy_random.hpp"

namespace {

using nnviz::model::Activation;

Eigen::MatrixXd uniform(nnviz::util::NumpyRandom& rng, Eigen::Index rows, Eigen::Index cols, double lo, double hi) {
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j) m(i, j) = lo + (hi - lo) * rng.random_sample();
  return m;
}

// Largest |float - double| relative to max(1, |double|).
double worst(const Eigen::MatrixXf& f, const Eigen::MatrixXd& d) {
  EXPECT_EQ(f.rows(), d.rows());
  EXPECT_EQ(f.cols(), d.cols());
  const Eigen::ArrayXXd diff = (f.cast<double>() - d).array().abs();
  return (diff / d.array().abs().max(1.0)).maxCoeff();
}

TEST(activation_float, every_activation_matches_its_double_formula) {
  nnviz::util::NumpyRandom rng(3);
  // Both signs, the kinks (0, 6, +-2.5), saturation (+-12) and the values in between.
  Eigen::MatrixXd z = uniform(rng, 200, 3, -12.0, 12.0);
  z(0, 0) = 0.0;
  z(1, 0) = 6.0;
  z(2, 0) = -2.5;
  z(3, 0) = 2.5;
  for (const std::string& name : nnviz::model::activation_names()) {
    const Activation act = Activation::parse(name);
    const Eigen::MatrixXd expected = act.apply(z);
    const Eigen::MatrixXf got = act.apply_float(z.cast<float>());
    // float has 24 bits: ~6e-8 per rounding; the vectorised tanh/logistic add a few ulp.
    EXPECT_LT(worst(got, expected), 2e-6) << name;
  }
}

TEST(forward_float, agrees_with_forward_on_every_layer) {
  nnviz::util::NumpyRandom rng(11);
  const std::vector<std::vector<int>> shapes{{2}, {8}, {8, 4}, {3, 5, 2}};
  for (const char* name : {"tanh", "relu", "sigmoid", "swish", "elu"}) {
    for (const auto& hidden : shapes) {
      nnviz::model::Architecture arch;
      arch.hidden = hidden;
      arch.activations = {Activation::parse(name)};
      const nnviz::model::Network net = nnviz::model::make_network(arch, rng);
      const Eigen::MatrixXd X = uniform(rng, 500, 2, -4.0, 4.0);
      const nnviz::model::ForwardPass exact = nnviz::model::forward(net, X);
      const nnviz::model::ForwardPassF fast = nnviz::model::forward_float(net, X.cast<float>());
      ASSERT_EQ(fast.pre.size(), exact.pre.size());
      ASSERT_EQ(fast.post.size(), exact.post.size());
      for (std::size_t l = 0; l < exact.pre.size(); ++l) {
        EXPECT_LT(worst(fast.pre[l], exact.pre[l]), 1e-5) << name << " layer " << l;
        EXPECT_LT(worst(fast.post[l], exact.post[l]), 1e-5) << name << " layer " << l;
      }
    }
  }
}

TEST(forward_float, refuses_the_wrong_number_of_inputs) {
  nnviz::util::NumpyRandom rng(1);
  const nnviz::model::Network net = nnviz::model::make_network({}, rng);
  EXPECT_THROW(nnviz::model::forward_float(net, Eigen::MatrixXf::Zero(4, 3)), nnviz::Error);
}

}  // namespace
