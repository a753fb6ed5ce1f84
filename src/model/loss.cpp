#include "nnviz/model/loss.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "nnviz/model/network.hpp"
#include "nnviz/util/error.hpp"

namespace nnviz::model {
namespace {

void check_sizes(const Eigen::VectorXd& logits, const Eigen::VectorXd& y, const char* what) {
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
double bce_from_logits(const Eigen::VectorXd& logits, const Eigen::VectorXd& y) {
  check_sizes(logits, y, "bce_from_logits");
  double sum = 0.0;
  for (Eigen::Index i = 0; i < logits.size(); ++i) {
    const double z = logits(i);
    sum += std::max(z, 0.0) - z * y(i) + std::log1p(std::exp(-std::abs(z)));
  }
  return sum / static_cast<double>(logits.size());
}

double accuracy_from_logits(const Eigen::VectorXd& logits, const Eigen::VectorXd& y) {
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
