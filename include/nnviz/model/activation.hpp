#pragma once
// Activations by their tf.keras 2.x names, each with its exact derivative.
#include <Eigen/Core>
#include <string>
#include <string_view>
#include <vector>

#include "nnviz/util/names.hpp"

namespace nnviz::model {

enum class ActivationKind {
  relu, sigmoid, tanh, linear, elu, selu, softplus, softsign, swish, gelu, gelu_tanh,
  hard_sigmoid, exponential, leaky_relu, relu6, mish
};

// The largest leaky_relu slope accepted (--leaky-alpha, weights files): beyond it the slope
// multiplies the data past what the pictures can show (1e308 overflows even in double).
inline constexpr double max_leaky_alpha = 1000.0;

struct Activation {
  ActivationKind kind = ActivationKind::tanh;
  double alpha = 0.3;  // leaky_relu's negative slope (tf.keras 2.x LeakyReLU default 0.3)

  // Accepts every name of activation_names() in any case ("silu" is an alias of "swish"); alpha
  // keeps its default. Throws UsageError (field "activation") listing the valid names otherwise.
  static Activation parse(std::string_view name);
  [[nodiscard]] std::string name() const;

  // Element-wise on any shape.
  [[nodiscard]] Eigen::MatrixXd apply(const Eigen::MatrixXd& z) const;
  // The same formulas in single precision, for pictures (forward_float): tanh and the sigmoid
  // use Eigen's vectorised float kernels, so they agree with the double versions to a few ulp
  // of float, not bit for bit. Training never uses these.
  [[nodiscard]] Eigen::MatrixXf apply_float(const Eigen::MatrixXf& z) const;
  // d apply(z) / dz element-wise; `a` is apply(z) (some derivatives are cheaper from it).
  [[nodiscard]] Eigen::MatrixXd derivative(const Eigen::MatrixXd& z, const Eigen::MatrixXd& a) const;
};

const util::NameTable<ActivationKind>& activation_table();
const std::vector<std::string>& activation_names();

}  // namespace nnviz::model
