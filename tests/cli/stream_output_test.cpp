// `nnviz train -o -`: a stream a player reads from a pipe (y4m unless --format says nut or
// nut-raw), what ffprobe reads of it, a player that quits, a signal while streaming (also while
// the player is paused), and what stdout refuses.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <algorithm>
#include <cstdio>
#include <string>
#include <thread>

#include "cli_test_support.hpp"

namespace {
namespace fs = std::filesystem;
using nnviz::cli_test::read;
using nnviz::cli_test::run;
using nnviz::cli_test::scratch;

std::string sh(const std::string& cmd) {
  std::string out = nnviz::cli_test::shell_output("bash -c '" + cmd + "'");
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

const std::string train = std::string(NNVIZ_BINARY) + " train -q --stop-loss 0 --size 640x214";

TEST(stream_output, ffprobe_reads_the_piped_streams_size_rate_and_frames) {
  // 6 epochs: 7 frames (the untrained network and one per epoch), at the --fps asked.
  const std::string probe = " | ffprobe -v error -count_frames -select_streams v:0 -show_entries "
                            "stream=codec_name,width,height,r_frame_rate,nb_read_frames -of csv=p=0 -i pipe:0; "
                            "echo status ${PIPESTATUS[0]}";
  EXPECT_EQ(sh("set -o pipefail; " + train + " --epochs 6 --fps 7 -o -" + probe), "rawvideo,640,214,7/1,7\nstatus 0");
  EXPECT_EQ(sh(train + " --epochs 6 --fps 7 -o - --format y4m" + probe), "rawvideo,640,214,7/1,7\nstatus 0");
  EXPECT_EQ(sh(train + " --epochs 6 --fps 7 -o - --format nut" + probe), "h264,640,214,7/1,7\nstatus 0");
  EXPECT_EQ(sh(train + " --epochs 4 --fps 3 -o - --format nut-raw" + probe), "rawvideo,640,214,3/1,5\nstatus 0");
  EXPECT_EQ(sh(train + " --epochs 4 -o - --format webm" + probe), "vp9,640,214,5/1,5\nstatus 0");
}

TEST(stream_output, stdout_holds_the_stream_and_nothing_else) {
  const fs::path dir = scratch("stream-only");
  // Other outputs' paths are not printed after the stream (they are logged on stderr).
  const std::string status = sh("cd " + dir.string() + " && " + train + " --epochs 3 -o - --metrics m.csv > s.y4m; echo $?");
  EXPECT_EQ(status, "0");
  const std::string bytes = read(dir / "s.y4m");
  const std::size_t header = bytes.find('\n') + 1;
  const std::size_t frame = 6 + 640 * 214 + 2 * 320 * 107;  // "FRAME\n", Y, U, V (4:2:0)
  EXPECT_EQ(bytes.size(), header + 4 * frame);
  EXPECT_TRUE(fs::exists(dir / "m.csv"));
  // The raw format still goes to stdout: 4 BGRA frames, no header.
  EXPECT_EQ(sh(train + " --epochs 3 -o - --format raw | wc -c"), std::to_string(4 * 640 * 214 * 4));
}

TEST(stream_output, a_player_that_quits_is_a_clear_error_not_a_crash_or_a_hang) {
  const fs::path dir = scratch("player-quit");
  const std::string out = sh("cd " + dir.string() + " && " + std::string(NNVIZ_BINARY) +
                             " train --stop-loss 0 --size 640x214 --epochs 100 --metrics m.csv -o - 2> err | head -c "
                             "300000 > /dev/null; echo ${PIPESTATUS[0]}");
  EXPECT_EQ(out, "1");  // not 141 (killed by SIGPIPE)
  const std::string err = read(dir / "err");
  EXPECT_NE(err.find("writing stdout: its reader closed it (the player quit?)"), std::string::npos) << err;
  // A failed run commits nothing.
  EXPECT_FALSE(fs::exists(dir / "m.csv"));
  // A player that quit before the first byte (before training ended): the same, at the header.
  const std::string early = sh("cd " + dir.string() + " && " + std::string(NNVIZ_BINARY) +
                               " train --stop-loss 0 --size 640x214 --epochs 2 --format nut -o - 2> err2 | true; "
                               "echo ${PIPESTATUS[0]}");
  EXPECT_EQ(early, "1");
  EXPECT_NE(read(dir / "err2").find("writing stdout: its reader closed it (the player quit?)"), std::string::npos)
      << read(dir / "err2");
}

// nnviz streaming to a pipe we read; returns its pid and our end.
pid_t start_streaming(int& read_end) {
  int fds[2];
  if (::pipe(fds) != 0) return -1;
  const pid_t child = ::fork();
  if (child == 0) {
    ::dup2(fds[1], 1);
    ::close(fds[0]);
    ::close(fds[1]);
    nnviz::cli_test::exec_nnviz({"train", "-q", "--stop-loss", "0", "--epochs", "400", "--size", "640x214", "-o", "-"});
  }
  ::close(fds[1]);
  read_end = fds[0];
  return child;
}

// Reads what is there, up to `limit` bytes in all; false at the end of the stream.
bool read_some(int fd, std::string& into, std::size_t limit) {
  char buf[65536];
  const std::size_t want = std::min(sizeof buf, limit - into.size());
  const ssize_t n = ::read(fd, buf, want);
  if (n <= 0) return false;
  into.append(buf, static_cast<std::size_t>(n));
  return true;
}

int wait_exit(pid_t child, bool& hung) {
  int status = 0;
  hung = false;
  for (int i = 0; i < 300; ++i) {  // a hang bound (30 s), not a timing check
    if (::waitpid(child, &status, WNOHANG) == child)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  hung = true;
  ::kill(child, SIGKILL);
  ::waitpid(child, &status, 0);
  return -1;
}

TEST(stream_output, a_signal_ends_the_stream_after_a_whole_frame) {
  const fs::path dir = scratch("stream-sigint");
  int fd = -1;
  const pid_t child = start_streaming(fd);
  ASSERT_GT(child, 0);
  const std::size_t frame = 6 + 640 * 214 + 2 * 320 * 107;
  std::string bytes;
  while (bytes.size() < 3 * frame && read_some(fd, bytes, 3 * frame)) {
  }
  ::kill(child, SIGINT);
  while (read_some(fd, bytes, std::string::npos / 2)) {
  }
  ::close(fd);
  bool hung = false;
  EXPECT_EQ(wait_exit(child, hung), 130);
  EXPECT_FALSE(hung);
  const std::size_t header = bytes.find('\n') + 1;
  ASSERT_GT(bytes.size(), header);
  EXPECT_EQ((bytes.size() - header) % frame, 0u) << "the stream ends inside a frame";
  const std::size_t frames = (bytes.size() - header) / frame;
  EXPECT_GE(frames, 3u);
  EXPECT_LT(frames, 401u);
  {
    std::FILE* f = std::fopen((dir / "cut.y4m").c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
  }
  EXPECT_EQ(sh("ffprobe -v error -count_frames -show_entries stream=nb_read_frames -of csv=p=0 " + (dir / "cut.y4m").string()),
            std::to_string(frames));
}

TEST(stream_output, a_signal_ends_the_run_while_the_player_is_paused) {
  int fd = -1;
  const pid_t child = start_streaming(fd);
  ASSERT_GT(child, 0);
  std::string bytes;
  while (bytes.size() < 100000 && read_some(fd, bytes, 100000)) {
  }
  // The reader stops reading (paused): nnviz fills the pipe and waits for it.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ::kill(child, SIGINT);
  bool hung = false;
  EXPECT_EQ(wait_exit(child, hung), 130);
  EXPECT_FALSE(hung);
  ::close(fd);
}

TEST(stream_output, stdout_refuses_mp4_json_and_a_terminal) {
  const auto mp4 = run({"train", "--epochs", "1", "-o", "-", "--format", "mp4"});
  EXPECT_EQ(mp4.code, 2);
  EXPECT_NE(mp4.err.find("--format y4m (the default for -o -), nut (H.264) or nut-raw"), std::string::npos) << mp4.err;
  const auto json = run({"train", "--epochs", "1", "-o", "-", "--json"});
  EXPECT_EQ(json.code, 2);
  EXPECT_NE(json.err.find("--json: stdout carries the video"), std::string::npos) << json.err;
  // A terminal on stdout (a pseudo-terminal here): refused before training.
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  ASSERT_GE(master, 0);
  ASSERT_EQ(::grantpt(master), 0);
  ASSERT_EQ(::unlockpt(master), 0);
  const fs::path dir = scratch("stream-tty");
  const pid_t child = ::fork();
  if (child == 0) {
    const int slave = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
    const int err = ::open((dir / "err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (slave < 0 || err < 0) ::_exit(126);
    ::dup2(slave, 1);
    ::dup2(err, 2);
    nnviz::cli_test::exec_nnviz({"train", "--epochs", "1", "-o", "-"});
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ::close(master);
  EXPECT_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 2);
  EXPECT_NE(read(dir / "err").find("stdout is a terminal"), std::string::npos) << read(dir / "err");
}

}  // namespace
