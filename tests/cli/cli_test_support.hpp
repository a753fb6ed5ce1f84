#pragma once
// What the CLI test files share: running the command line in-process with its output captured,
// running the real binary in a forked child, and a fresh scratch folder per test.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "nnviz/cli/cli.hpp"

namespace nnviz::cli_test {

struct Outcome {
  int code;
  std::string err;
  std::string out;
};

// `args` without the program name; stdout and stderr are captured.
inline Outcome run(std::vector<std::string> args) {
  args.insert(args.begin(), "nnviz");
  testing::internal::CaptureStderr();
  testing::internal::CaptureStdout();
  const int code = nnviz::cli::run(args);
  Outcome o{code, testing::internal::GetCapturedStderr(), testing::internal::GetCapturedStdout()};
  return o;
}

#ifdef NNVIZ_BINARY
// In a forked child, after its own set-up (redirections, limits, signals): becomes the nnviz
// binary run with `args` (without the program name). Never returns: exit 127 if exec fails.
[[noreturn]] inline void exec_nnviz(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>("nnviz"));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ::execv(NNVIZ_BINARY, argv.data());
  ::_exit(127);
}
#endif

// What a shell command prints on stdout (sh -c).
inline std::string shell_output(const std::string& cmd) {
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  while (p != nullptr && std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  if (p != nullptr) ::pclose(p);
  return out;
}

// `s` in single quotes for a shell ('\'' for a quote inside).
inline std::string shell_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct ShellRun {
  int code = -1;  // the exit code, 128 + the signal's number when killed, -1 when bash did not start
  std::string out;
};

// `line` through bash in `dir` (also its HOME: GNU parallel keeps its state there), the built
// nnviz first on the PATH; `redirects` follow bash's command line (e.g. " 2>&1"). Its stdout.
inline ShellRun run_shell_in(const std::filesystem::path& dir, const std::string& line, const std::string& redirects) {
  const std::string bin = std::filesystem::path(NNVIZ_BINARY).parent_path().string();
  const std::string command = "cd " + shell_quoted(dir.string()) + " && PATH=" + shell_quoted(bin) + ":\"$PATH\" HOME=" +
                              shell_quoted(dir.string()) + " bash -c " + shell_quoted(line) + redirects;
  ShellRun r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe) != nullptr) r.out += buf;
  const int status = ::pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

// ffprobe's codec,width,height,pix_fmt,frames of the first video stream, e.g. "h264,640,214,yuv420p,31".
inline std::string probe(const std::filesystem::path& file) {
  std::string out = shell_output("ffprobe -v error -count_frames -select_streams v:0 -show_entries "
                                 "stream=codec_name,pix_fmt,width,height,nb_read_frames -of csv=p=0 '" + file.string() + "'");
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// An empty folder for this test (the pid keeps parallel ctest processes apart).
inline std::filesystem::path scratch(const std::string& name) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("nnviz-cli-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// A file's bytes ("" when it cannot be read).
inline std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace nnviz::cli_test
