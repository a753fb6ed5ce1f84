#pragma once
// Binary cross-entropy and accuracy, computed from the logit for stability.
#include <Eigen/Core>

namespace nnviz::model {
struct Network;

// Vectors by Eigen::Ref so that a column of a ForwardPass matrix is read in place, not copied.
using VectorView = Eigen::Ref<const Eigen::VectorXd>;

// mean over the batch of -[y log p + (1-y) log(1-p)], p = sigmoid(logit), without forming p.
double bce_from_logits(const VectorView& logits, const VectorView& y);
// Whether bce_from_logits(logits, y) + penalty is finite: what Keras' TerminateOnNaN asks of
// every training batch. Exact, but without an exp and a log1p per row unless a term is near
// the end of the double range (or is NaN/Inf), when it computes the loss itself.
bool bce_is_finite(const VectorView& logits, const VectorView& y, double penalty);
// mean((p > 0.5) == y), i.e. logit > 0.
double accuracy_from_logits(const VectorView& logits, const VectorView& y);
// l2 * sum of squared kernel entries (biases are not regularised), as Keras adds it to the loss.
double l2_penalty(const Network& net, double l2);

}  // namespace nnviz::model
