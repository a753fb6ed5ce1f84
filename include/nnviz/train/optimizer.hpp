#pragma once
// Optimizers with tf.keras 2.x defaults and update rules.
#include <memory>
#include <string>
#include <vector>

#include "nnviz/model/network.hpp"
#include "nnviz/train/config.hpp"

namespace nnviz::train {

OptimizerKind parse_optimizer(const std::string& name);  // UsageError listing the valid names
std::string optimizer_name(OptimizerKind kind);
const std::vector<std::string>& optimizer_names();

// Throws UsageError naming the option (--lr, --momentum) for a value Keras would reject.
void validate(const OptimizerConfig& config);

// Keeps its own slots (moments, accumulators) shaped like the network it first steps.
class Optimizer {
 public:
  virtual ~Optimizer() = default;
  // Validates `config` first (see validate()).
  static std::unique_ptr<Optimizer> make(const OptimizerConfig& config);
  // One update of every parameter of `net` from `grads`; counts iterations itself.
  virtual void step(model::Network& net, const model::Gradients& grads) = 0;
};

}  // namespace nnviz::train
