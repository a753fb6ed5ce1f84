// A diverged run's record ends in a checkpoint whose loss (and weights) are not finite: its
// axes cannot be planned nor its picture drawn. render_record plans and draws the finite frames
// only, and a saved record of it re-renders.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "nnviz/app/train_run.hpp"
#include "nnviz/model/activation.hpp"
#include "nnviz/util/interrupt.hpp"

namespace {
namespace fs = std::filesystem;

nnviz::run::RunRecord diverged_record() {
  nnviz::app::TrainRequest request;
  request.training.optimizer.kind = nnviz::train::OptimizerKind::sgd;
  request.training.optimizer.lr = 10.0;
  request.training.epochs = 50;
  request.architecture.activations = {nnviz::model::Activation::parse("exponential")};
  const nnviz::util::InterruptFlag never;
  return nnviz::app::train_record(request, never);
}

TEST(diverged_render, only_the_finite_frames_are_planned_and_drawn) {
  const nnviz::run::RunRecord record = diverged_record();
  ASSERT_EQ(record.reason, nnviz::train::StopReason::diverged);
  ASSERT_FALSE(std::isfinite(record.checkpoints.back().metrics.loss));
  const std::size_t finite = nnviz::app::finite_prefix(record);
  ASSERT_GE(finite, 1U);
  ASSERT_LT(finite, record.checkpoints.size());

  const fs::path dir = fs::temp_directory_path() / ("nnviz-diverged-render-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  nnviz::app::VideoRequest video;
  video.render.width = 320;
  video.render.height = 120;
  video.output = dir / "d.gif";
  std::vector<fs::path> outputs;
  const nnviz::util::InterruptFlag never;
  const int written = nnviz::app::render_record(record, video, never, outputs);
  EXPECT_EQ(written, static_cast<int>(finite));
  EXPECT_TRUE(fs::exists(dir / "d.gif"));
  fs::remove_all(dir);
}

}  // namespace
