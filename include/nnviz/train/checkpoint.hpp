#pragma once
// The values training hands out: one frame's metrics, the weights behind them, why it stopped.
// Needs only the network, so that scenes, pictures and saved runs do not compile the optimizer.
#include <cstdint>
#include <optional>
#include <string>

#include "nnviz/model/network.hpp"

namespace nnviz::train {

struct Metrics {
  // The epoch of this model: the epochs of training behind it or, for a snapshot after a
  // gradient step within an epoch (FrameSchedule::steps), the epoch that step belongs to.
  int epoch = 0;
  std::int64_t step = 0;  // gradient steps (batches) behind this model
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

enum class StopReason { epochs, stop_loss, stop_patience, diverged, interrupted };
// "epochs", "stop_loss", "stop_patience", "diverged", "interrupted"
std::string stop_reason_name(StopReason reason);

}  // namespace nnviz::train
