#include "nnviz/train/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <sstream>
#include <utility>

#include "nnviz/model/loss.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/names.hpp"
#include "nnviz/util/numpy_random.hpp"

namespace nnviz::train {
namespace {

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";  // not "-nan": the sign of a NaN means nothing here
  std::ostringstream out;
  out << value;
  return out.str();
}

void check_dataset(const model::Network& network, const data::Dataset& data, const char* which) {
  const Eigen::Index inputs = network.layers.front().W.rows();
  if (data.X.cols() != inputs) {
    throw UsageError(std::string("the ") + which + " set has " + std::to_string(data.X.cols()) +
                     " columns; the network expects " + std::to_string(inputs));
  }
  if (data.y.size() != data.X.rows()) {
    throw UsageError(std::string("the ") + which + " set has " + std::to_string(data.X.rows()) + " rows but " +
                     std::to_string(data.y.size()) + " labels");
  }
}

// Rows `index[begin, end)` of X and y, in that order.
void gather(const data::Dataset& data, const std::vector<int>& index, std::size_t begin, std::size_t end,
            Eigen::MatrixXd& X, Eigen::VectorXd& y) {
  const auto rows = static_cast<Eigen::Index>(end - begin);
  X.resize(rows, data.X.cols());  // (batch, inputs)
  y.resize(rows);                 // (batch)
  for (Eigen::Index r = 0; r < rows; ++r) {
    const int source = index[begin + static_cast<std::size_t>(r)];
    X.row(r) = data.X.row(source);
    y(r) = data.y(source);
  }
}

}  // namespace

std::string stop_reason_name(StopReason reason) {
  // Written into run records and summaries; never parsed from user input.
  static const util::NameTable<StopReason> table("stop reason", "",
                                                 {{StopReason::epochs, "epochs"},
                                                  {StopReason::stop_loss, "stop_loss"},
                                                  {StopReason::diverged, "diverged"},
                                                  {StopReason::interrupted, "interrupted"}});
  return table.name(reason);
}

void validate(const TrainConfig& config) {
  validate(config.optimizer);
  if (config.batch_size < 1) throw UsageError("batch_size", "the batch size must be >= 1 (got " + std::to_string(config.batch_size) + ")");
  if (config.epochs < 0) throw UsageError("epochs", "the number of epochs must be >= 0 (got " + std::to_string(config.epochs) + ")");
  if (!(std::isfinite(config.stop_loss) && config.stop_loss >= 0.0)) {
    throw UsageError("stop_loss", "the stop loss must be a finite number >= 0, 0 disables (got " + format_number(config.stop_loss) + ")");
  }
  if (!(std::isfinite(config.l2) && config.l2 >= 0.0)) {
    throw UsageError("l2", "the L2 factor must be a finite number >= 0 (got " + format_number(config.l2) + ")");
  }
}

Evaluation evaluate(const model::Network& network, const data::Dataset& data, double l2) {
  const Eigen::VectorXd logits = model::logits(network, data.X);  // (n)
  return {model::bce_from_logits(logits, data.y) + model::l2_penalty(network, l2),
          model::accuracy_from_logits(logits, data.y)};
}

EpochTrainer::EpochTrainer(const TrainConfig& config) : config_(config) {
  validate(config_);
  optimizer_ = Optimizer::make(config_.optimizer);
}

std::string EpochTrainer::run_epoch(model::Network& network, const data::Dataset& train, int epoch,
                                    util::NumpyRandom& rng) {
  const auto n = static_cast<std::size_t>(train.size());
  const auto batch_size = static_cast<std::size_t>(config_.batch_size);
  order_.resize(n);
  std::iota(order_.begin(), order_.end(), 0);  // a fresh arange: the permutation depends on it
  rng.shuffle(order_);
  for (std::size_t begin = 0, batch = 0; begin < n; begin += batch_size, ++batch) {
    const std::size_t end = std::min(begin + batch_size, n);
    gather(train, order_, begin, end, batch_X_, batch_y_);
    model::forward(network, batch_X_, pass_);
    // TerminateOnNaN needs only whether the batch's loss is finite; the loss itself is
    // computed for the message alone.
    const double penalty = model::l2_penalty(network, config_.l2);
    const Eigen::MatrixXd& logits = pass_.pre.back();  // (batch, 1)
    if (!model::bce_is_finite(logits.col(0), batch_y_, penalty)) {
      return "Epoch " + std::to_string(epoch) + ", batch " + std::to_string(batch) + ": Invalid loss " +
             format_number(model::bce_from_logits(logits.col(0), batch_y_) + penalty) + ", terminating training";
    }
    model::backward(network, pass_, batch_X_, batch_y_, config_.l2, grads_, backward_buffers_);
    optimizer_->step(network, grads_);
  }
  return "";
}

Checkpoint make_checkpoint(const model::Network& network, const data::Dataset& train, const data::Dataset& validation,
                           const TrainConfig& config, int epoch, std::chrono::steady_clock::time_point started) {
  Checkpoint checkpoint;
  checkpoint.metrics.epoch = epoch;
  const Evaluation on_train = evaluate(network, train, config.l2);
  checkpoint.metrics.loss = on_train.loss;
  checkpoint.metrics.accuracy = on_train.accuracy;
  if (validation.size() > 0) {
    const Evaluation on_validation = evaluate(network, validation, config.l2);
    checkpoint.metrics.val_loss = on_validation.loss;
    checkpoint.metrics.val_accuracy = on_validation.accuracy;
  }
  checkpoint.metrics.lr = config.optimizer.lr;
  checkpoint.metrics.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  checkpoint.network = network;
  return checkpoint;
}

TrainResult fit(model::Network network, const data::Dataset& train, const data::Dataset& validation,
                const TrainConfig& config, util::NumpyRandom& rng, const CheckpointCallback& on_checkpoint) {
  validate(config);
  if (network.layers.empty()) throw Error("fit: the network has no layers");
  if (train.size() == 0) throw UsageError("the training set is empty");
  check_dataset(network, train, "training");
  if (validation.size() > 0) check_dataset(network, validation, "validation");

  EpochTrainer trainer(config);
  const auto started = std::chrono::steady_clock::now();
  TrainResult result;
  for (int epoch = 0;; ++epoch) {
    // Frame 0 is the untrained model. invalid_batch is set when a batch's loss was NaN/Inf.
    const std::string invalid_batch = epoch > 0 ? trainer.run_epoch(network, train, epoch, rng) : std::string();
    result.checkpoints.push_back(make_checkpoint(network, train, validation, config, epoch, started));
    const Checkpoint& kept = result.checkpoints.back();
    // The callback sees every frame, the diverged one included (it is kept for the record).
    const bool go_on = on_checkpoint ? on_checkpoint(kept) : true;

    const double loss = kept.metrics.loss;
    if (!invalid_batch.empty() || !std::isfinite(loss)) {
      result.reason = StopReason::diverged;
      result.message = !invalid_batch.empty()
                           ? invalid_batch
                           : "Epoch " + std::to_string(epoch) + ": Invalid loss " + format_number(loss) +
                                 ", terminating training";
      result.message += " (try a smaller learning rate)";
      return result;
    }
    if (!go_on) {
      result.reason = StopReason::interrupted;
      result.message = "stopped after epoch " + std::to_string(epoch);
      return result;
    }
    if (config.stop_loss > 0.0 && loss <= config.stop_loss) {
      result.reason = StopReason::stop_loss;
      result.message = "loss " + format_number(loss) + " <= --stop-loss " + format_number(config.stop_loss) +
                       " after epoch " + std::to_string(epoch);
      return result;
    }
    if (epoch >= config.epochs) {
      result.reason = StopReason::epochs;
      result.message = "trained " + std::to_string(config.epochs) + " epochs";
      return result;
    }
  }
}

}  // namespace nnviz::train
