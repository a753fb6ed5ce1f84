// Frame schedules: which epochs or steps become frames (FrameTimes), and fit() keeping exactly
// those, trained exactly as a run that keeps every frame; the stop rules checked every epoch.
#include "nnviz/train/schedule.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "nnviz/train/trainer.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/numpy_random.hpp"
#include "train_test_support.hpp"

namespace {

using nnviz::train::FrameSchedule;
using nnviz::train::FrameSpacing;
using nnviz::train::FrameTimes;
using nnviz::train::StopReason;
using nnviz::train::TrainConfig;
using nnviz::util::NumpyRandom;
using Units = std::vector<std::int64_t>;

const nnviz::data::Dataset& blobs() {
  static const nnviz::data::Dataset data = nnviz::test::read_blobs_csv(NNVIZ_SOURCE_DIR "/data/blobs_seed12345.csv");
  return data;
}
const nnviz::data::Dataset no_validation{};

FrameSchedule every(int n, bool steps = false) {
  FrameSchedule s;
  s.every = n;
  s.steps = steps;
  return s;
}

FrameSchedule capped(int frames, FrameSpacing spacing) {
  FrameSchedule s;
  s.max_frames = frames;
  s.spacing = spacing;
  return s;
}

TrainConfig config(int epochs, double stop_loss, FrameSchedule frames = {}) {
  TrainConfig c;
  c.epochs = epochs;
  c.stop_loss = stop_loss;
  c.frames = frames;
  return c;
}

// The notebook's run (seed 12345: its data's generator, then the weights, then the shuffles).
nnviz::train::TrainResult notebook_fit(const TrainConfig& c, const nnviz::train::ContinueCallback& keep_going = {}) {
  NumpyRandom rng(12345);
  nnviz::model::Architecture arch;
  arch.activations = {nnviz::model::Activation::parse("tanh")};
  const nnviz::model::Network net = nnviz::model::make_network(arch, rng);
  return nnviz::train::fit(net, blobs(), no_validation, c, rng, {}, keep_going);
}

std::vector<int> epochs_of(const nnviz::train::TrainResult& r) {
  std::vector<int> out;
  for (const auto& c : r.checkpoints) out.push_back(c.metrics.epoch);
  return out;
}

void expect_same_weights(const nnviz::model::Network& a, const nnviz::model::Network& b) {
  ASSERT_EQ(a.layers.size(), b.layers.size());
  for (std::size_t l = 0; l < a.layers.size(); ++l) {
    EXPECT_EQ(a.layers[l].W, b.layers[l].W) << "layer " << l;
    EXPECT_EQ(a.layers[l].b, b.layers[l].b) << "layer " << l;
  }
}

TEST(frame_times, every_n_keeps_the_multiples_and_the_last) {
  const FrameTimes t(every(3), 10);
  EXPECT_EQ(t.units(), (Units{0, 3, 6, 9, 10}));
  EXPECT_EQ(t.count(), 5);
  for (std::int64_t u = 0; u <= 10; ++u) EXPECT_EQ(t.contains(u), u % 3 == 0 || u == 10) << u;
  EXPECT_FALSE(t.contains(11));
  EXPECT_EQ(FrameTimes(every(5), 10).units(), (Units{0, 5, 10}));
  EXPECT_EQ(FrameTimes(every(1), 0).units(), (Units{0}));
  EXPECT_EQ(FrameTimes(every(1), 0).count(), 1);
  EXPECT_EQ(FrameTimes(every(7), 100000).count(), 14286 + 1);  // 0, 7, ..., 99995 and 100000
}

TEST(frame_times, a_linear_cap_spreads_its_frames_evenly) {
  EXPECT_EQ(FrameTimes(capped(5, FrameSpacing::linear), 100).units(), (Units{0, 25, 50, 75, 100}));
  EXPECT_EQ(FrameTimes(capped(3, FrameSpacing::linear), 7).units(), (Units{0, 4, 7}));
  // A cap above the run's frames keeps every epoch.
  EXPECT_EQ(FrameTimes(capped(50, FrameSpacing::linear), 4).units(), (Units{0, 1, 2, 3, 4}));
}

TEST(frame_times, a_log_schedule_is_dense_early_and_ends_at_the_last) {
  for (const std::int64_t total : {12, 200, 1000, 100000}) {
    for (const int cap : {2, 3, 12, 100}) {
      const Units u = FrameTimes(capped(cap, FrameSpacing::log), total).units();
      SCOPED_TRACE(::testing::Message() << "total " << total << " cap " << cap);
      EXPECT_EQ(u.size(), static_cast<std::size_t>(std::min<std::int64_t>(cap, total + 1)));
      EXPECT_EQ(u.front(), 0);
      EXPECT_EQ(u.back(), total);
      for (std::size_t i = 1; i < u.size(); ++i) EXPECT_LT(u[i - 1], u[i]);
      if (u.size() >= 4) {
        EXPECT_EQ(u[1], 1);  // the first epoch, where the picture changes most
        // The gaps grow: the last is at least the first, and far larger for a long run.
        EXPECT_GE(u[u.size() - 1] - u[u.size() - 2], u[2] - u[1]);
      }
    }
  }
  const Units u = FrameTimes(capped(12, FrameSpacing::log), 1000).units();
  EXPECT_GT(u[u.size() - 1] - u[u.size() - 2], 100 * (u[2] - u[1]));
  // Without a cap a log schedule has 100 frames.
  FrameSchedule log;
  log.spacing = FrameSpacing::log;
  EXPECT_EQ(FrameTimes(log, 100000).count(), 100);
}

TEST(frame_times, refuses_what_cannot_be_a_schedule) {
  EXPECT_THROW(FrameTimes(every(0), 10), nnviz::UsageError);
  EXPECT_THROW(FrameTimes(capped(1, FrameSpacing::linear), 10), nnviz::UsageError);
  FrameSchedule both = every(3);
  both.max_frames = 10;
  EXPECT_THROW(FrameTimes(both, 10), nnviz::UsageError);
  both.max_frames = 0;
  both.spacing = FrameSpacing::log;
  EXPECT_THROW(FrameTimes(both, 10), nnviz::UsageError);
}

TEST(schedule_fit, every_n_keeps_those_epochs_trained_as_the_full_run) {
  const auto all = notebook_fit(config(10, 0.0));
  const auto some = notebook_fit(config(10, 0.0, every(4)));
  EXPECT_EQ(epochs_of(some), (std::vector<int>{0, 4, 8, 10}));
  for (const auto& c : some.checkpoints) {
    const auto& same = all.checkpoints.at(static_cast<std::size_t>(c.metrics.epoch));
    expect_same_weights(c.network(), same.network());
    EXPECT_EQ(c.metrics.loss, same.metrics.loss);
    EXPECT_EQ(c.metrics.step, 13 * c.metrics.epoch);  // 400 rows, batches of 32: 13 steps an epoch
  }
  EXPECT_EQ(some.reason, StopReason::epochs);
}

TEST(schedule_fit, the_last_frame_is_where_the_stop_rule_stopped) {
  const auto all = notebook_fit(config(500, 0.263));
  ASSERT_EQ(all.reason, StopReason::stop_loss);
  const int stop = all.checkpoints.back().metrics.epoch;
  ASSERT_GT(stop, 3);
  ASSERT_NE(stop % 50, 0);
  const auto some = notebook_fit(config(500, 0.263, every(50)));
  EXPECT_EQ(some.reason, StopReason::stop_loss);
  std::vector<int> expected;
  for (int e = 0; e < stop; e += 50) expected.push_back(e);
  expected.push_back(stop);
  EXPECT_EQ(epochs_of(some), expected);
  expect_same_weights(some.checkpoints.back().network(), all.checkpoints.back().network());
  // A log schedule stops there too.
  const auto log = notebook_fit(config(500, 0.263, capped(20, FrameSpacing::log)));
  EXPECT_EQ(log.checkpoints.back().metrics.epoch, stop);
  EXPECT_LE(log.checkpoints.size(), 20u);
}

TEST(schedule_fit, steps_snapshot_every_batch_and_meet_the_epochs_at_their_ends) {
  const auto by_epoch = notebook_fit(config(3, 0.0));
  const auto by_step = notebook_fit(config(3, 0.0, every(1, true)));
  ASSERT_EQ(by_step.checkpoints.size(), 40u);  // 3 epochs x 13 steps, and the untrained model
  for (std::size_t i = 0; i < by_step.checkpoints.size(); ++i) {
    const auto& m = by_step.checkpoints[i].metrics;
    EXPECT_EQ(m.step, static_cast<std::int64_t>(i));
    EXPECT_EQ(m.epoch, static_cast<int>((m.step + 12) / 13)) << "step " << m.step;  // the epoch it belongs to
  }
  for (int e = 0; e <= 3; ++e) {
    const auto& at_end = by_step.checkpoints[static_cast<std::size_t>(13 * e)];
    expect_same_weights(at_end.network(), by_epoch.checkpoints[static_cast<std::size_t>(e)].network());
    EXPECT_EQ(at_end.metrics.loss, by_epoch.checkpoints[static_cast<std::size_t>(e)].metrics.loss);
  }
  // Consecutive step snapshots differ: each is a real step.
  EXPECT_NE(by_step.checkpoints[1].network().layers[0].W, by_step.checkpoints[2].network().layers[0].W);

  const auto every5 = notebook_fit(config(3, 0.0, every(5, true)));
  std::vector<std::int64_t> steps;
  for (const auto& c : every5.checkpoints) steps.push_back(c.metrics.step);
  EXPECT_EQ(steps, (Units{0, 5, 10, 15, 20, 25, 30, 35, 39}));
}

TEST(schedule_fit, step_snapshots_end_at_the_epoch_the_stop_rule_stopped) {
  const auto all = notebook_fit(config(500, 0.263));
  const int stop = all.checkpoints.back().metrics.epoch;
  const auto by_step = notebook_fit(config(500, 0.263, every(100, true)));
  EXPECT_EQ(by_step.reason, StopReason::stop_loss);
  EXPECT_EQ(by_step.checkpoints.back().metrics.step, 13 * stop);
  EXPECT_EQ(by_step.checkpoints.back().metrics.epoch, stop);
  expect_same_weights(by_step.checkpoints.back().network(), all.checkpoints.back().network());
}

// Keras' EarlyStopping(monitor="loss", patience=P, min_delta=0) over a run's losses of epochs
// 1..: the epoch it stops at, or -1.
int keras_patience_stop(const nnviz::train::TrainResult& run, int patience) {
  double best = std::numeric_limits<double>::infinity();
  int wait = 0;
  for (const auto& c : run.checkpoints) {
    if (c.metrics.epoch == 0) continue;
    if (c.metrics.loss < best) {
      best = c.metrics.loss;
      wait = 0;
    } else if (++wait >= patience) {
      return c.metrics.epoch;
    }
  }
  return -1;
}

TEST(schedule_fit, stop_patience_stops_where_keras_early_stopping_would) {
  const auto all = notebook_fit(config(400, 0.0));
  for (const int patience : {1, 3, 10}) {
    const int expected = keras_patience_stop(all, patience);
    ASSERT_GT(expected, 0) << "the run never plateaus for " << patience << " epochs";
    TrainConfig c = config(400, 0.0, every(25));
    c.stop_patience = patience;
    const auto stopped = notebook_fit(c);
    EXPECT_EQ(stopped.reason, StopReason::stop_patience) << patience;
    EXPECT_EQ(stopped.checkpoints.back().metrics.epoch, expected) << patience;
    expect_same_weights(stopped.checkpoints.back().network(),
                        all.checkpoints.at(static_cast<std::size_t>(expected)).network());
  }
  TrainConfig bad = config(10, 0.0);
  bad.stop_patience = -1;
  EXPECT_THROW(nnviz::train::validate(bad), nnviz::UsageError);
}

TEST(schedule_fit, a_signal_between_frames_stops_within_the_epoch) {
  int calls = 0;
  const auto r = notebook_fit(config(100000, 0.0, every(1000)), [&] { return ++calls < 5; });
  EXPECT_EQ(r.reason, StopReason::interrupted);
  // Asked after epochs 0, 1, 2, 3 and 4 (the fifth answer is no): the untrained model, and the
  // epoch where it stopped, though no frame was due before epoch 1000.
  EXPECT_EQ(epochs_of(r), (std::vector<int>{0, 4}));
  // With steps the signal is seen at the step.
  calls = 0;
  const auto s = notebook_fit(config(100000, 0.0, every(1000, true)), [&] { return ++calls < 20; });
  EXPECT_EQ(s.reason, StopReason::interrupted);
  EXPECT_EQ(s.checkpoints.back().metrics.step, 20);
}

TEST(schedule_fit, planned_frames_counts_the_schedule) {
  EXPECT_EQ(nnviz::train::planned_frames(config(200, 0.0), 400), 201);
  EXPECT_EQ(nnviz::train::planned_frames(config(200, 0.0, every(50)), 400), 5);
  EXPECT_EQ(nnviz::train::planned_frames(config(3, 0.0, every(1, true)), 400), 40);
  EXPECT_EQ(nnviz::train::planned_frames(config(100000, 0.0, capped(30, FrameSpacing::log)), 400), 30);
  EXPECT_EQ(nnviz::train::steps_per_epoch(400, 32), 13);
  EXPECT_EQ(nnviz::train::steps_per_epoch(384, 32), 12);
}

}  // namespace
