#include "nnviz/train/trainer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "nnviz/model/loss.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/numpy_random.hpp"
#include "train_test_support.hpp"

namespace {

using nnviz::train::StopReason;
using nnviz::train::TrainConfig;
using nnviz::util::NumpyRandom;

const nnviz::data::Dataset& blobs() {
  static const nnviz::data::Dataset data = nnviz::test::read_blobs_csv(NNVIZ_SOURCE_DIR "/data/blobs_seed12345.csv");
  return data;
}

nnviz::model::Network notebook_network(NumpyRandom& rng, const char* activation = "tanh") {
  nnviz::model::Architecture arch;
  arch.hidden = {2};
  arch.activations = {nnviz::model::Activation::parse(activation)};
  return nnviz::model::make_network(arch, rng);
}

TrainConfig notebook_config(int epochs, double stop_loss) {
  TrainConfig config;
  config.optimizer.kind = nnviz::train::OptimizerKind::adam;
  config.optimizer.lr = 0.1;
  config.epochs = epochs;
  config.stop_loss = stop_loss;
  return config;
}

const nnviz::data::Dataset no_validation{};

TEST(trainer, notebook_setup_learns_the_blobs) {
  NumpyRandom rng(12345);
  const nnviz::model::Network net = notebook_network(rng);
  const nnviz::train::TrainResult result = nnviz::train::fit(net, blobs(), no_validation, notebook_config(40, 0.0), rng);
  ASSERT_EQ(result.checkpoints.size(), 41u);
  EXPECT_EQ(result.reason, StopReason::epochs);
  for (std::size_t k = 0; k < result.checkpoints.size(); ++k) EXPECT_EQ(result.checkpoints[k].metrics.epoch, static_cast<int>(k));
  const nnviz::train::Metrics& first = result.checkpoints.front().metrics;
  const nnviz::train::Metrics& last = result.checkpoints.back().metrics;
  // Frame 0 is the untrained model (about chance); the middle class must be carved out.
  EXPECT_GT(first.loss, 0.6);
  EXPECT_LT(last.loss, 0.5 * first.loss);
  EXPECT_GT(last.accuracy, 0.85);
  EXPECT_FALSE(last.val_loss.has_value());
  EXPECT_DOUBLE_EQ(last.lr, 0.1);
  EXPECT_GE(last.wall_seconds, first.wall_seconds);
  // The frame's metrics are those of the frame's weights.
  const nnviz::train::Evaluation again = nnviz::train::evaluate(result.checkpoints[7].network(), blobs(), 0.0);
  EXPECT_EQ(again.loss, result.checkpoints[7].metrics.loss);
}

TEST(trainer, stops_after_the_first_frame_at_or_below_stop_loss) {
  NumpyRandom rng(12345);
  const nnviz::model::Network net = notebook_network(rng);
  const nnviz::train::TrainResult result = nnviz::train::fit(net, blobs(), no_validation, notebook_config(500, 0.263), rng);
  ASSERT_EQ(result.reason, StopReason::stop_loss) << result.message;
  ASSERT_GE(result.checkpoints.size(), 2u);
  EXPECT_LE(result.checkpoints.back().metrics.loss, 0.263);
  for (std::size_t k = 0; k + 1 < result.checkpoints.size(); ++k) EXPECT_GT(result.checkpoints[k].metrics.loss, 0.263);
  EXPECT_NE(result.message.find("--stop-loss"), std::string::npos);
}

TEST(trainer, frame_count_is_epochs_plus_one_at_most) {
  NumpyRandom rng(5);
  const nnviz::model::Network net = notebook_network(rng);
  NumpyRandom rng0(5);
  const nnviz::train::TrainResult none = nnviz::train::fit(net, blobs(), no_validation, notebook_config(0, 0.0), rng0);
  ASSERT_EQ(none.checkpoints.size(), 1u);  // frame 0 only: the untrained model
  EXPECT_EQ(none.reason, StopReason::epochs);
  NumpyRandom rng3(5);
  const nnviz::train::TrainResult three = nnviz::train::fit(net, blobs(), no_validation, notebook_config(3, 0.0), rng3);
  EXPECT_EQ(three.checkpoints.size(), 4u);
  // A stop loss met by the untrained model stops at frame 0.
  NumpyRandom rng_stop(5);
  const nnviz::train::TrainResult at_once = nnviz::train::fit(net, blobs(), no_validation, notebook_config(3, 50.0), rng_stop);
  EXPECT_EQ(at_once.checkpoints.size(), 1u);
  EXPECT_EQ(at_once.reason, StopReason::stop_loss);
}

TEST(trainer, epochs_are_shuffled_batches_with_a_partial_last_one) {
  // 10 rows, batch 4: each epoch is a numpy shuffle of 0..9 cut into 4 + 4 + 2 rows.
  nnviz::data::Dataset small;
  small.X = blobs().X.middleRows(95, 10);  // (10, 2): both classes
  small.y = blobs().y.segment(95, 10);
  NumpyRandom init(9);
  const nnviz::model::Network start = notebook_network(init);
  TrainConfig config = notebook_config(2, 0.0);
  config.optimizer.kind = nnviz::train::OptimizerKind::sgd;
  config.batch_size = 4;
  config.l2 = 0.01;
  NumpyRandom rng(77);
  const nnviz::train::TrainResult result = nnviz::train::fit(start, small, no_validation, config, rng);
  ASSERT_EQ(result.checkpoints.size(), 3u);

  nnviz::model::Network net = start;
  const std::unique_ptr<nnviz::train::Optimizer> sgd = nnviz::train::Optimizer::make(config.optimizer);
  NumpyRandom replay(77);
  for (int epoch = 1; epoch <= 2; ++epoch) {
    std::vector<int> index(10);
    std::iota(index.begin(), index.end(), 0);
    replay.shuffle(index);
    for (const auto& [begin, count] : std::vector<std::pair<int, int>>{{0, 4}, {4, 4}, {8, 2}}) {
      Eigen::MatrixXd X(count, 2);  // (batch, 2)
      Eigen::VectorXd y(count);     // (batch)
      for (int r = 0; r < count; ++r) {
        X.row(r) = small.X.row(index[static_cast<std::size_t>(begin + r)]);
        y(r) = small.y(index[static_cast<std::size_t>(begin + r)]);
      }
      const nnviz::model::ForwardPass pass = nnviz::model::forward(net, X);
      sgd->step(net, nnviz::model::backward(net, pass, X, y, config.l2));
    }
    for (std::size_t k = 0; k < net.layers.size(); ++k) {
      EXPECT_EQ(result.checkpoints[static_cast<std::size_t>(epoch)].network().layers[k].W, net.layers[k].W) << epoch;
      EXPECT_EQ(result.checkpoints[static_cast<std::size_t>(epoch)].network().layers[k].b, net.layers[k].b) << epoch;
    }
  }
  // Reported loss includes the l2 penalty, as Keras reports it.
  const nnviz::model::Network& final_net = result.checkpoints.back().network();
  const double bce = nnviz::model::bce_from_logits(nnviz::model::forward(final_net, small.X).logits(), small.y);
  EXPECT_NEAR(result.checkpoints.back().metrics.loss, bce + nnviz::model::l2_penalty(final_net, 0.01), 1e-15);
}

// EpochTrainer keeps its buffers and the optimizer between batches and epochs; a replay with
// fresh ones (model::forward/backward that allocate, the Keras shuffle spelled out) must give the
// same bits for every optimizer, several architectures and batch sizes (partial last batches),
// with l2. make_checkpoint's metrics must be those of evaluate() written out from forward().
TEST(trainer, epoch_trainer_equals_a_replay_with_fresh_buffers) {
  struct Case {
    nnviz::train::OptimizerKind optimizer;
    std::vector<int> hidden;
    const char* activation;
    int batch_size;
    double l2;
  };
  using nnviz::train::OptimizerKind;
  const std::vector<Case> cases{
      {OptimizerKind::adam, {2}, "tanh", 32, 0.0},         {OptimizerKind::sgd, {8, 8, 4}, "relu", 7, 0.001},
      {OptimizerKind::rmsprop, {16}, "swish", 400, 0.0},   {OptimizerKind::adagrad, {3, 5}, "elu", 50, 0.01},
      {OptimizerKind::adadelta, {2}, "sigmoid", 1, 0.0},   {OptimizerKind::adamax, {9, 9}, "gelu", 33, 0.0},
      {OptimizerKind::nadam, {4}, "softplus", 64, 0.001},
  };
  // 120 rows: both classes, and no batch size above divides it evenly except 1.
  nnviz::data::Dataset train;
  train.X = blobs().X.middleRows(60, 120);  // (120, 2)
  train.y = blobs().y.segment(60, 120);
  nnviz::data::Dataset validation;
  validation.X = blobs().X.middleRows(300, 40);  // (40, 2)
  validation.y = blobs().y.segment(300, 40);
  for (const Case& c : cases) {
    SCOPED_TRACE(nnviz::train::optimizer_name(c.optimizer) + ", batch " + std::to_string(c.batch_size));
    NumpyRandom init(21);
    nnviz::model::Architecture arch;
    arch.hidden = c.hidden;
    arch.activations = {nnviz::model::Activation::parse(c.activation)};
    const nnviz::model::Network start = nnviz::model::make_network(arch, init);
    TrainConfig config = notebook_config(3, 0.0);
    config.optimizer.kind = c.optimizer;
    config.optimizer.lr = 0.01;
    config.batch_size = c.batch_size;
    config.l2 = c.l2;

    nnviz::model::Network net = start;
    nnviz::train::EpochTrainer trainer(config);
    NumpyRandom rng(5);
    nnviz::model::Network replayed = start;
    const std::unique_ptr<nnviz::train::Optimizer> optimizer = nnviz::train::Optimizer::make(config.optimizer);
    NumpyRandom replay(5);
    const auto started = std::chrono::steady_clock::now();
    for (int epoch = 1; epoch <= 3; ++epoch) {
      EXPECT_EQ(trainer.run_epoch(net, train, epoch, rng), "");
      std::vector<int> index(120);
      std::iota(index.begin(), index.end(), 0);
      replay.shuffle(index);
      for (int begin = 0; begin < 120; begin += c.batch_size) {
        const int count = std::min(c.batch_size, 120 - begin);
        Eigen::MatrixXd X(count, 2);  // (batch, 2)
        Eigen::VectorXd y(count);     // (batch)
        for (int r = 0; r < count; ++r) {
          X.row(r) = train.X.row(index[static_cast<std::size_t>(begin + r)]);
          y(r) = train.y(index[static_cast<std::size_t>(begin + r)]);
        }
        optimizer->step(replayed, nnviz::model::backward(replayed, nnviz::model::forward(replayed, X), X, y, config.l2));
      }
      for (std::size_t k = 0; k < net.layers.size(); ++k) {
        EXPECT_EQ(net.layers[k].W, replayed.layers[k].W) << "epoch " << epoch << " layer " << k;
        EXPECT_EQ(net.layers[k].b, replayed.layers[k].b) << "epoch " << epoch << " layer " << k;
      }
      const nnviz::train::Checkpoint checkpoint = nnviz::train::make_checkpoint(net, train, validation, config, epoch, started);
      const double penalty = nnviz::model::l2_penalty(replayed, config.l2);
      const Eigen::VectorXd z = nnviz::model::forward(replayed, train.X).logits();              // (120)
      const Eigen::VectorXd z_validation = nnviz::model::forward(replayed, validation.X).logits();  // (40)
      EXPECT_EQ(checkpoint.metrics.epoch, epoch);
      EXPECT_EQ(checkpoint.metrics.loss, nnviz::model::bce_from_logits(z, train.y) + penalty);
      EXPECT_EQ(checkpoint.metrics.accuracy, nnviz::model::accuracy_from_logits(z, train.y));
      ASSERT_TRUE(checkpoint.metrics.val_loss.has_value());
      EXPECT_EQ(*checkpoint.metrics.val_loss, nnviz::model::bce_from_logits(z_validation, validation.y) + penalty);
      EXPECT_EQ(*checkpoint.metrics.val_accuracy, nnviz::model::accuracy_from_logits(z_validation, validation.y));
      EXPECT_EQ(checkpoint.network().layers.back().W, net.layers.back().W);
      EXPECT_GE(checkpoint.metrics.wall_seconds, 0.0);
    }
  }
}

// A batch whose loss is not finite ends the epoch before its step, with TerminateOnNaN's words.
TEST(trainer, epoch_trainer_stops_at_a_batch_with_an_invalid_loss) {
  nnviz::data::Dataset train;
  train.X = blobs().X.topRows(64);  // (64, 2)
  train.y = blobs().y.head(64);
  train.X(10, 0) = std::numeric_limits<double>::quiet_NaN();
  NumpyRandom rng(1);
  nnviz::model::Network net = notebook_network(rng);
  const nnviz::model::Network before = net;
  TrainConfig config = notebook_config(1, 0.0);
  config.batch_size = 64;  // one batch, which holds the NaN row
  nnviz::train::EpochTrainer trainer(config);
  const std::string message = trainer.run_epoch(net, train, 4, rng);
  EXPECT_EQ(message, "Epoch 4, batch 0: Invalid loss nan, terminating training");
  EXPECT_EQ(net.layers[0].W, before.layers[0].W);  // no step
}

TEST(trainer, same_seed_same_run) {
  NumpyRandom a(42);
  NumpyRandom b(42);
  const nnviz::train::TrainResult ra = nnviz::train::fit(notebook_network(a), blobs(), no_validation, notebook_config(5, 0.0), a);
  const nnviz::train::TrainResult rb = nnviz::train::fit(notebook_network(b), blobs(), no_validation, notebook_config(5, 0.0), b);
  EXPECT_EQ(ra.checkpoints.back().network().layers[0].W, rb.checkpoints.back().network().layers[0].W);
}

TEST(trainer, huge_learning_rate_with_linear_activation_diverges) {
  NumpyRandom rng(1);
  TrainConfig config = notebook_config(50, 0.0);
  config.optimizer.kind = nnviz::train::OptimizerKind::sgd;
  config.optimizer.lr = 1e200;
  int seen = 0;
  const nnviz::train::TrainResult result = nnviz::train::fit(
      notebook_network(rng, "linear"), blobs(), no_validation, config, rng, [&](const nnviz::train::Checkpoint&) {
        ++seen;
        return true;
      });
  EXPECT_EQ(result.reason, StopReason::diverged);
  EXPECT_LT(result.checkpoints.size(), 51u);
  EXPECT_EQ(seen, static_cast<int>(result.checkpoints.size()));  // the diverged frame is reported too
  EXPECT_NE(result.message.find("Invalid loss"), std::string::npos) << result.message;
  EXPECT_NE(result.message.find("terminating training"), std::string::npos);
  EXPECT_TRUE(std::isfinite(result.checkpoints.front().metrics.loss));
}

TEST(trainer, callback_returning_false_interrupts) {
  NumpyRandom rng(3);
  int calls = 0;
  const nnviz::train::TrainResult result = nnviz::train::fit(
      notebook_network(rng), blobs(), no_validation, notebook_config(100, 0.0), rng,
      [&](const nnviz::train::Checkpoint& checkpoint) {
        EXPECT_EQ(checkpoint.metrics.epoch, calls);
        ++calls;
        return checkpoint.metrics.epoch < 3;
      });
  EXPECT_EQ(result.reason, StopReason::interrupted);
  EXPECT_EQ(result.checkpoints.size(), 4u);
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(nnviz::train::stop_reason_name(result.reason), "interrupted");
}

TEST(trainer, validation_metrics_when_a_validation_set_is_given) {
  nnviz::data::Dataset train;
  nnviz::data::Dataset validation;
  // Every 4th row held out: both classes on each side.
  const Eigen::Index n = blobs().size();
  train.X.resize(n - n / 4, 2);
  train.y.resize(n - n / 4);
  validation.X.resize(n / 4, 2);
  validation.y.resize(n / 4);
  for (Eigen::Index i = 0, t = 0, v = 0; i < n; ++i) {
    if (i % 4 == 3) {
      validation.X.row(v) = blobs().X.row(i);
      validation.y(v++) = blobs().y(i);
    } else {
      train.X.row(t) = blobs().X.row(i);
      train.y(t++) = blobs().y(i);
    }
  }
  NumpyRandom rng(12345);
  const nnviz::train::TrainResult result = nnviz::train::fit(notebook_network(rng), train, validation, notebook_config(20, 0.0), rng);
  for (const nnviz::train::Checkpoint& c : result.checkpoints) {
    ASSERT_TRUE(c.metrics.val_loss.has_value());
    ASSERT_TRUE(c.metrics.val_accuracy.has_value());
  }
  EXPECT_LT(*result.checkpoints.back().metrics.val_loss, *result.checkpoints.front().metrics.val_loss);
}

TEST(trainer, invalid_configuration_names_the_option) {
  const auto message = [](const TrainConfig& config) -> std::string {
    NumpyRandom rng(1);
    try {
      (void)nnviz::train::fit(notebook_network(rng), blobs(), no_validation, config, rng);
    } catch (const nnviz::UsageError& e) {
      return e.field();  // the CLI names the flag (tests/cli/messages_test.cpp)
    }
    return "";
  };
  TrainConfig lr = notebook_config(1, 0.0);
  lr.optimizer.lr = 0.0;
  EXPECT_EQ(message(lr), "lr");
  TrainConfig batch = notebook_config(1, 0.0);
  batch.batch_size = 0;
  EXPECT_EQ(message(batch), "batch_size");
  TrainConfig epochs = notebook_config(-1, 0.0);
  EXPECT_EQ(message(epochs), "epochs");
  TrainConfig stop = notebook_config(1, -0.5);
  EXPECT_EQ(message(stop), "stop_loss");

  NumpyRandom rng(1);
  nnviz::data::Dataset three_columns;
  three_columns.X = Eigen::MatrixXd::Zero(4, 3);
  three_columns.y = Eigen::VectorXd::Zero(4);
  EXPECT_THROW((void)nnviz::train::fit(notebook_network(rng), three_columns, no_validation, notebook_config(1, 0.0), rng),
               nnviz::UsageError);
  EXPECT_THROW((void)nnviz::train::fit(notebook_network(rng), nnviz::data::Dataset{}, no_validation, notebook_config(1, 0.0), rng),
               nnviz::UsageError);
}

}  // namespace
