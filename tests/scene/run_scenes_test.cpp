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

namespace {

// `record` with a tanh network of `hidden` units (seeded) in every frame, changed by
// `change(net, frame)`.
template <typename Change>
nnviz::run::RunRecord with_tanh_network(nnviz::run::RunRecord record, const std::vector<int>& hidden, unsigned seed,
                                        Change change) {
  nnviz::util::NumpyRandom rng(seed);
  nnviz::model::Architecture arch;
  arch.hidden = hidden;
  arch.activations.assign(hidden.size(), nnviz::model::Activation::parse("tanh"));
  const nnviz::model::Network start = nnviz::model::make_network(arch, rng);
  for (std::size_t f = 0; f < record.checkpoints.size(); ++f) {
    nnviz::model::Network net = start;
    change(net, static_cast<double>(f));
    record.checkpoints[f].set_network(std::move(net));
  }
  record.config.architecture = arch;
  return record;
}

// A long smooth run's frame needs its look-ahead and 200 frames back, not the whole run: the
// view from those frames is the view planned over every frame, to the last bit.
TEST(run_scenes_long, a_smooth_view_depends_on_a_window_of_frames) {
  using nnviz::scene::frames_deciding_view;
  const std::size_t count = 900;
  std::vector<std::vector<Bounds>> tight(count);
  for (std::size_t f = 0; f < count; ++f) {
    const double t = static_cast<double>(f);
    // Boxes that grow, jump and shrink: every branch of the easing (growth, the frame's own box,
    // the span limit) is taken somewhere.
    const double s = 1.0 + 0.5 * std::sin(t / 7.0) + (f % 97 == 0 ? 3.0 : 0.0) + 1e-3 * t;
    tight[f] = {Bounds{-s, 0.7 * s, -0.2 * s + std::cos(t / 3.0), s}, Bounds{0, t + 1, 0, 2.0 / (1 + t)}};
  }
  const auto all = nnviz::scene::plan_views(tight, AxesMode::smooth);
  for (const std::size_t frame : {0UL, 150UL, 200UL, 201UL, 450UL, 777UL, 899UL}) {
    const auto span = frames_deciding_view(AxesMode::smooth, frame, count);
    EXPECT_LE(frame + 1 - span.first, 201U) << frame;
    const std::vector<std::vector<Bounds>> part(tight.begin() + static_cast<std::ptrdiff_t>(span.first),
                                                tight.begin() + static_cast<std::ptrdiff_t>(span.last));
    const auto views = nnviz::scene::plan_views(part, AxesMode::smooth)[frame - span.first];
    for (std::size_t p = 0; p < views.size(); ++p) {
      EXPECT_EQ(views[p].xmin, all[frame][p].xmin) << frame;
      EXPECT_EQ(views[p].xmax, all[frame][p].xmax) << frame;
      EXPECT_EQ(views[p].ymin, all[frame][p].ymin) << frame;
      EXPECT_EQ(views[p].ymax, all[frame][p].ymax) << frame;
    }
  }
}

// A wide network's views are planned on a sample of the mesh (planning_points): the notebook's
// network on all of it; a wide one on a 51x51 grid that reaches the mesh's corners; and the
// views planned so still hold every mesh point of every frame's scene (none is cut off).
TEST(run_scenes_long, a_wide_network_is_planned_on_a_sample_that_cuts_nothing_off) {
  const auto record = with_tanh_network(drifting_run(6), {80, 60}, 5, [](nnviz::model::Network& net, double f) {
    for (auto& layer : net.layers) layer.W *= 1.0 + 0.2 * f;
  });
  const nnviz::model::Network start = record.checkpoints.front().network();
  const nnviz::scene::Mesh mesh = nnviz::scene::run_mesh(record, 200);
  EXPECT_EQ(nnviz::scene::planning_points(mesh, drifting_run(1).checkpoints[0].network()).rows(), 200 * 200);
  const Eigen::MatrixXd sample = nnviz::scene::planning_points(mesh, start);
  ASSERT_EQ(sample.rows(), 51 * 51);
  EXPECT_EQ(sample.colwise().minCoeff(), mesh.points.colwise().minCoeff());
  EXPECT_EQ(sample.colwise().maxCoeff(), mesh.points.colwise().maxCoeff());

  const nnviz::util::InterruptFlag never;
  const nnviz::scene::RunScenes scenes(record, 200, record.checkpoints.size(), never);
  std::vector<std::vector<Bounds>> tight;  // every frame's scene's panels, on the whole mesh
  std::vector<std::string> titles;
  for (std::size_t f = 0; f < scenes.size(); ++f) {
    tight.emplace_back();
    titles.clear();
    for (const auto& p : scenes.scene(f).panels) {
      tight.back().push_back(p.bounds);
      titles.push_back(p.title);
    }
  }
  for (const AxesMode mode : {AxesMode::auto_fit, AxesMode::smooth, AxesMode::fixed}) {
    const auto views = scenes.plan_views(mode, never);
    ASSERT_EQ(views.size(), scenes.size());
    for (std::size_t f = 0; f < views.size(); ++f) {
      ASSERT_EQ(views[f].size(), tight[f].size());
      for (std::size_t p = 0; p < tight[f].size(); ++p) {
        const Bounds& t = tight[f][p];
        const Bounds& view = views[f][p];
        EXPECT_TRUE(view.xmin <= t.xmin && t.xmax <= view.xmax && view.ymin <= t.ymin && t.ymax <= view.ymax)
            << nnviz::scene::axes_mode_name(mode) << " frame " << f << " panel " << titles[p];
      }
    }
  }
}

}  // namespace

namespace {

// A run's projections are fitted on all cores in batches, then oriented in order: the same
// projections, bit for bit, as fitting frame after frame, each from the one before, past the
// first batch's end.
TEST(run_scenes_long, projections_fitted_in_parallel_are_those_fitted_in_order) {
  const auto record = with_tanh_network(drifting_run(300), {8, 5}, 9, [](nnviz::model::Network& net, double f) {
    // Turning weights: the components trade places and flip over the run.
    for (auto& layer : net.layers) layer.W *= std::cos(0.05 * f) + 1.2;
    net.layers[0].W(0, 0) += 0.01 * f;
  });
  const nnviz::util::InterruptFlag never;
  const nnviz::scene::RunScenes scenes(record, 10, record.checkpoints.size(), never, 1);
  ASSERT_EQ(scenes.size(), 599U);
  nnviz::scene::FrameProjections previous;
  for (std::size_t k = 0; k < scenes.size(); ++k) {
    const nnviz::scene::FrameProjections expected = nnviz::scene::fit_frame_projections(
        scenes.network(k), record.train, record.validation, k == 0 ? nullptr : &previous);
    const nnviz::scene::FrameProjections& got = scenes.projections(k);
    ASSERT_EQ(got.size(), expected.size());
    for (std::size_t l = 0; l < got.size(); ++l) {
      ASSERT_TRUE(got[l].pre && got[l].post);
      EXPECT_EQ(got[l].pre->basis, expected[l].pre->basis) << "frame " << k << " layer " << l;
      EXPECT_EQ(got[l].post->basis, expected[l].post->basis) << "frame " << k << " layer " << l;
      EXPECT_EQ(got[l].post->depth_axis, expected[l].post->depth_axis) << "frame " << k << " layer " << l;
      EXPECT_EQ(got[l].pre->mean, expected[l].pre->mean) << "frame " << k << " layer " << l;
    }
    previous = expected;
  }
}

}  // namespace
