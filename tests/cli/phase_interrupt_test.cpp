// A signal is honoured in every phase after training, not only while frames are encoded: the
// view planning of a long run (train, render, render --epoch), a sweep's runs and its comparison
// video, report's merge and its reading of the runs' weights. Each test runs the real binary,
// sends the signal in that phase and expects the signal's exit code well within a hang guard
// (the phases took 20 s to minutes).
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli_test_support.hpp"

namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nnviz::cli_test::read;
using nnviz::cli_test::scratch;

// Far more than the moment a checked phase needs to stop (a frame or a run's epoch), far less
// than the unchecked phases took.
constexpr auto kHangGuard = std::chrono::seconds(8);

struct Child {
  pid_t pid = -1;
  fs::path err;
};

// nnviz with `args`, its stdout and stderr in files of `dir`.
Child start(const fs::path& dir, const std::vector<std::string>& args) {
  Child c;
  c.err = dir / "stderr.txt";
  const fs::path out = dir / "stdout.txt";
  c.pid = ::fork();
  if (c.pid == 0) {
    const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = ::open(c.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (o < 0 || e < 0) ::_exit(126);
    ::dup2(o, 1);
    ::dup2(e, 2);
    nnviz::cli_test::exec_nnviz(args);
  }
  return c;
}

// The exit code (128 + signal when killed), or nothing when the child is still running after
// `guard` (it is then killed, so the test does not hang).
std::optional<int> wait_for(const Child& c, std::chrono::seconds guard) {
  const auto deadline = Clock::now() + guard;
  int status = 0;
  while (Clock::now() < deadline) {
    const pid_t done = ::waitpid(c.pid, &status, WNOHANG);
    if (done == c.pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(c.pid, SIGKILL);
  ::waitpid(c.pid, &status, 0);
  return std::nullopt;
}

// Runs nnviz to the end (no signal) within `guard`.
std::optional<int> run_binary(const fs::path& dir, const std::vector<std::string>& args,
                              std::chrono::seconds guard = std::chrono::seconds(60)) {
  return wait_for(start(dir, args), guard);
}

// Waits until `what` is in the child's stderr (the phase has begun), at most 60 s.
bool wait_for_log(const Child& c, const std::string& what) {
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (Clock::now() < deadline) {
    if (read(c.err).find(what) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

bool has_temp_file(const fs::path& dir) {
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().filename().string().find(".nnviz-tmp-") != std::string::npos) return true;
  return false;
}

// A saved run of `epochs` + 1 frames (a long run's planning takes a while).
fs::path long_run(const fs::path& dir, int epochs) {
  const fs::path run = dir / "run.json";
  EXPECT_EQ(run_binary(dir, {"train", "-q", "--epochs", std::to_string(epochs), "--stop-loss", "0", "--no-video",
                             "--save-weights", run.string()}),
            std::optional<int>(0));
  return run;
}

TEST(phase_interrupt, sigint_after_training_stops_the_view_planning) {
  // Training of a million epochs is cut by SIGINT; the planner then had tens of thousands of
  // frames to build scenes for, without looking at the flag (21 s and more).
  const fs::path dir = scratch("phase-train");
  const Child c = start(dir, {"train", "-v", "--epochs", "1000000", "--stop-loss", "0", "--size", "600x200", "-o",
                              (dir / "o.mp4").string()});
  ASSERT_TRUE(wait_for_log(c, "epoch ")) << read(c.err);  // training is under way
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ::kill(c.pid, SIGINT);
  EXPECT_EQ(wait_for(c, kHangGuard), std::optional<int>(130)) << read(c.err);
  EXPECT_FALSE(fs::exists(dir / "o.mp4"));  // no frame was rendered: nothing written
  EXPECT_FALSE(has_temp_file(dir));
  EXPECT_NE(read(c.err).find("no video written"), std::string::npos) << read(c.err);
}

TEST(phase_interrupt, sigterm_while_render_plans_a_long_run) {
  const fs::path dir = scratch("phase-render");
  const fs::path run = long_run(dir, 30000);
  const Child c = start(dir, {"render", "-v", run.string(), "--size", "600x200", "-o", (dir / "r.mp4").string()});
  // Once reading is done (0.3 s here, many seconds in a sanitized build), planning 30001 frames
  // takes far longer than this pause.
  ASSERT_TRUE(wait_for_log(c, "planning the views")) << read(c.err);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(c.pid, SIGTERM);
  EXPECT_EQ(wait_for(c, kHangGuard), std::optional<int>(143)) << read(c.err);
  EXPECT_FALSE(has_temp_file(dir));
  // Stopped before its first frame (planning 30001 frames takes longer than that): nothing written.
  EXPECT_FALSE(fs::exists(dir / "r.mp4"));
  EXPECT_NE(read(c.err).find("no video written"), std::string::npos) << read(c.err);
}

TEST(phase_interrupt, one_epoch_of_a_long_run_plans_only_the_frames_it_needs) {
  // `render --epoch 0` planned the views of all frames (minutes for a 100 MB run); with smooth
  // axes frame 0's view depends on its first few frames only.
  const fs::path dir = scratch("phase-epoch");
  const fs::path run = long_run(dir, 30000);
  EXPECT_EQ(run_binary(dir, {"render", "-q", run.string(), "--epoch", "0", "-o", (dir / "x.png").string()}, kHangGuard),
            std::optional<int>(0));
  EXPECT_TRUE(fs::exists(dir / "x.png"));
}

TEST(phase_interrupt, sigint_while_one_fixed_axes_epoch_is_planned_writes_nothing) {
  // With fixed axes one frame needs the bounds of every frame: that planning honours the signal.
  const fs::path dir = scratch("phase-epoch-fixed");
  const fs::path run = long_run(dir, 30000);
  const Child c = start(dir, {"render", "-v", run.string(), "--axes", "fixed", "--epoch", "0", "-o",
                              (dir / "x.png").string()});
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));  // read (0.3 s), planning
  ::kill(c.pid, SIGINT);
  EXPECT_EQ(wait_for(c, kHangGuard), std::optional<int>(130)) << read(c.err);
  EXPECT_FALSE(fs::exists(dir / "x.png"));
  EXPECT_FALSE(has_temp_file(dir));
  EXPECT_NE(read(c.err).find("nothing written"), std::string::npos) << read(c.err);
}

TEST(phase_interrupt, sigint_during_a_sweeps_runs_stops_every_worker) {
  const fs::path dir = scratch("phase-compare");
  const Child c = start(dir, {"compare", "--seed", "1..6", "--epochs", "1000000", "--stop-loss", "0", "-j", "2",
                              "--no-video", "-o", (dir / "sweep").string()});
  ASSERT_TRUE(wait_for_log(c, "runs on")) << read(c.err);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ::kill(c.pid, SIGINT);
  EXPECT_EQ(wait_for(c, kHangGuard), std::optional<int>(130)) << read(c.err);
  EXPECT_TRUE(fs::exists(dir / "sweep" / "summary.csv"));  // the runs that started
  EXPECT_FALSE(has_temp_file(dir));
}

TEST(phase_interrupt, sigint_while_the_comparison_video_is_planned) {
  // Two long runs, then `report` builds their comparison video: SIGINT while it plans the tiles.
  const fs::path dir = scratch("phase-report");
  ASSERT_EQ(run_binary(dir, {"compare", "-q", "--seed", "1,2", "--epochs", "15000", "--stop-loss", "0", "--no-video",
                             "-o", (dir / "sweep").string()},
                       std::chrono::seconds(120)),
            std::optional<int>(0));
  const Child r = start(dir, {"report", "-v", (dir / "sweep").string()});
  ASSERT_TRUE(wait_for_log(r, "wrote")) << read(r.err);  // the merged summary: the video is next
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  ::kill(r.pid, SIGINT);
  EXPECT_EQ(wait_for(r, kHangGuard), std::optional<int>(130)) << read(r.err);
  EXPECT_FALSE(fs::exists(dir / "sweep" / "compare.mp4"));
  EXPECT_FALSE(has_temp_file(dir));
}

TEST(phase_interrupt, sigint_while_report_reads_a_runs_weights) {
  // report read each run's weights without the flag: a weights.json that is a FIFO whose writer
  // sends nothing kept it waiting past any signal (and a 100 MB file is seconds of parsing that
  // could not look at it either).
  const fs::path dir = scratch("phase-report-read");
  ASSERT_EQ(run_binary(dir, {"compare", "-q", "--epochs", "2", "--no-video", "-o",
                             (dir / "sweep").string()}),
            std::optional<int>(0));
  const fs::path weights = dir / "sweep" / "run" / "weights.json";
  ASSERT_TRUE(fs::remove(weights));
  ASSERT_EQ(::mkfifo(weights.c_str(), 0644), 0);
  const int writer = ::open(weights.c_str(), O_RDWR);  // held open, writing nothing
  ASSERT_GE(writer, 0);
  const Child r = start(dir, {"report", "-v", (dir / "sweep").string()});
  ASSERT_TRUE(wait_for_log(r, "summary.json")) << read(r.err);  // the merged summary: the weights are next
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ::kill(r.pid, SIGINT);
  EXPECT_EQ(wait_for(r, kHangGuard), std::optional<int>(130)) << read(r.err);
  ::close(writer);
  EXPECT_FALSE(fs::exists(dir / "sweep" / "compare.mp4"));
  EXPECT_FALSE(has_temp_file(dir));
  EXPECT_NE(read(r.err).find("it was not written"), std::string::npos) << read(r.err);
}

}  // namespace
