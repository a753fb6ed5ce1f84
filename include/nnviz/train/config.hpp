#pragma once
// What a training run is asked to do, as plain values (the optimizer's kind and settings, batch,
// epochs, the stop rule, l2): what a saved run records and a request carries.
namespace nnviz::train {

enum class OptimizerKind { adam, sgd, rmsprop, adagrad, adadelta, adamax, nadam };

struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::adam;
  double lr = 0.1;        // the notebook's; Keras' default is 0.001
  double momentum = 0.0;  // sgd (and rmsprop)
  bool nesterov = false;  // sgd
  bool amsgrad = false;   // adam
};

struct TrainConfig {
  OptimizerConfig optimizer;
  int batch_size = 32;
  int epochs = 200;
  double stop_loss = 0.263;  // stop after the first frame with loss <= this; 0 disables
  double l2 = 0.0;
};

}  // namespace nnviz::train
