#pragma once
// Binary cross-entropy and accuracy, computed from the logit for stability.
#include <Eigen/Core>

namespace nnviz::model {
struct Network;

// mean over the batch of -[y log p + (1-y) log(1-p)], p = sigmoid(logit), without forming p.
double bce_from_logits(const Eigen::VectorXd& logits, const Eigen::VectorXd& y);
// mean((p > 0.5) == y), i.e. logit > 0.
double accuracy_from_logits(const Eigen::VectorXd& logits, const Eigen::VectorXd& y);
// l2 * sum of squared kernel entries (biases are not regularised), as Keras adds it to the loss.
double l2_penalty(const Network& net, double l2);

}  // namespace nnviz::model
