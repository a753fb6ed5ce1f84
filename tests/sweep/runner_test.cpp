// The runner: each run's files in its folder, failures isolated, results independent of jobs.
#include "nnviz/sweep/runner.hpp"
#include "nnviz/train/optimizer.hpp"

#include <gtest/gtest.h>

#include "nnviz/util/interrupt.hpp"
#include "sweep_test_util.hpp"

namespace {
namespace fs = std::filesystem;
using namespace nnviz;

app::TrainRequest small_request(std::uint32_t seed) {
  app::TrainRequest r;
  r.seed = seed;
  r.dataset.samples = 100;
  r.architecture.hidden = {2};
  r.architecture.activations = {model::Activation::parse("tanh")};
  r.training.epochs = 4;
  r.training.stop_loss = 0.0;
  r.video.no_video = true;
  return r;
}

std::vector<sweep::RunPlan> plans_with_a_bad_file(const fs::path& dir) {
  std::vector<sweep::RunPlan> plans;
  for (std::uint32_t s = 1; s <= 3; ++s) plans.push_back({s - 1, "seed" + std::to_string(s), "", {}, small_request(s)});
  plans[1].request.data_file = dir / "missing.csv";
  return plans;
}

TEST(runner, a_failing_run_is_marked_and_the_others_finish) {
  const fs::path dir = sweep_test::scratch("runner-fail");
  sweep::RunnerOptions o;
  o.dir = dir;
  o.jobs = 2;
  o.video.no_video = true;
  util::InterruptFlag never;
  std::size_t calls = 0;
  const std::vector<sweep::RunResult> results =
      sweep::run_sweep(plans_with_a_bad_file(dir), o, never, [&](const sweep::RunResult&, std::size_t n, std::size_t total) {
        ++calls;
        EXPECT_LE(n, total);
      });
  EXPECT_EQ(calls, 3U);
  ASSERT_EQ(results.size(), 3U);
  EXPECT_EQ(results[0].row.status, sweep::RunStatus::ok);
  EXPECT_EQ(results[1].row.status, sweep::RunStatus::failed);
  EXPECT_NE(results[1].row.reason.find("missing.csv"), std::string::npos) << results[1].row.reason;
  EXPECT_EQ(results[2].row.status, sweep::RunStatus::ok);
  for (const char* f : {"config.json", "metrics.csv", "weights.json"}) {
    EXPECT_TRUE(fs::exists(dir / "seed1" / f)) << f;
    EXPECT_TRUE(fs::exists(dir / "seed3" / f)) << f;
  }
  EXPECT_FALSE(fs::exists(dir / "seed1" / "video.mp4"));
  EXPECT_EQ(results[0].row.frames, 5);
  EXPECT_TRUE(results[0].row.final_loss.has_value());
  EXPECT_EQ(results[0].row.options.seed, 1U);
}

TEST(runner, a_diverging_run_is_failed_with_its_reason) {
  const fs::path dir = sweep_test::scratch("runner-diverge");
  std::vector<sweep::RunPlan> plans{{0, "good", "", {}, small_request(1)}, {1, "wild", "", {}, small_request(1)}};
  app::TrainRequest& wild = plans[1].request;
  wild.architecture.activations = {model::Activation::parse("linear")};
  wild.training.optimizer.kind = train::parse_optimizer("sgd");
  wild.training.optimizer.lr = 1e6;
  wild.training.epochs = 50;
  sweep::RunnerOptions o;
  o.dir = dir;
  o.video.no_video = true;
  const auto results = sweep::run_sweep(plans, o, util::InterruptFlag());
  ASSERT_EQ(results.size(), 2U);
  EXPECT_EQ(results[0].row.status, sweep::RunStatus::ok);
  EXPECT_EQ(results[1].row.status, sweep::RunStatus::failed);
  EXPECT_EQ(results[1].row.stop_reason, "diverged");
  EXPECT_FALSE(results[1].row.reason.empty());
}

TEST(runner, an_interrupted_sweep_starts_no_run) {
  const fs::path dir = sweep_test::scratch("runner-int");
  sweep::RunnerOptions o;
  o.dir = dir;
  o.video.no_video = true;
  util::InterruptFlag raised;
  raised.raise(2);
  EXPECT_TRUE(sweep::run_sweep(plans_with_a_bad_file(dir), o, raised).empty());
}

}  // namespace
