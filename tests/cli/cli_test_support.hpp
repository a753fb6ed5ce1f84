#pragma once
// What the CLI test files share: running the command line in-process with its output captured,
// and a fresh scratch folder per test.
#include <gtest/gtest.h>
#include <unistd.h>

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
