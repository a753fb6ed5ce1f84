#pragma once
// Helpers of the sweep tests: scratch folders, running the CLI in-process, ffprobe.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "nnviz/cli/cli.hpp"

namespace sweep_test {
namespace fs = std::filesystem;

inline fs::path scratch(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("nnviz-sweep-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

inline Outcome run_cli(std::vector<std::string> args) {
  args.insert(args.begin(), "nnviz");
  testing::internal::CaptureStderr();
  testing::internal::CaptureStdout();
  const int code = nnviz::cli::run(args);
  Outcome o{code, testing::internal::GetCapturedStdout(), testing::internal::GetCapturedStderr()};
  return o;
}

inline std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The command's standard output (ffprobe), or "" when it cannot run.
inline std::string capture(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return out;
  std::array<char, 256> buf{};
  while (std::fgets(buf.data(), buf.size(), pipe)) out += buf.data();
  ::pclose(pipe);
  return out;
}

// "width,height,frames" of the first video stream, decoded frame by frame.
inline std::string probe(const fs::path& video) {
  std::string s = capture("ffprobe -v error -count_frames -select_streams v:0 -show_entries "
                          "stream=width,height,nb_read_frames -of csv=p=0 '" + video.string() + "' 2>/dev/null");
  while (!s.empty() && (s.back() == '\n' || s.back() == ',')) s.pop_back();
  return s;
}

inline bool have_ffprobe() { return !capture("command -v ffprobe").empty(); }

}  // namespace sweep_test
