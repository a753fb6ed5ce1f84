// A run's views: planning without the quadratic history gives the views RunScenes::scene's panels
// give; one frame's view from the frames that decide it equals its view in the whole video;
// a raised interrupt flag stops the planning.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "nnviz/model/network.hpp"
#include "nnviz/scene/run_scenes.hpp"
#include "nnviz/util/interrupt.hpp"
#include "nnviz/util/numpy_random.hpp"

namespace {
using nnviz::scene::AxesMode;
using nnviz::scene::Bounds;

// A run of `frames` checkpoints whose weights grow (so the hidden panels move), with held-out
// points, a NaN loss among them and a frame whose validation loss is the largest.
nnviz::run::RunRecord drifting_run(int frames) {
  nnviz::run::RunRecord r;
  nnviz::util::NumpyRandom rng(3);
  r.train.X.resize(6, 2);
  r.train.X << -1, -1, 1, 1, -1, 1, 1, -1, 0.5, 0.2, -0.3, 0.8;
  r.train.y.resize(6);
  r.train.y << 0, 0, 1, 1, 0, 1;
  r.validation.X.resize(2, 2);
  r.validation.X << 0.1, 0.1, -0.9, 0.4;
  r.validation.y.resize(2);
  r.validation.y << 1, 0;
  nnviz::model::Architecture arch;
  arch.hidden = {3, 2};
  arch.activations.assign(2, nnviz::model::Activation::parse("tanh"));
  r.config.architecture = arch;
  const nnviz::model::Network start = nnviz::model::make_network(arch, rng);
  for (int f = 0; f < frames; ++f) {
    nnviz::train::Checkpoint c;
    nnviz::model::Network net = start;
    for (auto& layer : net.layers) layer.W *= 1.0 + 0.15 * f * ((f % 3) - 0.8);
    c.set_network(std::move(net));
    c.metrics.epoch = f;
    c.metrics.loss = f == 4 ? std::numeric_limits<double>::quiet_NaN() : 1.0 / (1.0 + f % 5);
    c.metrics.val_loss = f == 7 ? 3.5 : 0.5;
    r.checkpoints.push_back(std::move(c));
  }
  return r;
}

void expect_same(const std::vector<Bounds>& a, const std::vector<Bounds>& b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t p = 0; p < a.size(); ++p) {
    EXPECT_DOUBLE_EQ(a[p].xmin, b[p].xmin) << what << " panel " << p;
    EXPECT_DOUBLE_EQ(a[p].xmax, b[p].xmax) << what << " panel " << p;
    EXPECT_DOUBLE_EQ(a[p].ymin, b[p].ymin) << what << " panel " << p;
    EXPECT_DOUBLE_EQ(a[p].ymax, b[p].ymax) << what << " panel " << p;
  }
}

TEST(run_scenes, planned_views_are_those_of_the_frames_scenes) {
  const auto record = drifting_run(20);
  const nnviz::util::InterruptFlag never;
  const nnviz::scene::RunScenes scenes(record, 20, record.checkpoints.size(), never);
  ASSERT_EQ(scenes.size(), record.checkpoints.size());
  for (const AxesMode mode : {AxesMode::auto_fit, AxesMode::smooth, AxesMode::fixed}) {
    std::vector<std::vector<Bounds>> tight;
    for (std::size_t i = 0; i < record.checkpoints.size(); ++i) {
      std::vector<Bounds> b;
      for (const auto& p : scenes.scene(i).panels) b.push_back(p.bounds);
      tight.push_back(b);
    }
    const auto expected = nnviz::scene::plan_views(tight, mode);
    const auto planned = scenes.plan_views(mode, never);
    ASSERT_EQ(planned.size(), expected.size());
    for (std::size_t f = 0; f < planned.size(); ++f)
      expect_same(planned[f], expected[f], nnviz::scene::axes_mode_name(mode) + " frame " + std::to_string(f));
  }
}

TEST(run_scenes, one_frames_view_is_its_view_in_the_whole_video) {
  const auto record = drifting_run(20);
  const nnviz::util::InterruptFlag never;
  const nnviz::scene::RunScenes scenes(record, 20, record.checkpoints.size(), never);
  for (const AxesMode mode : {AxesMode::auto_fit, AxesMode::smooth, AxesMode::fixed}) {
    const auto all = scenes.plan_views(mode, never);
    for (std::size_t f = 0; f < all.size(); ++f)
      expect_same(scenes.plan_frame_view(mode, f, all.size(), never), all[f],
                  nnviz::scene::axes_mode_name(mode) + " frame " + std::to_string(f));
  }
}

TEST(run_scenes, frames_deciding_a_view) {
  using nnviz::scene::frames_deciding_view;
  EXPECT_EQ(frames_deciding_view(AxesMode::auto_fit, 5, 100).first, 5U);
  EXPECT_EQ(frames_deciding_view(AxesMode::auto_fit, 5, 100).last, 6U);
  EXPECT_EQ(frames_deciding_view(AxesMode::smooth, 0, 100000).first, 0U);
  EXPECT_LT(frames_deciding_view(AxesMode::smooth, 0, 100000).last, 20U);  // a look-ahead, not the run
  EXPECT_EQ(frames_deciding_view(AxesMode::smooth, 99, 100).last, 100U);
  EXPECT_EQ(frames_deciding_view(AxesMode::fixed, 0, 100).last, 100U);
  EXPECT_THROW(frames_deciding_view(AxesMode::fixed, 100, 100), nnviz::Error);
}

TEST(run_scenes, a_raised_flag_stops_the_planning) {
  const auto record = drifting_run(10);
  const nnviz::util::InterruptFlag never;
  const nnviz::scene::RunScenes scenes(record, 20, 10, never);
  nnviz::util::InterruptFlag flag;
  flag.raise(2);
  EXPECT_TRUE(scenes.plan_views(AxesMode::smooth, flag).empty());
  EXPECT_TRUE(scenes.plan_frame_view(AxesMode::fixed, 3, 10, flag).empty());
  // Fitting the projections stops too: no frame is left to plan or draw.
  const nnviz::scene::RunScenes stopped(record, 20, 10, flag);
  EXPECT_EQ(stopped.size(), 0U);
  EXPECT_TRUE(stopped.plan_views(AxesMode::smooth, never).empty());
  // One frame's view from a RunScenes whose fitting a signal cut short: empty, not an error.
  EXPECT_TRUE(stopped.plan_frame_view(AxesMode::smooth, 3, 10, flag).empty());
}

// --tween K: K frames between consecutive snapshots, the weights interpolated; the heading and
// the loss panel keep the snapshot the frame leaves.
TEST(run_scenes, in_between_frames_interpolate_the_weights_of_two_snapshots) {
  const auto record = drifting_run(4);
  const nnviz::util::InterruptFlag never;
  const nnviz::scene::RunScenes plain(record, 20, 4, never);
  const nnviz::scene::RunScenes tweened(record, 20, 4, never, 3);
  ASSERT_EQ(tweened.size(), 13U);  // (4 - 1) x (3 + 1) + 1
  EXPECT_EQ(nnviz::scene::RunScenes::frame_count(4, 3), 13U);
  EXPECT_EQ(nnviz::scene::RunScenes::frame_count(1, 3), 1U);
  EXPECT_EQ(nnviz::scene::RunScenes::frame_count(200, 0), 200U);
  // Half-way between snapshots 1 and 2 (frame 4 + 2): every weight is the midpoint.
  const nnviz::model::Network half = tweened.network(6);
  for (std::size_t l = 0; l < half.layers.size(); ++l) {
    const auto a = record.checkpoints[1].network().layers[l];
    const auto b = record.checkpoints[2].network().layers[l];
    EXPECT_LT((half.layers[l].W - 0.5 * (a.W + b.W)).cwiseAbs().maxCoeff(), 1e-15) << l;
    EXPECT_LT((half.layers[l].b - 0.5 * (a.b + b.b)).cwiseAbs().maxCoeff(), 1e-15) << l;
  }
  EXPECT_EQ(tweened.point(6).snapshot, 1U);
  EXPECT_DOUBLE_EQ(tweened.point(6).fraction, 0.5);
  // A snapshot's frame is the snapshot's scene; an in-between frame has the numbers of the one it leaves.
  for (std::size_t k = 0; k < 4; ++k) {
    const auto a = plain.scene(k), b = tweened.scene(tweened.frame_of_snapshot(k));
    EXPECT_EQ(a.mesh_prob, b.mesh_prob) << k;
    EXPECT_EQ(b.metrics.epoch, record.checkpoints[k].metrics.epoch);
  }
  const auto between = tweened.scene(6);
  EXPECT_EQ(between.metrics.epoch, 1);
  EXPECT_EQ(std::get<nnviz::scene::CurvePanel>(between.panels.back().content).history.size(), 2U);
  // ... and its picture lies between the two: the mesh's probabilities differ from both ends.
  EXPECT_NE(between.mesh_prob, plain.scene(1).mesh_prob);
  EXPECT_NE(between.mesh_prob, plain.scene(2).mesh_prob);
  // Views are planned over every frame, in-between ones included.
  EXPECT_EQ(tweened.plan_views(AxesMode::smooth, never).size(), 13U);
  for (std::size_t f = 0; f < 13; ++f)
    expect_same(tweened.plan_frame_view(AxesMode::smooth, f, 13, never), tweened.plan_views(AxesMode::smooth, never)[f],
                "tweened frame " + std::to_string(f));
}

}  // namespace
