// The run inside the file: mp4/webm/gif/html carry the run's configuration, and
// `nnviz train --config VIDEO` reproduces the run (its metrics bit for bit); what a reader of a
// video refuses, and why.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_test_support.hpp"
#include "nnviz/app/html_page.hpp"

namespace {
namespace fs = std::filesystem;
using nnviz::cli_test::read;
using nnviz::cli_test::run;
using nnviz::cli_test::scratch;

std::string sh(const std::string& cmd) { return nnviz::cli_test::shell_output(cmd); }

// The comment tag as ffprobe shows it, without the line break it adds.
std::string probe_comment(const fs::path& file) {
  std::string out = sh("ffprobe -v error -show_entries format_tags=comment -of default=nw=1:nk=1 '" + file.string() + "'");
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// The configuration a file carries: the comment of a video, the element of a page.
std::string carried(const fs::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".html") return nnviz::app::page_config(read(file)).value_or("");
  return probe_comment(file);
}

// A metrics CSV without its last column (wall_seconds: the only one that may differ).
std::string without_wall_times(const std::string& csv) {
  std::istringstream in(csv);
  std::string out;
  for (std::string line; std::getline(in, line);) out += line.substr(0, line.rfind(',')) + "\n";
  return out;
}

const std::vector<std::string> run_options = {"--dataset", "moons", "--activation", "relu", "--hidden", "5",
                                              "--lr", "0.05", "--seed", "7", "--epochs", "12", "--every", "2",
                                              "--stop-loss", "0", "--size", "640x214", "--fps", "7",
                                              "--validation-split", "0.25", "--optimizer", "rmsprop"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

class config_video : public testing::TestWithParam<std::string> {};

TEST_P(config_video, the_embedded_config_reproduces_the_metrics_bit_for_bit) {
  const std::string ext = GetParam();
  const fs::path dir = scratch("config-" + ext.substr(1));
  const fs::path video = dir / ("run" + ext);
  const auto first = run(with({"train", "-q", "--metrics", (dir / "m1.csv").string(), "-o", video.string()}, run_options));
  ASSERT_EQ(first.code, 0) << first.err;
  const std::string config = carried(video);
  ASSERT_EQ(config.rfind("# nnviz train --config FILE\n", 0), 0u) << config;
  EXPECT_NE(config.find("\nlr=0.05\n"), std::string::npos) << config;
  EXPECT_NE(config.find("\noptimizer=\"rmsprop\"\n"), std::string::npos) << config;
  // Where results go is the reader's: the file never names itself or the metrics file.
  EXPECT_EQ(config.find("\noutput="), std::string::npos) << config;
  EXPECT_EQ(config.find("\nmetrics="), std::string::npos) << config;
  EXPECT_EQ(config.find("m1.csv"), std::string::npos) << config;

  const fs::path again = dir / ("again" + ext);
  const auto second = run({"train", "-q", "--config", video.string(), "--metrics", (dir / "m2.csv").string(), "-o", again.string()});
  ASSERT_EQ(second.code, 0) << second.err;
  const std::string m1 = read(dir / "m1.csv");
  ASSERT_GT(std::count(m1.begin(), m1.end(), '\n'), 7);  // 7 frames and the header
  EXPECT_EQ(without_wall_times(read(dir / "m2.csv")), without_wall_times(m1));
  // The copy carries the same configuration, so it reproduces the run too.
  EXPECT_EQ(carried(again), config);
  // The comparison can fail: another seed trains otherwise.
  const auto other = run({"train", "-q", "--config", video.string(), "--seed", "8", "--metrics", (dir / "m3.csv").string(),
                          "--no-video"});
  ASSERT_EQ(other.code, 0) << other.err;
  EXPECT_NE(without_wall_times(read(dir / "m3.csv")), without_wall_times(m1));
}

INSTANTIATE_TEST_SUITE_P(formats, config_video, testing::Values(".mp4", ".webm", ".gif", ".html"),
                         [](const auto& info) { return info.param.substr(1); });

// A notebook fragment (--html-fragment) carries the configuration too, and reading it back makes
// whatever -o names: whether a page is a fragment is the output's business, not the run's.
TEST(config_video_reading, a_notebook_fragment_reproduces_its_run_into_any_output) {
  const fs::path dir = scratch("config-fragment");
  const fs::path page = dir / "cell.html";
  ASSERT_EQ(run({"train", "-q", "--epochs", "4", "--stop-loss", "0", "--lr", "0.07", "--size", "320x240", "--html-fragment",
                 "--metrics", (dir / "m1.csv").string(), "-o", page.string()})
                .code,
            0);
  ASSERT_EQ(read(page).rfind("<div id=\"nnviz-", 0), 0u);
  const auto again = run({"train", "-q", "--config", page.string(), "--metrics", (dir / "m2.csv").string(), "-o",
                          (dir / "again.mp4").string()});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(without_wall_times(read(dir / "m2.csv")), without_wall_times(read(dir / "m1.csv")));
}

TEST(config_video_reading, is_told_by_content_not_by_name) {
  const fs::path dir = scratch("config-sniff");
  ASSERT_EQ(run({"train", "-q", "--epochs", "3", "--lr", "0.07", "--size", "640x214", "--metrics",
                 (dir / "m1.csv").string(), "-o", (dir / "run.webm").string()}).code, 0);
  fs::copy_file(dir / "run.webm", dir / "settings.TOML");
  fs::copy_file(dir / "run.webm", dir / "RUN.WEBM");
  for (const char* name : {"settings.TOML", "RUN.WEBM"}) {
    const auto o = run({"train", "-q", "--config", (dir / name).string(), "--no-video", "--print-config"});
    EXPECT_EQ(o.code, 0) << o.err;
    EXPECT_NE(o.out.find("\nlr=0.07\n"), std::string::npos) << o.out;
  }
}

TEST(config_video_reading, never_writes_over_the_file_it_reads) {
  const fs::path dir = scratch("config-self");
  ASSERT_EQ(run({"train", "-q", "--epochs", "2", "--size", "640x214", "-o", (dir / "nnviz.mp4").string()}).code, 0);
  const std::string before = read(dir / "nnviz.mp4");
  // The default output (nnviz.mp4 in the current folder) is the file read: refused.
  const fs::path cwd = fs::current_path();
  fs::current_path(dir);
  const auto o = run({"train", "--config", "nnviz.mp4"});
  fs::current_path(cwd);
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("--config"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("--output"), std::string::npos) << o.err;
  EXPECT_EQ(read(dir / "nnviz.mp4"), before);
  const auto same = run({"train", "--config", (dir / "nnviz.mp4").string(), "-o", (dir / "nnviz.mp4").string()});
  EXPECT_EQ(same.code, 2);
  EXPECT_EQ(read(dir / "nnviz.mp4"), before);
}

TEST(config_video_reading, render_embeds_its_own_options_and_each_command_reads_only_its_own) {
  const fs::path dir = scratch("config-render");
  ASSERT_EQ(run({"train", "-q", "--epochs", "3", "--no-video", "--save-weights", (dir / "run.json").string()}).code, 0);
  ASSERT_EQ(run({"render", "-q", (dir / "run.json").string(), "--style", "points", "--size", "640x214", "-o",
                 (dir / "r.mp4").string()}).code, 0);
  const std::string config = probe_comment(dir / "r.mp4");
  EXPECT_EQ(config.rfind("# nnviz render --config FILE\n", 0), 0u) << config;
  EXPECT_NE(config.find("\nstyle=\"points\"\n"), std::string::npos) << config;
  ASSERT_EQ(run({"render", "-q", (dir / "run.json").string(), "--config", (dir / "r.mp4").string(), "-o",
                 (dir / "r2.mp4").string()}).code, 0);
  EXPECT_EQ(probe_comment(dir / "r2.mp4"), config);
  const auto train = run({"train", "--config", (dir / "r.mp4").string(), "--no-video"});
  EXPECT_EQ(train.code, 2);
  EXPECT_NE(train.err.find("carries the options of nnviz render, not of nnviz train"), std::string::npos) << train.err;
}

// One error line naming the file, exit 2, nothing written.
void expect_refused(const fs::path& dir, const fs::path& config, const std::string& why) {
  const auto o = run({"train", "--config", config.string(), "--no-video", "--metrics", (dir / "m.csv").string()});
  EXPECT_EQ(o.code, 2) << config;
  EXPECT_NE(o.err.find(config.string()), std::string::npos) << o.err;
  EXPECT_NE(o.err.find(why), std::string::npos) << o.err;
  EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
  EXPECT_FALSE(fs::exists(dir / "m.csv"));
}

TEST(config_video_reading, refuses_what_carries_none_with_one_clear_error) {
  const fs::path dir = scratch("config-refused");
  sh("ffmpeg -v error -f lavfi -i testsrc=s=64x48:r=5 -frames:v 2 -pix_fmt yuv420p '" + (dir / "plain.mp4").string() + "'");
  ASSERT_TRUE(fs::exists(dir / "plain.mp4"));
  expect_refused(dir, dir / "plain.mp4", "the video carries no nnviz configuration");
  sh("ffmpeg -v error -f lavfi -i testsrc=s=64x48:r=5 -frames:v 2 -metadata comment=hello '" + (dir / "other.mp4").string() + "'");
  expect_refused(dir, dir / "other.mp4", "the video's comment is not an nnviz configuration");
  {
    std::ofstream(dir / "garbage.mp4", std::ios::binary) << std::string("\0\0\0\x18" "ftypisom", 12) << std::string(4000, '\x7f');
  }
  expect_refused(dir, dir / "garbage.mp4", "--config: " + (dir / "garbage.mp4").string() + ": cannot be read as a video");
  ASSERT_EQ(run({"train", "-q", "--epochs", "2", "--size", "640x214", "-o", (dir / "whole.webm").string()}).code, 0);
  {
    const std::string whole = read(dir / "whole.webm");
    std::ofstream(dir / "cut.webm", std::ios::binary) << whole.substr(0, 40);
  }
  expect_refused(dir, dir / "cut.webm", "cut.webm");
  // A GIF cut inside its comment still opens, with the comment's start: refused, not a default run.
  ASSERT_EQ(run({"train", "-q", "--epochs", "2", "--size", "640x214", "-o", (dir / "whole.gif").string()}).code, 0);
  {
    const std::string whole = read(dir / "whole.gif");
    const std::size_t comment = whole.find("\x21\xFE");
    ASSERT_NE(comment, std::string::npos);
    std::ofstream(dir / "cut.gif", std::ios::binary) << whole.substr(0, comment + 400);
  }
  expect_refused(dir, dir / "cut.gif", "the video's configuration is cut short");
  sh("ffmpeg -v error -f lavfi -i testsrc=s=64x48:r=5 -frames:v 2 -pix_fmt yuv420p '" + (dir / "s.y4m").string() + "'");
  expect_refused(dir, dir / "s.y4m", "a y4m or nut stream carries no configuration");
  { std::ofstream(dir / "page.html") << "<!DOCTYPE html>\n<html><head><title>x</title></head><body>hi</body></html>\n"; }
  expect_refused(dir, dir / "page.html", "the page carries no nnviz configuration");
  // A FIFO: its bytes are read once, as text; a video there cannot be read back.
  ::mkfifo((dir / "fifo").c_str(), 0600);
  const pid_t writer = ::fork();
  if (writer == 0) {
    std::ofstream(dir / "fifo", std::ios::binary) << "GIF89a" << std::string(100, '\0');
    ::_exit(0);
  }
  expect_refused(dir, dir / "fifo", "only from a regular file");
  ::waitpid(writer, nullptr, 0);
}

}  // namespace
