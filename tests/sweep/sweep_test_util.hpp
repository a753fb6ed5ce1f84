#pragma once
// Helpers of the sweep tests: the CLI tests' run/scratch, reading files, ffprobe.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../cli/cli_test_support.hpp"

namespace sweep_test {
namespace fs = std::filesystem;

// Running the CLI in-process and scratch folders: the CLI tests' own helpers.
using nnviz::cli_test::Outcome;
inline Outcome run_cli(std::vector<std::string> args) { return nnviz::cli_test::run(std::move(args)); }
inline fs::path scratch(const std::string& name) { return nnviz::cli_test::scratch("sweep-" + name); }

inline std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The command's standard output (ffprobe), or "" when it cannot run.
inline std::string capture(const std::string& command) { return nnviz::cli_test::shell_output(command); }

// "width,height,frames" of the first video stream, decoded frame by frame.
inline std::string probe(const fs::path& video) {
  std::string s = capture("ffprobe -v error -count_frames -select_streams v:0 -show_entries "
                          "stream=width,height,nb_read_frames -of csv=p=0 '" + video.string() + "' 2>/dev/null");
  while (!s.empty() && (s.back() == '\n' || s.back() == ',')) s.pop_back();
  return s;
}

inline bool have_ffprobe() { return !capture("command -v ffprobe").empty(); }

}  // namespace sweep_test
