#include "nnviz/train/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <optional>
#include <cmath>
#include <numeric>
#include <sstream>
#include <utility>

#include "nnviz/model/loss.hpp"
#include "nnviz/train/schedule.hpp"
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
                                                  {StopReason::stop_patience, "stop_patience"},
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
  if (config.stop_patience < 0)
    throw UsageError("stop_patience", "the patience must be >= 0 epochs, 0 disables (got " +
                                          std::to_string(config.stop_patience) + ")");
  validate(config.frames);
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
                                    util::NumpyRandom& rng, const StepCallback& after_step) {
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
    if (after_step && !after_step(network)) break;
  }
  return "";
}

namespace {

Metrics evaluate_metrics(const model::Network& network, const data::Dataset& train, const data::Dataset& validation,
                         const TrainConfig& config, int epoch, std::chrono::steady_clock::time_point started,
                         std::int64_t step) {
  Metrics m;
  m.epoch = epoch;
  m.step = step;
  const Evaluation on_train = evaluate(network, train, config.l2);
  m.loss = on_train.loss;
  m.accuracy = on_train.accuracy;
  if (validation.size() > 0) {
    const Evaluation on_validation = evaluate(network, validation, config.l2);
    m.val_loss = on_validation.loss;
    m.val_accuracy = on_validation.accuracy;
  }
  m.lr = config.optimizer.lr;
  m.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return m;
}

}  // namespace

Checkpoint make_checkpoint(const model::Network& network, const data::Dataset& train, const data::Dataset& validation,
                           const TrainConfig& config, int epoch, std::chrono::steady_clock::time_point started,
                           std::int64_t step) {
  return {evaluate_metrics(network, train, validation, config, epoch, started, step), network};
}

TrainResult fit(model::Network network, const data::Dataset& train, const data::Dataset& validation,
                const TrainConfig& config, util::NumpyRandom& rng, const CheckpointCallback& on_checkpoint,
                const ContinueCallback& keep_going, CheckpointStore* store) {
  validate(config);
  if (network.layers.empty()) throw Error("fit: the network has no layers");
  if (train.size() == 0) throw UsageError("the training set is empty");
  check_dataset(network, train, "training");
  if (validation.size() > 0) check_dataset(network, validation, "validation");

  std::optional<CheckpointStore> own_store;
  if (store == nullptr) store = &own_store.emplace();
  EpochTrainer trainer(config);
  const auto started = std::chrono::steady_clock::now();
  const bool by_step = config.frames.steps;
  const std::int64_t per_epoch = steps_per_epoch(train.size(), config.batch_size);
  const FrameTimes frames(config.frames, by_step ? config.epochs * per_epoch : config.epochs);
  TrainResult result;
  std::int64_t step = 0;
  bool stopped = false;  // by the callbacks: a signal
  // Keeps the snapshot of now (evaluated here, unless `at` is that evaluation) as a frame: only
  // kept ones copy the weights (into the store: memory or its temporary file).
  const auto keep = [&](int epoch, const Metrics* at) {
    result.checkpoints.emplace_back(at ? *at : evaluate_metrics(network, train, validation, config, epoch, started, step),
                                    store->keep(network));
    // The callback sees every frame, the diverged one included (it is kept for the record).
    if (on_checkpoint && !on_checkpoint(result.checkpoints.back())) stopped = true;
  };
  const auto kept_now = [&] { return !result.checkpoints.empty() && result.checkpoints.back().metrics.step == step; };
  // EarlyStopping's state: the best loss so far and the epochs since it (Keras starts at +inf).
  double best = std::numeric_limits<double>::infinity();
  int since_best = 0;

  for (int epoch = 0;; ++epoch) {
    // Frame 0 is the untrained model. invalid_batch is set when a batch's loss was NaN/Inf.
    std::string invalid_batch;
    if (epoch > 0) {
      invalid_batch = trainer.run_epoch(network, train, epoch, rng, [&](const model::Network&) {
        ++step;
        if (by_step && frames.contains(step) && step % per_epoch != 0) keep(epoch, nullptr);
        // A signal is seen at the step with step snapshots, at the epoch's end otherwise.
        if (by_step && keep_going && !keep_going()) stopped = true;
        return !stopped;
      });
    }
    // The epoch's end: evaluated for the stop rules, kept when it is a frame or the last.
    const Metrics now = evaluate_metrics(network, train, validation, config, epoch, started, step);
    const double loss = now.loss;
    const bool diverged = !invalid_batch.empty() || !std::isfinite(loss);
    if (!by_step && keep_going && !keep_going()) stopped = true;
    std::optional<StopReason> reason;
    std::string message;
    if (diverged) {
      reason = StopReason::diverged;
      message = !invalid_batch.empty() ? invalid_batch
                                       : "Epoch " + std::to_string(epoch) + ": Invalid loss " + format_number(loss) +
                                             ", terminating training";
      message += " (try a smaller learning rate)";
    } else if (stopped) {
      reason = StopReason::interrupted;
      message = by_step ? "stopped after step " + std::to_string(step) + " (epoch " + std::to_string(epoch) + ")"
                        : "stopped after epoch " + std::to_string(epoch);
    } else if (config.stop_loss > 0.0 && loss <= config.stop_loss) {
      reason = StopReason::stop_loss;
      message = "loss " + format_number(loss) + " <= --stop-loss " + format_number(config.stop_loss) + " after epoch " +
                std::to_string(epoch);
    } else if (epoch > 0 && config.stop_patience > 0 && !(loss < best) && ++since_best >= config.stop_patience) {
      reason = StopReason::stop_patience;
      message = "loss not below " + format_number(best) + " for " + std::to_string(config.stop_patience) +
                " epoch(s) (--stop-patience) after epoch " + std::to_string(epoch);
    } else if (epoch >= config.epochs) {
      reason = StopReason::epochs;
      message = "trained " + std::to_string(config.epochs) + " epochs";
    }
    if (epoch > 0 && loss < best) {
      best = loss;
      since_best = 0;
    }
    const bool frame = by_step ? frames.contains(step) : frames.contains(epoch);
    if ((frame || reason) && !kept_now()) keep(epoch, &now);
    if (!reason && stopped) {  // the callback of that frame asked to stop
      reason = StopReason::interrupted;
      message = "stopped after epoch " + std::to_string(epoch);
    }
    if (reason) {
      result.reason = *reason;
      result.message = std::move(message);
      return result;
    }
  }
}

}  // namespace nnviz::train
