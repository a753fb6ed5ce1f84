// SIGINT/SIGTERM during `nnviz train`: the frames so far are finished into a playable file (also
// while the last frame is held).
#include <gtest/gtest.h>

#include "cli_test_support.hpp"
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <thread>

namespace {
namespace fs = std::filesystem;

using nnviz::cli_test::scratch;

bool has_temp_file(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().find(".nnviz-tmp-") != std::string::npos) return true;
  return false;
}

// Starts nnviz with `args`, waits until it is encoding (its temporary file exists), sends
// `sig` (and `second` right after it, when given), and returns the exit status.
// With `json`, the run prints its --json object into `json`.
int interrupt_run(const fs::path& dir, const std::string& output, int sig, int second = 0, const fs::path& json = {}) {
  const pid_t child = ::fork();
  if (child == 0) {
    if (!json.empty()) {
      const int fd = ::open(json.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd < 0) ::_exit(126);
      ::dup2(fd, 1);
      ::execl(NNVIZ_BINARY, "nnviz", "train", "-q", "--json", "--stop-loss", "0", "--epochs", "400", "--size",
              "900x300", "-o", (dir / output).c_str(), static_cast<char*>(nullptr));
    }
    ::execl(NNVIZ_BINARY, "nnviz", "train", "-q", "--stop-loss", "0", "--epochs", "400", "--size", "900x300", "-o",
            (dir / output).c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!has_temp_file(dir) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a few frames in
  ::kill(child, sig);
  if (second != 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // the first one is being handled
    ::kill(child, second);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Frames counted by decoding the whole file (ffprobe -count_frames).
int decoded_frames(const fs::path& file) {
  const std::string cmd = "ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of "
                          "default=nw=1:nk=1 '" + file.string() + "'";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return -1;
  int frames = -1;
  if (std::fscanf(p, "%d", &frames) != 1) frames = -1;
  ::pclose(p);
  return frames;
}

// `file` holds some but not all of the 401 frames, decodes, and no temporary file is left.
void expect_a_playable_cut(const fs::path& dir, const std::string& file) {
  ASSERT_TRUE(fs::exists(dir / file));
  const int frames = decoded_frames(dir / file);
  EXPECT_GT(frames, 0);
  EXPECT_LT(frames, 401);  // stopped early
  EXPECT_FALSE(has_temp_file(dir));
}

TEST(interrupt, sigint_finishes_a_playable_mp4_and_exits_130) {
  const fs::path dir = scratch("sigint");
  EXPECT_EQ(interrupt_run(dir, "run.mp4", SIGINT), 130);
  expect_a_playable_cut(dir, "run.mp4");
}

TEST(interrupt, sigterm_finishes_a_playable_gif_and_exits_143) {
  const fs::path dir = scratch("sigterm");
  EXPECT_EQ(interrupt_run(dir, "run.gif", SIGTERM), 143);
  expect_a_playable_cut(dir, "run.gif");
}

TEST(interrupt, the_report_names_the_frames_on_disk_not_the_last_trained_epoch) {
  // Training finishes (401 frames) before rendering starts; SIGINT cuts the video. The --json
  // object's frames, final and best describe the video that was written.
  const fs::path dir = scratch("summary");
  const fs::path json = dir / "report.json";
  EXPECT_EQ(interrupt_run(dir, "run.mp4", SIGINT, 0, json), 130);
  std::ifstream in(json);
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  std::smatch frames;
  std::smatch final_epoch;
  std::smatch best_epoch;
  ASSERT_TRUE(std::regex_search(text, frames, std::regex("\"frames\": ([0-9]+)"))) << text;
  ASSERT_TRUE(std::regex_search(text, final_epoch, std::regex("\"final\": \\{\\s*\"epoch\": ([0-9]+)"))) << text;
  ASSERT_TRUE(std::regex_search(text, best_epoch, std::regex("\"best\": \\{\\s*\"epoch\": ([0-9]+)"))) << text;
  const int n = std::stoi(frames[1]);
  EXPECT_LT(n, 401);
  EXPECT_EQ(decoded_frames(dir / "run.mp4"), n);
  EXPECT_EQ(std::stoi(final_epoch[1]), n - 1);  // one frame per epoch, from epoch 0
  EXPECT_LE(std::stoi(best_epoch[1]), n - 1);
}

TEST(interrupt, sighup_is_handled_like_sigterm) {
  const fs::path dir = scratch("sighup");
  EXPECT_EQ(interrupt_run(dir, "run.mp4", SIGHUP), 128 + SIGHUP);
  expect_a_playable_cut(dir, "run.mp4");
}

TEST(interrupt, a_second_signal_stops_at_once_and_leaves_no_temporary_file) {
  // The second signal lands while the first one's frames are being finished (libx264 flushes its
  // look-ahead): the process ends by the signal, the half-written temporary file is removed.
  const fs::path dir = scratch("twice");
  for (const int sig : {SIGINT, SIGTERM}) {
    const int code = interrupt_run(dir, "run.mp4", sig, sig);
    EXPECT_EQ(code, 128 + sig);
    EXPECT_FALSE(has_temp_file(dir)) << "signal " << sig;
    std::error_code ec;
    fs::remove(dir / "run.mp4", ec);
  }
}

TEST(interrupt, sigint_while_the_last_frame_is_held_finishes_the_file_at_once) {
  // --hold-last 600 at 120 fps is 72000 copies of the last frame, written inside the encoder
  // without a look at the flag: SIGINT waited some 97 s. Now the hold is cut short and the file
  // finished, playable, with the copies written so far.
  const fs::path dir = scratch("hold");
  const fs::path out = dir / "held.mp4";
  const fs::path err = dir / "stderr.txt";
  const pid_t child = ::fork();
  if (child == 0) {
    const int fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) ::_exit(126);
    ::dup2(fd, 2);
    ::execl(NNVIZ_BINARY, "nnviz", "train", "--epochs", "2", "--hold-last", "600", "--fps", "120", "-o", out.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const auto start_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!has_temp_file(dir) && std::chrono::steady_clock::now() < start_deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // 3 frames drawn, holding
  ::kill(child, SIGINT);
  // Hang guard: far more than finishing takes, far less than the whole hold.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  int status = 0;
  pid_t done = 0;
  while ((done = ::waitpid(child, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (done == 0) {
    ::kill(child, SIGKILL);
    ::waitpid(child, &status, 0);
    FAIL() << "still holding the last frame 15 s after SIGINT";
  }
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  const int frames = decoded_frames(out);
  EXPECT_GT(frames, 3);          // the three frames and some of the hold
  EXPECT_LT(frames, 3 + 72000);  // cut short
  EXPECT_FALSE(has_temp_file(dir));
  const std::string log = nnviz::cli_test::read(err);
  EXPECT_NE(log.find("interrupted while holding the last frame"), std::string::npos) << log;
}

}  // namespace
