#pragma once
// Keras-style fit/evaluate loop that hands out one small Checkpoint per epoch.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nnviz/data/dataset.hpp"
#include "nnviz/model/network.hpp"
#include "nnviz/train/checkpoint.hpp"
#include "nnviz/train/config.hpp"
#include "nnviz/train/optimizer.hpp"

namespace nnviz::util {
class NumpyRandom;
}

namespace nnviz::train {

// Throws UsageError naming the field at fault (lr, batch_size, epochs, stop_loss,
// stop_patience, l2, and the frame schedule's).
void validate(const TrainConfig& config);

// Keras' evaluate(): mean BCE over all rows plus the l2 penalty (as Keras reports it), and
// accuracy. `data` must have at least one row.
struct Evaluation {
  double loss = 0.0;
  double accuracy = 0.0;
};
Evaluation evaluate(const model::Network& network, const data::Dataset& data, double l2);

// One training epoch as fit() runs it (Keras 2 fit(shuffle=True)): a fresh arange of the rows
// permuted by `rng`, cut into consecutive batches of batch_size rows, the last one partial; per
// batch a forward pass, Keras' TerminateOnNaN check of the loss, backward and one optimizer
// step. Keeps the optimizer (whose slots carry over from epoch to epoch, as in Keras) and the
// buffers of a step, so that a step allocates only the activations' results.
class EpochTrainer {
 public:
  explicit EpochTrainer(const TrainConfig& config);  // validates it
  // Trains `network` on `train` for one epoch (`epoch` names it in the message). The data must
  // fit the network (fit() checks). Returns "" or, at the first batch whose loss is NaN/Inf,
  // TerminateOnNaN's message; that batch makes no step and the epoch ends there. `after_step`
  // (if given) is called after every step with the network it made; when it returns false the
  // epoch ends there (the rest of its batches are not trained).
  using StepCallback = std::function<bool(const model::Network&)>;
  std::string run_epoch(model::Network& network, const data::Dataset& train, int epoch, util::NumpyRandom& rng,
                        const StepCallback& after_step = {});

 private:
  TrainConfig config_;
  std::unique_ptr<Optimizer> optimizer_;
  std::vector<int> order_;   // (n) row indices, reshuffled every epoch
  Eigen::MatrixXd batch_X_;  // (batch, inputs)
  Eigen::VectorXd batch_y_;  // (batch)
  model::ForwardPass pass_;
  model::Gradients grads_;
  model::BackwardBuffers backward_buffers_;
};

// The frame after `epoch` epochs (`step` gradient steps): evaluate() on `train` (and on
// `validation` if it has rows), the learning rate, the time since `started`, and a copy of the
// weights.
Checkpoint make_checkpoint(const model::Network& network, const data::Dataset& train, const data::Dataset& validation,
                           const TrainConfig& config, int epoch, std::chrono::steady_clock::time_point started,
                           std::int64_t step = 0);

struct TrainResult {
  std::vector<Checkpoint> checkpoints;  // the frames, in order (config.frames picks them)
  StopReason reason = StopReason::epochs;
  std::string message;  // why it stopped, for logs
};

// Called for every checkpoint kept (frame 0 before any training). Return false to stop
// (StopReason::interrupted).
using CheckpointCallback = std::function<bool(const Checkpoint&)>;
// Called after every epoch (and with FrameSchedule::steps every step), kept or not: return
// false to stop (StopReason::interrupted). A run of 10^5 epochs with a frame every 1000 still
// answers a signal within an epoch.
using ContinueCallback = std::function<bool()>;

// fit(epochs=1) + evaluate per frame, as the notebook loops: batch_size rows per step, the
// whole training set reshuffled (from `rng`) every epoch, last batch partial. `validation` may
// be empty (0 rows). Only the snapshots config.frames picks are kept (schedule.hpp): the first,
// those of the schedule, and the one where training stopped. The stop rules (stop_loss,
// stop_patience) are checked after every epoch, on the training loss evaluated there. A NaN/Inf
// loss stops with StopReason::diverged (its checkpoint is kept). The kept weights go to `store`
// (nullptr: a store of the run's own with the default budget, checkpoint.hpp).
TrainResult fit(model::Network network, const data::Dataset& train, const data::Dataset& validation,
                const TrainConfig& config, util::NumpyRandom& rng,
                const CheckpointCallback& on_checkpoint = {}, const ContinueCallback& keep_going = {},
                CheckpointStore* store = nullptr);

}  // namespace nnviz::train
