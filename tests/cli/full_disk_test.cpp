// A full disk while writing: one clear error, exit 1, no partial file, an existing file intact.
// RLIMIT_FSIZE makes every write past the limit fail with EFBIG, as ENOSPC does on a full disk,
// without needing a small file system (which CI may not be allowed to mount).
#include <gtest/gtest.h>

#include "cli_test_support.hpp"
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {
namespace fs = std::filesystem;

struct Result {
  int code = -1;
  std::string err;
};

// Runs nnviz with `args`, stdout to `out_path` ("/dev/null" by default), file sizes limited to
// `limit` bytes. With `ignore_xfsz` false the child keeps SIGXFSZ's default action (death), as a
// user's shell does: nnviz itself must turn the limit into an error message.
Result run_limited(const std::vector<std::string>& args, rlim_t limit, const fs::path& dir,
                   const std::string& out_path = "/dev/null", bool ignore_xfsz = true) {
  const fs::path err_file = dir / "stderr.txt";
  const pid_t child = ::fork();
  if (child == 0) {
    ::signal(SIGXFSZ, ignore_xfsz ? SIG_IGN : SIG_DFL);  // SIG_IGN: EFBIG to the writer, no death
    const int err_fd = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int out_fd = ::open(out_path.c_str(), O_WRONLY);
    if (err_fd < 0 || out_fd < 0) ::_exit(126);
    ::dup2(err_fd, 2);
    ::dup2(out_fd, 1);
    const rlimit lim{limit, limit};
    ::setrlimit(RLIMIT_FSIZE, &lim);
    nnviz::cli_test::exec_nnviz(args);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  Result r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::ifstream in(err_file);
  r.err.assign(std::istreambuf_iterator<char>(in), {});
  fs::remove(err_file);
  return r;
}

using nnviz::cli_test::read;
using nnviz::cli_test::scratch;

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

int error_lines(const std::string& err) {
  int n = 0;
  for (std::size_t pos = err.find("error"); pos != std::string::npos; pos = err.find("error", pos + 1)) ++n;
  return n;
}

TEST(full_disk, a_video_that_does_not_fit_fails_and_keeps_the_old_file) {
  const fs::path dir = scratch("video");
  std::ofstream(dir / "run.mp4") << "precious";
  const Result r = run_limited({"train", "--size", "640x214", "-o", (dir / "run.mp4").string()}, 64 * 1024, dir);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("run.mp4"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
  EXPECT_EQ(error_lines(r.err), 1) << r.err;
  EXPECT_EQ(read(dir / "run.mp4"), "precious");
  EXPECT_EQ(entries(dir), std::vector<std::string>{"run.mp4"});  // no temporary file left
}

TEST(full_disk, a_file_size_limit_is_an_error_message_not_a_silent_death) {
  // `ulimit -f` in the user's shell: SIGXFSZ would kill the process at the first write past the
  // limit, leaving its hidden temporary file. nnviz ignores it and reports EFBIG instead.
  const fs::path dir = scratch("xfsz");
  const Result r = run_limited({"train", "--size", "640x214", "-o", (dir / "run.mp4").string()}, 64 * 1024, dir,
                               "/dev/null", false);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
  EXPECT_TRUE(entries(dir).empty());  // no video, no temporary file
}

TEST(full_disk, metrics_that_do_not_fit_fail_before_any_video) {
  const fs::path dir = scratch("metrics");
  std::ofstream(dir / "m.csv") << "old";
  const Result r = run_limited({"train", "--stop-loss", "0", "--epochs", "100", "--metrics", (dir / "m.csv").string(),
                                "-o", (dir / "run.mp4").string()},
                               1024, dir);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("m.csv"), std::string::npos) << r.err;
  EXPECT_EQ(read(dir / "m.csv"), "old");
  EXPECT_EQ(entries(dir), std::vector<std::string>{"m.csv"});
}

TEST(full_disk, a_dataset_that_does_not_fit_fails_cleanly) {
  const fs::path dir = scratch("dataset");
  const Result r = run_limited({"dataset", "-o", (dir / "blobs.csv").string()}, 4096, dir);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("blobs.csv"), std::string::npos) << r.err;
  EXPECT_TRUE(entries(dir).empty());
}

// A full device of our own (the node /dev/full is, 1:7), so that no test touches /dev.
fs::path make_full_device(const fs::path& dir) {
  const fs::path node = dir / "full";
  EXPECT_EQ(::mknod(node.c_str(), S_IFCHR | 0666, ::makedev(1, 7)), 0) << "mknod needs root: " << std::strerror(errno);
  return node;
}

TEST(full_disk, stdout_on_a_full_device_is_an_error) {
  const fs::path dir = scratch("devfull");
  const fs::path full = make_full_device(dir);
  const Result r = run_limited({"dataset"}, RLIM_INFINITY, dir, full.string());
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("stdout"), std::string::npos) << r.err;
}

TEST(full_disk, every_command_that_prints_results_fails_when_stdout_is_full) {
  // Printed configs, --json objects, the summary and the paths written: each is what a script
  // reads, so an unwritable stdout is exit 1 with one message, not an empty file and exit 0.
  const fs::path dir = scratch("stdout-full");
  const fs::path full = make_full_device(dir);
  const std::vector<std::vector<std::string>> commands = {
      {"train", "--print-config"},
      {"train", "--epochs", "1", "--no-video", "--json"},
      {"train", "--epochs", "1", "-o", (dir / "run.gif").string(), "--size", "360x120"},
      {"summary"},
  };
  for (const auto& args : commands) {
    const Result r = run_limited(args, RLIM_INFINITY, dir, full.string());
    EXPECT_EQ(r.code, 1) << args[0] << " " << args[1] << ": " << r.err;
    EXPECT_NE(r.err.find("cannot write to stdout"), std::string::npos) << r.err;
    EXPECT_EQ(error_lines(r.err), 1) << r.err;
  }
}

}  // namespace
