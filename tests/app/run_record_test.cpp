#include <gtest/gtest.h>

#include <filesystem>
#include <algorithm>
#include <fstream>

#include "nnviz/app/metrics_io.hpp"
#include "nnviz/run/record.hpp"
#include "nnviz/app/train_run.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"

namespace {
namespace fs = std::filesystem;

nnviz::run::RunRecord small_run(double validation_split) {
  nnviz::app::TrainRequest r;
  r.dataset.samples = 40;
  r.architecture.hidden = {3, 2};
  r.architecture.activations = {nnviz::model::Activation::parse("relu"), nnviz::model::Activation::parse("tanh")};
  r.training.epochs = 4;
  r.training.stop_loss = 0.0;
  r.validation_split = validation_split;
  const nnviz::util::InterruptFlag never;
  return nnviz::app::train_record(r, never);
}

std::vector<std::string> names(const std::vector<nnviz::model::Activation>& activations) {
  std::vector<std::string> out;
  for (const auto& a : activations) out.push_back(a.name());
  return out;
}

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("nnviz-record-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(run_record, the_weights_file_reads_back_every_frame_exactly) {
  const auto run = small_run(0.25);
  const fs::path file = scratch("roundtrip") / "run.json";
  nnviz::run::write_record(run, file);
  const auto back = nnviz::run::read_record(file);
  ASSERT_EQ(back.checkpoints.size(), run.checkpoints.size());
  ASSERT_EQ(back.checkpoints.size(), 5U);
  EXPECT_EQ(back.config.architecture.hidden, run.config.architecture.hidden);
  EXPECT_EQ(names(back.config.architecture.activations), names(run.config.architecture.activations));
  EXPECT_EQ(back.train.X, run.train.X);
  EXPECT_EQ(back.validation.y, run.validation.y);
  for (std::size_t f = 0; f < run.checkpoints.size(); ++f) {
    const auto& a = run.checkpoints[f];
    const auto& b = back.checkpoints[f];
    EXPECT_EQ(a.metrics.epoch, b.metrics.epoch);
    EXPECT_EQ(a.metrics.loss, b.metrics.loss);  // shortest round-trip doubles: exact
    EXPECT_EQ(a.metrics.val_loss, b.metrics.val_loss);
    ASSERT_EQ(a.network().layers.size(), b.network().layers.size());
    for (std::size_t l = 0; l < a.network().layers.size(); ++l) {
      EXPECT_EQ(a.network().layers[l].W, b.network().layers[l].W);
      EXPECT_EQ(a.network().layers[l].b, b.network().layers[l].b);
    }
  }
}

TEST(run_record, kernels_are_written_in_keras_layout) {
  const auto run = small_run(0.0);
  const auto j = nnviz::run::record_to_json(run);
  const auto& kernel = j.at("frames").at(0).at("layers").at(0).at("kernel");
  ASSERT_EQ(kernel.size(), 2U);            // [input]
  EXPECT_EQ(kernel.at(0).size(), 3U);      // [unit]
  EXPECT_EQ(kernel.at(1).at(2).get<double>(), run.checkpoints[0].network().layers[0].W(1, 2));
}

TEST(run_record, a_malformed_file_is_a_usage_error_naming_it) {
  const fs::path dir = scratch("bad");
  std::ofstream(dir / "bad.json") << "{\"format\": \"nnviz-run/1\", \"hidden\": [2]}";
  try {
    nnviz::run::read_record(dir / "bad.json");
    FAIL();
  } catch (const nnviz::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.json"), std::string::npos) << e.what();
  }
  std::ofstream(dir / "other.json") << "[1, 2]";
  EXPECT_THROW(nnviz::run::read_record(dir / "other.json"), nnviz::UsageError);
}

TEST(metrics_io, json_metrics_hold_one_object_per_frame_with_validation) {
  const auto run = small_run(0.25);
  const fs::path file = scratch("metrics") / "m.json";
  nnviz::app::write_metrics(run.checkpoints, file);
  const auto j = nnviz::util::read_json_file(file);
  ASSERT_EQ(j.at("frames").size(), 5U);
  const auto& last = j.at("frames").at(4);
  EXPECT_EQ(last.at("epoch").get<double>(), 4);
  EXPECT_EQ(last.at("loss").get<double>(), run.checkpoints[4].metrics.loss);
  EXPECT_TRUE(last.contains("val_loss"));
  EXPECT_TRUE(last.contains("lr"));
  EXPECT_TRUE(last.contains("wall_seconds"));
}

TEST(metrics_io, csv_metrics_have_a_header_and_a_row_per_frame) {
  const auto run = small_run(0.0);
  const std::string csv = nnviz::app::metrics_to_csv(run.checkpoints);
  EXPECT_EQ(csv.rfind("epoch,step,loss,accuracy,lr,wall_seconds\n", 0), 0U);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 6);
}

}  // namespace
