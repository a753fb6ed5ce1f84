#pragma once
// The values training hands out: one frame's metrics, the weights behind them, why it stopped.
// Needs only the network, so that scenes, pictures and saved runs do not compile the optimizer.
#include <optional>
#include <string>

#include "nnviz/model/network.hpp"

namespace nnviz::train {

struct Metrics {
  int epoch = 0;  // epochs of training behind this model (frame k shows epoch k)
  double loss = 0.0;
  double accuracy = 0.0;
  std::optional<double> val_loss;
  std::optional<double> val_accuracy;
  double lr = 0.0;
  double wall_seconds = 0.0;  // since training started
};

struct Checkpoint {
  Metrics metrics;
  model::Network network;  // the weights after `metrics.epoch` epochs
};

enum class StopReason { epochs, stop_loss, diverged, interrupted };
std::string stop_reason_name(StopReason reason);  // "epochs", "stop_loss", "diverged", "interrupted"

}  // namespace nnviz::train
