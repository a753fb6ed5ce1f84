#include "nnviz/model/loss.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "nnviz/model/network.hpp"
#include "nnviz/util/error.hpp"

namespace nnviz::model {
namespace {

void check_sizes(const VectorView& logits, const VectorView& y, const char* what) {
  if (logits.size() != y.size()) {
    throw Error(std::string(what) + ": " + std::to_string(logits.size()) + " logits for " +
                std::to_string(y.size()) + " labels");
  }
  if (logits.size() == 0) throw Error(std::string(what) + ": empty batch");
}

}  // namespace

// -[y log p + (1-y) log(1-p)] with p = sigmoid(z) equals max(z,0) - z y + log1p(e^-|z|)
// (tf.nn.sigmoid_cross_entropy_with_logits), which never overflows or takes log(0). tf.keras 2.x
// also takes this path when the output comes from a sigmoid, so the clipping at 1e-7 of the
// probability form does not apply.
double bce_from_logits(const VectorView& logits, const VectorView& y) {
  check_sizes(logits, y, "bce_from_logits");
  double sum = 0.0;
  for (Eigen::Index i = 0; i < logits.size(); ++i) {
    const double z = logits(i);
    sum += std::max(z, 0.0) - z * y(i) + std::log1p(std::exp(-std::abs(z)));
  }
  return sum / static_cast<double>(logits.size());
}

// Each row of bce_from_logits adds u + c with u = max(z,0) - z y (the same expression here) and
// c = log1p(e^-|z|) in [0, log 2]. If sum |u| <= 1e300 and |penalty| <= 1e300, every partial
// sum there stays below 1e300 + n log 2 and the result below 2e300 + log 2, far from DBL_MAX
// (1.8e308): finite. NaN or Inf in z, y or u fails the test (comparisons with NaN are false), so
// those, and sums that might overflow, take the full computation.
bool bce_is_finite(const VectorView& logits, const VectorView& y, double penalty) {
  check_sizes(logits, y, "bce_is_finite");
  constexpr double bound = 1e300;
  double sum_u = 0.0;
  for (Eigen::Index i = 0; i < logits.size(); ++i) {
    const double z = logits(i);
    sum_u += std::abs(std::max(z, 0.0) - z * y(i));
  }
  if (sum_u <= bound && std::abs(penalty) <= bound) return true;
  return std::isfinite(bce_from_logits(logits, y) + penalty);
}

double accuracy_from_logits(const VectorView& logits, const VectorView& y) {
  check_sizes(logits, y, "accuracy_from_logits");
  Eigen::Index correct = 0;
  for (Eigen::Index i = 0; i < logits.size(); ++i) {
    const double predicted = logits(i) > 0.0 ? 1.0 : 0.0;  // p > 0.5
    if (predicted == y(i)) ++correct;
  }
  return static_cast<double>(correct) / static_cast<double>(logits.size());
}

double l2_penalty(const Network& net, double l2) {
  if (l2 == 0.0) return 0.0;
  double sum = 0.0;
  for (const Dense& layer : net.layers) sum += layer.W.squaredNorm();
  return l2 * sum;
}

}  // namespace nnviz::model
