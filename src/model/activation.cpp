#include "nnviz/model/activation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <type_traits>
#include <utility>

#include "nnviz/util/error.hpp"
#include "nnviz/util/names.hpp"

// Formulas are tf.keras 2.x's (keras/activations.py and keras/backend.py); derivatives at kinks
// follow TensorFlow's gradient kernels (tensorflow/core/kernels/relu_op_functor.h, cwise_ops):
//   relu     ReluGrad: grad * (z > 0)               -> 0 at z = 0
//   relu6    Relu6Grad: grad * (0 < z < 6)           -> 0 at z = 0 and z = 6
//   leaky    LeakyReluGrad: z > 0 ? grad : alpha*grad -> alpha at z = 0
//   elu      EluGrad: a < 0 ? grad*(a+1) : grad      -> 1 at z = 0
//   selu     SeluGrad: a < 0 ? grad*(a+scale*alpha) : grad*scale -> scale at z = 0
//   hard_sigmoid = clip_by_value(0.2 z + 0.5, 0, 1); clip's gradient (Minimum/Maximum grads use
//            >= / <=) passes at the bounds -> 0.2 on the closed interval [-2.5, 2.5].
namespace nnviz::model {
namespace {

// keras/activations.py selu: the constants of Klambauer et al. (2017), as Keras writes them.
constexpr double selu_alpha = 1.6732632423543772848170429916717;
constexpr double selu_scale = 1.0507009873554804934193349852946;
// sqrt(2/pi) of the tanh approximation of gelu (keras/activations.py gelu(approximate=True)).
constexpr double gelu_tanh_c = 0.7978845608028654;
constexpr double gelu_tanh_k = 0.044715;

// Stable for large |z|: never exponentiates a positive number.
template <class T>
T sigmoid(T z) {
  if (z >= T(0)) return T(1) / (T(1) + std::exp(-z));
  const T e = std::exp(z);
  return e / (T(1) + e);
}

// log(1 + e^z) = max(z, 0) + log1p(e^-|z|): no overflow for large z, no loss for small e^z.
template <class T>
T softplus(T z) { return std::max(z, T(0)) + std::log1p(std::exp(-std::abs(z))); }

template <class T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

template <class T, class F>
Mat<T> map(const Mat<T>& z, F f) {
  Mat<T> out(z.rows(), z.cols());  // same shape as z
  for (Eigen::Index j = 0; j < z.cols(); ++j) {
    for (Eigen::Index i = 0; i < z.rows(); ++i) out(i, j) = f(z(i, j));
  }
  return out;
}

// Activation::apply in T. The constants are written as T(...) so that the double version is
// exactly the formulas Keras uses; the float one (pictures only) takes Eigen's vectorised
// kernels for the two activations that matter for speed, tanh and the sigmoid.
template <class T>
Mat<T> apply_as(const Activation& act, const Mat<T>& z) {
  switch (act.kind) {
    case ActivationKind::relu: return z.cwiseMax(T(0));
    case ActivationKind::sigmoid:
      if constexpr (std::is_same_v<T, float>) {
        return z.array().logistic().matrix();
      } else {
        return map<T>(z, sigmoid<T>);
      }
    case ActivationKind::tanh: return z.array().tanh().matrix();
    case ActivationKind::linear: return z;
    case ActivationKind::elu:  // alpha = 1 (Keras' default)
      return map<T>(z, [](T v) { return v > T(0) ? v : std::expm1(v); });
    case ActivationKind::selu:
      return map<T>(z, [](T v) { return T(selu_scale) * (v > T(0) ? v : T(selu_alpha) * std::expm1(v)); });
    case ActivationKind::softplus: return map<T>(z, softplus<T>);
    case ActivationKind::softsign: return map<T>(z, [](T v) { return v / (T(1) + std::abs(v)); });
    case ActivationKind::swish: return map<T>(z, [](T v) { return v * sigmoid(v); });
    case ActivationKind::gelu:  // exact: x * Phi(x)
      return map<T>(z, [](T v) { return T(0.5) * v * (T(1) + std::erf(v / std::numbers::sqrt2_v<T>)); });
    case ActivationKind::gelu_tanh:
      return map<T>(z, [](T v) {
        return T(0.5) * v * (T(1) + std::tanh(T(gelu_tanh_c) * (v + T(gelu_tanh_k) * v * v * v)));
      });
    case ActivationKind::hard_sigmoid:  // tf.keras 2.x backend.hard_sigmoid (not 2.13's relu6(x+3)/6)
      return map<T>(z, [](T v) { return std::clamp(T(0.2) * v + T(0.5), T(0), T(1)); });
    case ActivationKind::exponential: return z.array().exp().matrix();
    case ActivationKind::leaky_relu: {
      const T slope = static_cast<T>(act.alpha);
      return map<T>(z, [slope](T v) { return v > T(0) ? v : slope * v; });
    }
    case ActivationKind::relu6: return z.cwiseMax(T(0)).cwiseMin(T(6));
    case ActivationKind::mish:  // x * tanh(softplus(x)) (Misra 2019; tfa/keras-cv mish)
      return map<T>(z, [](T v) { return v * std::tanh(softplus(v)); });
  }
  throw Error("unhandled activation kind");
}

template <class F>
Eigen::MatrixXd map2(const Eigen::MatrixXd& z, const Eigen::MatrixXd& a, F f) {
  Eigen::MatrixXd out(z.rows(), z.cols());  // same shape as z
  for (Eigen::Index j = 0; j < z.cols(); ++j) {
    for (Eigen::Index i = 0; i < z.rows(); ++i) out(i, j) = f(z(i, j), a(i, j));
  }
  return out;
}

}  // namespace

const util::NameTable<ActivationKind>& activation_table() {
  // activation_names() order; "silu" is Keras' other name of swish.
  static const util::NameTable<ActivationKind> table("activation", "activation",
                                                     {
                                                         {ActivationKind::relu, "relu"},
                                                         {ActivationKind::sigmoid, "sigmoid"},
                                                         {ActivationKind::tanh, "tanh"},
                                                         {ActivationKind::linear, "linear"},
                                                         {ActivationKind::elu, "elu"},
                                                         {ActivationKind::selu, "selu"},
                                                         {ActivationKind::softplus, "softplus"},
                                                         {ActivationKind::softsign, "softsign"},
                                                         {ActivationKind::swish, "swish"},
                                                         {ActivationKind::gelu, "gelu"},
                                                         {ActivationKind::gelu_tanh, "gelu_tanh"},
                                                         {ActivationKind::hard_sigmoid, "hard_sigmoid"},
                                                         {ActivationKind::exponential, "exponential"},
                                                         {ActivationKind::leaky_relu, "leaky_relu"},
                                                         {ActivationKind::relu6, "relu6"},
                                                         {ActivationKind::mish, "mish"},
                                                     },
                                                     {{ActivationKind::swish, "silu"}});
  return table;
}

const std::vector<std::string>& activation_names() { return activation_table().names(); }

// alpha keeps its default: it is a parameter of the layer, not part of the name.
Activation Activation::parse(std::string_view name) { return Activation{activation_table().parse(name)}; }

std::string Activation::name() const { return activation_table().name(kind); }

Eigen::MatrixXd Activation::apply(const Eigen::MatrixXd& z) const { return apply_as<double>(*this, z); }

Eigen::MatrixXf Activation::apply_float(const Eigen::MatrixXf& z) const { return apply_as<float>(*this, z); }

Eigen::MatrixXd Activation::derivative(const Eigen::MatrixXd& z, const Eigen::MatrixXd& a) const {
  switch (kind) {
    case ActivationKind::relu:
      return map<double>(z, [](double v) { return v > 0.0 ? 1.0 : 0.0; });
    case ActivationKind::sigmoid:
      return map2(z, a, [](double, double s) { return s * (1.0 - s); });
    case ActivationKind::tanh:
      return map2(z, a, [](double, double t) { return 1.0 - t * t; });
    case ActivationKind::linear: return Eigen::MatrixXd::Ones(z.rows(), z.cols());
    case ActivationKind::elu:
      return map2(z, a, [](double, double e) { return e < 0.0 ? e + 1.0 : 1.0; });
    case ActivationKind::selu:
      return map2(z, a, [](double, double s) { return s < 0.0 ? s + selu_scale * selu_alpha : selu_scale; });
    case ActivationKind::softplus: return map<double>(z, sigmoid<double>);
    case ActivationKind::softsign:
      return map<double>(z, [](double v) {
        const double d = 1.0 + std::abs(v);
        return 1.0 / (d * d);
      });
    case ActivationKind::swish:  // s + x s (1 - s)
      return map<double>(z, [](double v) {
        const double s = sigmoid(v);
        return s * (1.0 + v * (1.0 - s));
      });
    case ActivationKind::gelu:  // Phi(x) + x phi(x)
      return map<double>(z, [](double v) {
        const double cdf = 0.5 * (1.0 + std::erf(v / std::numbers::sqrt2));
        const double pdf = std::exp(-0.5 * v * v) / std::sqrt(2.0 * std::numbers::pi);
        return cdf + v * pdf;
      });
    case ActivationKind::gelu_tanh:
      return map<double>(z, [](double v) {
        const double t = std::tanh(gelu_tanh_c * (v + gelu_tanh_k * v * v * v));
        const double du = gelu_tanh_c * (1.0 + 3.0 * gelu_tanh_k * v * v);
        return 0.5 * (1.0 + t) + 0.5 * v * (1.0 - t * t) * du;
      });
    case ActivationKind::hard_sigmoid:
      return map<double>(z, [](double v) {
        const double u = 0.2 * v + 0.5;
        return (u >= 0.0 && u <= 1.0) ? 0.2 : 0.0;
      });
    case ActivationKind::exponential: return a;
    case ActivationKind::leaky_relu: {
      const double slope = alpha;
      return map<double>(z, [slope](double v) { return v > 0.0 ? 1.0 : slope; });
    }
    case ActivationKind::relu6:
      return map<double>(z, [](double v) { return (v > 0.0 && v < 6.0) ? 1.0 : 0.0; });
    case ActivationKind::mish:  // tanh(sp) + x sigmoid(x) (1 - tanh(sp)^2)
      return map<double>(z, [](double v) {
        const double t = std::tanh(softplus(v));
        return t + v * sigmoid(v) * (1.0 - t * t);
      });
  }
  throw Error("unhandled activation kind");
}

}  // namespace nnviz::model
