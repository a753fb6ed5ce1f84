// A sweep refuses what it cannot deliver before any run (a canvas browsers cannot play), runs a
// value listed twice once, and a report leaves out a run whose weights cannot be read.
#include <gtest/gtest.h>

#include <fstream>

#include "nnviz/sweep/summary.hpp"
#include "sweep_test_util.hpp"

namespace {
namespace fs = std::filesystem;
using sweep_test::run_cli;

bool empty_or_missing(const fs::path& dir) { return !fs::exists(dir) || fs::is_empty(dir); }

TEST(sweep_limits, a_canvas_browsers_cannot_play_is_refused_before_the_runs) {
  const fs::path dir = sweep_test::scratch("canvas");
  // 600 tiles, even of 240x214 (the smallest legible automatic size): past H.264 level 5.2.
  const auto many = run_cli({"compare", "--seed", "1..600", "--epochs", "0", "-q", "-o", (dir / "many").string()});
  EXPECT_EQ(many.code, 2) << many.err;
  EXPECT_NE(many.err.find("600 tile(s) do not fit in an mp4 browsers can play"), std::string::npos) << many.err;
  EXPECT_NE(many.err.find("compare fewer runs"), std::string::npos) << many.err;
  const auto given = run_cli({"compare", "--seed", "1..600", "--tile-size", "360x320", "--epochs", "0", "-q", "-o",
                              (dir / "given").string()});
  EXPECT_EQ(given.code, 2) << given.err;
  EXPECT_NE(given.err.find("--tile-size 360x320: 600 tile(s) do not fit in an mp4 browsers can play"), std::string::npos)
      << given.err;
  EXPECT_NE(given.err.find("give a smaller --tile-size, e.g. --tile-size "), std::string::npos) << given.err;
  EXPECT_TRUE(empty_or_missing(dir / "given"));
  EXPECT_TRUE(empty_or_missing(dir / "many"));
  // One huge tile.
  const auto huge = run_cli({"compare", "--tile-size", "8000x8000", "--epochs", "0", "-q", "-o", (dir / "huge").string()});
  EXPECT_EQ(huge.code, 2) << huge.err;
  EXPECT_NE(huge.err.find("--tile-size 8000x8000"), std::string::npos) << huge.err;
  EXPECT_TRUE(empty_or_missing(dir / "huge"));
}

TEST(sweep_limits, the_suggested_tile_size_fits) {
  const fs::path dir = sweep_test::scratch("canvas-fit");
  const auto o = run_cli({"compare", "--seed", "1..40", "--tile-size", "2000x1000", "--epochs", "0", "--no-run-video",
                          "-q", "-o", (dir / "a").string()});
  ASSERT_EQ(o.code, 2) << o.err;
  const std::string key = "e.g. --tile-size ";
  const auto at = o.err.find(key);
  ASSERT_NE(at, std::string::npos) << o.err;
  std::string size = o.err.substr(at + key.size());
  size = size.substr(0, size.find_first_not_of("0123456789x"));
  const auto fits = run_cli({"compare", "--seed", "1..40", "--tile-size", size, "--epochs", "0", "--no-run-video",
                             "--samples", "20", "-q", "-o", (dir / "b").string(), "--compare-panels", "input"});
  EXPECT_EQ(fits.code, 0) << size << ": " << fits.err;
}

TEST(sweep_limits, a_learning_rate_listed_twice_runs_once) {
  const fs::path dir = sweep_test::scratch("dedupe");
  const auto o = run_cli({"compare", "--lr", "0.1,0.10", "--epochs", "1", "--samples", "20", "--no-video", "-o",
                          dir.string()});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.err.find("--lr: 0.10 is listed twice (as 0.1); it runs once"), std::string::npos) << o.err;
  const auto summaries = nnviz::sweep::read_summaries(dir);
  ASSERT_EQ(summaries.size(), 1U);
  EXPECT_EQ(summaries[0].rows.size(), 1U);
}

TEST(sweep_limits, report_leaves_out_a_run_with_a_corrupt_weights_file) {
  ASSERT_TRUE(sweep_test::have_ffprobe());
  const fs::path dir = sweep_test::scratch("corrupt");
  ASSERT_EQ(run_cli({"compare", "--seed", "1..3", "--epochs", "2", "--samples", "20", "--stop-loss", "0", "--no-video",
                     "-q", "-o", dir.string()})
                .code,
            0);
  const auto rows = nnviz::sweep::read_summaries(dir).at(0).rows;
  ASSERT_EQ(rows.size(), 3U);
  {
    std::ofstream bad(rows[1].dir / "weights.json", std::ios::trunc);
    bad << "{\"format\": \"nnviz-run/2\", \"checkpoints\": [garbage";
  }
  const auto o = run_cli({"report", dir.string(), "--tile-size", "160x120"});
  EXPECT_EQ(o.code, 3) << o.err;  // partial: one run is missing from the video
  EXPECT_NE(o.err.find("weights.json"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("left out of the comparison video"), std::string::npos) << o.err;
  // The two other runs' tiles, in the columns of their seeds: the missing run's column stays.
  EXPECT_EQ(sweep_test::probe(dir / "compare.mp4").substr(0, 4), "480,");
  EXPECT_TRUE(fs::exists(dir / "index.html"));
}

}  // namespace
