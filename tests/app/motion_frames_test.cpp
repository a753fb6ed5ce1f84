// The frames of scheduled runs as the video shows them: step snapshots say their step in the
// heading and sit at fractions of an epoch on the loss panel; a saved run keeps its schedule and
// its steps; a file from before schedules gets its steps from its epochs.
#include <gtest/gtest.h>

#include <filesystem>

#include "nnviz/app/train_run.hpp"
#include "nnviz/render/renderer.hpp"
#include "nnviz/run/record.hpp"
#include "nnviz/scene/run_scenes.hpp"
#include "nnviz/util/interrupt.hpp"

namespace {

nnviz::app::TrainRequest steps_request() {
  nnviz::app::TrainRequest r;
  r.dataset.samples = 40;  // 40 rows, batches of 16: 3 steps an epoch
  r.architecture.activations = {nnviz::model::Activation::parse("tanh")};
  r.training.batch_size = 16;
  r.training.epochs = 2;
  r.training.stop_loss = 0.0;
  r.training.frames.steps = true;
  return r;
}

TEST(motion_frames, step_snapshots_name_their_step_in_the_heading) {
  const nnviz::util::InterruptFlag never;
  const nnviz::run::RunRecord record = nnviz::app::train_record(steps_request(), never);
  ASSERT_EQ(record.checkpoints.size(), 7U);  // steps 0..6
  const nnviz::scene::RunScenes scenes(record, 20, record.checkpoints.size(), never);
  const auto s = scenes.scene(4);
  EXPECT_EQ(s.metrics.step, 4);
  EXPECT_EQ(s.total_steps, 6);
  EXPECT_EQ(nnviz::render::heading_text(s), "Epoch 2 \u00b7 step 4/6");  // step 4 is in the second epoch
  EXPECT_EQ(nnviz::render::heading_text(scenes.scene(3)), "Epoch 1 \u00b7 step 3/6");
  const auto& curve = std::get<nnviz::scene::CurvePanel>(s.panels.back().content);
  EXPECT_DOUBLE_EQ(curve.steps_per_epoch, 3.0);
  // An epoch run's heading is the notebook's.
  nnviz::app::TrainRequest epochs = steps_request();
  epochs.training.frames.steps = false;
  const nnviz::run::RunRecord by_epoch = nnviz::app::train_record(epochs, never);
  const nnviz::scene::RunScenes epoch_scenes(by_epoch, 20, by_epoch.checkpoints.size(), never);
  EXPECT_EQ(nnviz::render::heading_text(epoch_scenes.scene(2)), "Epoch 2");
  EXPECT_EQ(epoch_scenes.scene(2).metrics.step, 6);
}

TEST(motion_frames, a_saved_run_keeps_its_schedule_and_steps) {
  const nnviz::util::InterruptFlag never;
  nnviz::app::TrainRequest r = steps_request();
  r.training.frames.every = 2;
  r.training.stop_patience = 7;
  const nnviz::run::RunRecord record = nnviz::app::train_record(r, never);
  const nnviz::run::RunRecord back = nnviz::run::record_from_json(nnviz::run::record_to_json(record), "run.json");
  EXPECT_EQ(back.config, record.config);
  EXPECT_EQ(back.config.training.frames.every, 2);
  EXPECT_TRUE(back.config.training.frames.steps);
  EXPECT_EQ(back.config.training.stop_patience, 7);
  ASSERT_EQ(back.checkpoints.size(), record.checkpoints.size());
  for (std::size_t i = 0; i < back.checkpoints.size(); ++i)
    EXPECT_EQ(back.checkpoints[i].metrics.step, record.checkpoints[i].metrics.step) << i;

  // A file from before schedules: no "step", no "frames", no "stop_patience".
  nnviz::util::Json old = nnviz::run::record_to_json(nnviz::app::train_record([] {
    nnviz::app::TrainRequest e = steps_request();
    e.training.frames.steps = false;
    return e;
  }(), never));
  old["config"]["training"].erase("frames");
  old["config"]["training"].erase("stop_patience");
  for (auto& f : old["frames"]) f.erase("step");
  const nnviz::run::RunRecord read = nnviz::run::record_from_json(old, "old.json");
  EXPECT_EQ(read.config.training.frames, nnviz::train::FrameSchedule{});
  ASSERT_EQ(read.checkpoints.size(), 3U);
  EXPECT_EQ(read.checkpoints[2].metrics.step, 6);  // epoch 2 x 3 steps
}

}  // namespace

#include "nnviz/scene/morph.hpp"
#include "video_plan.hpp"

namespace {

TEST(motion_frames, a_morph_sequence_follows_its_snapshots_frame) {
  const nnviz::util::InterruptFlag never;
  nnviz::app::TrainRequest r = steps_request();
  r.training.frames.steps = false;
  r.training.epochs = 4;  // snapshots at epochs 0..4
  const nnviz::run::RunRecord record = nnviz::app::train_record(r, never);
  ASSERT_EQ(record.checkpoints.size(), 5U);
  nnviz::app::VideoRequest video;
  video.encode.fps = 10;
  video.tween = 1;
  video.morph.enabled = true;
  video.morph.seconds_per_layer = 1.2;  // 12 frames a layer at 10 fps, a fade of 2
  video.morph.at = {nnviz::app::MorphRequest::first, 3, nnviz::app::MorphRequest::first};
  const nnviz::scene::RunScenes scenes(record, 20, record.checkpoints.size(), never, video.tween);
  const nnviz::app::VideoPlan plan(record, scenes, record.checkpoints.size(), video, never);
  const std::size_t per_morph = 12 + 2;
  ASSERT_EQ(nnviz::app::morph_frame_count(video, 1), per_morph);
  // 9 frames (5 snapshots, 4 between), then two sequences (the first snapshot named twice).
  ASSERT_EQ(plan.size(), 9 + 2 * per_morph);
  // The first snapshot's frame, its morph, the in-between frame, ...
  EXPECT_FALSE(plan.is_morph(0));
  for (std::size_t k = 1; k <= per_morph; ++k) {
    EXPECT_TRUE(plan.is_morph(k));
    EXPECT_EQ(plan.snapshot(k), 0U);
  }
  EXPECT_FALSE(plan.is_morph(per_morph + 1));
  // Epoch 3's snapshot is RunScenes frame 6: the video's frame 6 + per_morph, then its morph.
  const std::size_t third = 6 + per_morph;
  EXPECT_FALSE(plan.is_morph(third));
  EXPECT_EQ(plan.snapshot(third), 3U);
  EXPECT_TRUE(plan.is_morph(third + 1));
  EXPECT_EQ(plan.snapshot(third + 1), 3U);
  EXPECT_FALSE(plan.is_morph(third + per_morph + 1));
  EXPECT_EQ(plan.size(), nnviz::app::video_frame_count(video, 5, 1) - per_morph);  // the count names 3, the plan keeps 2
  // A morph frame is one large panel; its heading names the stage.
  nnviz::render::Renderer renderer(video.render);
  const auto views = scenes.plan_views(video.axes, never);
  nnviz::util::Frame out;
  plan.draw(third + 1, renderer, views, out);
  EXPECT_EQ(out.width, video.render.width);
  // An epoch that has no snapshot is refused, naming the option.
  video.morph.at = {7};
  EXPECT_THROW(nnviz::app::VideoPlan(record, scenes, record.checkpoints.size(), video, never), nnviz::UsageError);
}

}  // namespace
