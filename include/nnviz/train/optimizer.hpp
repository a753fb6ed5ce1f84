#pragma once
// Optimizers with tf.keras 2.x defaults and update rules.
#include <memory>
#include <string>
#include <vector>

#include "nnviz/model/network.hpp"
#include "nnviz/train/config.hpp"
#include "nnviz/util/names.hpp"

namespace nnviz::train {

// Keras names, any case (util/names.hpp); UsageError (field "optimizer") listing them otherwise.
const util::NameTable<OptimizerKind>& optimizer_table();
OptimizerKind parse_optimizer(const std::string& name);
std::string optimizer_name(OptimizerKind kind);
const std::vector<std::string>& optimizer_names();

// Throws UsageError naming the field (lr, momentum) for a value Keras would reject.
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
