// `nnviz compare` end to end: files per run, --jobs independence, failures, exit codes.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include <cstdio>

#include <regex>

#include "nnviz/util/json.hpp"
#include "sweep_test_util.hpp"

namespace {
namespace fs = std::filesystem;
using sweep_test::read_text;
using sweep_test::run_cli;

// The small, fast options every test shares.
std::vector<std::string> fast(std::vector<std::string> args) {
  for (const char* a : {"--samples", "100", "--epochs", "4", "--stop-loss", "0", "-q"}) args.emplace_back(a);
  return args;
}

// metrics.csv without its wall_seconds column (the only one that depends on the machine).
std::string metrics_without_time(const fs::path& file) {
  std::stringstream in(read_text(file));
  std::string line;
  std::string out;
  while (std::getline(in, line)) out += line.substr(0, line.rfind(',')) + "\n";
  return out;
}

// A weights file without the frames' wall_seconds.
std::string without_time(const std::string& json) {
  return std::regex_replace(json, std::regex("\"wall_seconds\":[^,}]*"), "");
}

TEST(compare_cli, jobs_do_not_change_the_results) {
  const fs::path dir = sweep_test::scratch("jobs");
  const std::vector<std::string> grid{"compare", "--activation", "tanh,relu", "--lr", "0.1,0.05", "--seed", "1..2",
                                      "--no-video"};
  std::vector<std::string> one = fast(grid);
  std::vector<std::string> two = fast(grid);
  for (const char* a : {"-o", "", "--jobs", "1"}) one.emplace_back(a);
  for (const char* a : {"-o", "", "--jobs", "2"}) two.emplace_back(a);
  one[one.size() - 3] = (dir / "one").string();
  two[two.size() - 3] = (dir / "two").string();
  ASSERT_EQ(run_cli(one).code, 0);
  ASSERT_EQ(run_cli(two).code, 0);
  int runs = 0;
  for (const fs::directory_entry& e : fs::directory_iterator(dir / "one")) {
    if (!e.is_directory()) continue;
    ++runs;
    const fs::path name = e.path().filename();
    EXPECT_EQ(metrics_without_time(e.path() / "metrics.csv"), metrics_without_time(dir / "two" / name / "metrics.csv"))
        << name;
    EXPECT_EQ(without_time(read_text(e.path() / "weights.json")), without_time(read_text(dir / "two" / name / "weights.json")))
        << name;
    EXPECT_TRUE(fs::exists(e.path() / "config.json"));
  }
  EXPECT_EQ(runs, 8);
  EXPECT_TRUE(fs::exists(dir / "one" / "tanh-lr0.1-seed1" / "metrics.csv"));
  EXPECT_TRUE(fs::exists(dir / "one" / "summary.csv"));
  EXPECT_FALSE(fs::exists(dir / "one" / "compare.mp4"));  // --no-video
}

TEST(compare_cli, a_failing_run_is_reported_and_the_exit_code_is_3) {
  const fs::path dir = sweep_test::scratch("fail");
  const fs::path missing = dir / "missing.csv";
  const auto o = run_cli(fast({"compare", "--dataset", "blobs,moons", "--data", missing.string(), "--seed", "1,2",
                               "--no-video", "-o", (dir / "out").string()}));
  EXPECT_EQ(o.code, 3) << o.err;
  const nnviz::util::Json s = nnviz::util::read_json_file(dir / "out" / "summary.json");
  const auto& runs = s.at("runs");
  ASSERT_EQ(runs.size(), 6U);
  int failed = 0;
  for (const nnviz::util::Json& r : runs) {
    if (r.at("status").get<std::string>() == "failed") {
      ++failed;
      EXPECT_NE(r.at("name").get<std::string>().find("missing"), std::string::npos);
      EXPECT_NE(r.at("reason").get<std::string>().find("missing.csv"), std::string::npos) << r.at("reason").get<std::string>();
    } else {
      EXPECT_EQ(r.at("status").get<std::string>(), "ok");
      EXPECT_EQ(r.at("frames").get<double>(), 5.0);
    }
  }
  EXPECT_EQ(failed, 2);
  // The Markdown table on stdout shows the failure in the ok/runs column.
  EXPECT_NE(o.out.find("| missing | 0/2 |"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("| blobs | 2/2 |"), std::string::npos) << o.out;
}

TEST(compare_cli, a_diverging_learning_rate_fails_alone) {
  const fs::path dir = sweep_test::scratch("diverge");
  const auto o = run_cli({"compare", "--activation", "linear", "--optimizer", "sgd", "--lr", "0.1,1e6", "--epochs", "50",
                          "--samples", "100", "--stop-loss", "0", "--no-video", "-q", "-o", dir.string()});
  EXPECT_EQ(o.code, 3) << o.err;
  const std::string csv = read_text(dir / "summary.csv");
  EXPECT_NE(csv.find("lr1e6,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",failed,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",ok,"), std::string::npos) << csv;
}

TEST(compare_cli, bad_lists_are_usage_errors_naming_the_option) {
  const fs::path dir = sweep_test::scratch("usage");
  const struct {
    std::vector<std::string> args;
    std::string expected;
  } cases[] = {
      {{"--seed", "5..1"}, "--seed"},
      {{"--lr", "0.1,x"}, "--lr"},
      {{"--activation", "tanh,nope"}, "--activation"},
      {{"--hidden", "2;0"}, "--hidden"},
      {{"--dataset", "blobs,nope"}, "--dataset"},
      {{"--shard", "3/2"}, "--shard"},
      {{"--optimizer", "adam,fast"}, "--optimizer"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args{"compare", "--no-video", "-o", (dir / "x").string()};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const auto o = run_cli(args);
    EXPECT_EQ(o.code, 2) << c.expected;
    EXPECT_NE(o.err.find(c.expected), std::string::npos) << o.err;
  }
  EXPECT_FALSE(fs::exists(dir / "x" / "summary.csv"));
}

TEST(compare_cli, an_output_that_is_a_file_is_refused_before_anything_is_logged_or_run) {
  const fs::path dir = sweep_test::scratch("output-file");
  const fs::path file = dir / "afile";
  { std::ofstream(file) << "kept\n"; }
  const auto o = run_cli({"compare", "--seed", "1,2", "--epochs", "1", "-o", file.string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("exists and is not a folder"), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find("runs on"), std::string::npos) << "logged the runs before refusing: " << o.err;
  // A folder to be made inside that file: the same, naming the file.
  const auto inside = run_cli({"compare", "--seed", "1,2", "--epochs", "1", "-o", (file / "sub").string()});
  EXPECT_EQ(inside.code, 2);
  EXPECT_NE(inside.err.find("'" + file.string() + "' exists and is not a folder"), std::string::npos) << inside.err;
  EXPECT_EQ(inside.err.find("runs on"), std::string::npos) << inside.err;
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "kept\n");
}

TEST(compare_cli, a_config_file_gives_lists_as_arrays) {
  const fs::path dir = sweep_test::scratch("config");
  std::ofstream(dir / "sweep.toml") << "activation = [\"tanh\", \"relu\"]\nlr = [0.1, 0.05]\nseed = \"1..2\"\n"
                                       "samples = 100\nepochs = 3\nno-video = true\n";
  const auto o = run_cli({"compare", "--config", (dir / "sweep.toml").string(), "-o", (dir / "out").string(), "-q"});
  EXPECT_EQ(o.code, 0) << o.err;
  const nnviz::util::Json s = nnviz::util::read_json_file(dir / "out" / "summary.json");
  EXPECT_EQ(s.at("runs").size(), 8U);
  EXPECT_TRUE(fs::exists(dir / "out" / "relu-lr0.05-seed2" / "metrics.csv"));
}

TEST(compare_cli, makes_run_videos_and_the_comparison_video) {
  ASSERT_TRUE(sweep_test::have_ffprobe()) << "the tests need ffprobe (scripts/install-deps --tests)";
  const fs::path dir = sweep_test::scratch("video");
  const auto o = run_cli({"compare", "--epochs", "2,4", "--samples", "100", "--stop-loss", "0", "--size", "320x120",
                          "--tile-size", "160x120", "-o", dir.string(), "-q"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(sweep_test::probe(dir / "ep2" / "video.mp4"), "320,120,3");
  EXPECT_EQ(sweep_test::probe(dir / "ep4" / "video.mp4"), "320,120,5");
  // Two tiles side by side (epochs 2, epochs 4) under the heading and their column headers.
  int w = 0, h = 0, frames = 0;
  ASSERT_EQ(std::sscanf(sweep_test::probe(dir / "compare.mp4").c_str(), "%d,%d,%d", &w, &h, &frames), 3);
  EXPECT_EQ(w, 320);
  EXPECT_GT(h, 120 + 40);
  EXPECT_EQ(frames, 5);
}

}  // namespace
