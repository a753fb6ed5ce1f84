// Every command's --help ends with examples, and each runs as written: the lines of a command's
// "Examples:" section run in order, through bash, in an empty folder, with the built binary as
// `nnviz` on the PATH, and each must exit 0 (and a later one may use what an earlier one wrote).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "cli_test_support.hpp"

namespace {
namespace fs = std::filesystem;

const std::vector<std::string> commands = {"train", "render", "summary", "dataset", "compare", "report", "completion"};

// The example lines of `help`: those after "Examples:" up to the end or the first blank line.
std::vector<std::string> examples_of(const std::string& help) {
  std::vector<std::string> lines;
  const std::size_t start = help.find("\nExamples:\n");
  if (start == std::string::npos) return lines;
  std::size_t pos = start + 11;
  while (pos < help.size()) {
    std::size_t end = help.find('\n', pos);
    if (end == std::string::npos) end = help.size();
    const std::string line = help.substr(pos, end - pos);
    if (line.find_first_not_of(' ') == std::string::npos) break;
    lines.push_back(line);
    pos = end + 1;
  }
  return lines;
}

using Shell = nnviz::cli_test::ShellRun;

// `line` through bash in `dir`, the binary's folder first on the PATH; stdout and stderr.
Shell run_in(const fs::path& dir, const std::string& line) {
  return nnviz::cli_test::run_shell_in(dir, "set -eo pipefail; " + line, " 2>&1");
}

TEST(help_examples, the_reader_finds_the_examples_and_stops_at_a_blank_line) {
  EXPECT_EQ(examples_of("Usage: x\n\nOptions:\n  -h\n\nExamples:\n  a b  # c\n  d\n\nmore\n"),
            (std::vector<std::string>{"  a b  # c", "  d"}));
  EXPECT_TRUE(examples_of("Usage: x\nOptions:\n  -h\n").empty());
}

TEST(help_examples, the_runner_reports_a_failing_example) {
  const fs::path dir = nnviz::cli_test::scratch("help-examples-fail");
  EXPECT_EQ(run_in(dir, "nnviz train --epoch 5").code, 2);
  EXPECT_EQ(run_in(dir, "nnviz render missing.json -o x.mp4").code, 2);
  EXPECT_EQ(run_in(dir, "nnviz --version").code, 0);
  fs::remove_all(dir);
}

TEST(help_examples, the_top_level_help_points_at_the_commands_and_its_examples_run) {
  const nnviz::cli_test::Outcome help = nnviz::cli_test::run({"--help"});
  ASSERT_EQ(help.code, 0);
  for (const std::string& c : commands) EXPECT_NE(help.out.find("\n  " + c), std::string::npos) << c;
  const std::vector<std::string> examples = examples_of(help.out);
  ASSERT_GE(examples.size(), 2U) << help.out;
  const fs::path dir = nnviz::cli_test::scratch("help-examples-top");
  for (const std::string& e : examples) {
    const Shell s = run_in(dir, e);
    EXPECT_EQ(s.code, 0) << e << "\n" << s.out;
  }
  EXPECT_TRUE(fs::exists(dir / "nnviz.mp4"));
  fs::remove_all(dir);
}

class CommandExamples : public testing::TestWithParam<std::string> {};

TEST_P(CommandExamples, two_to_four_examples_end_the_help_and_each_runs_as_written) {
  const std::string& command = GetParam();
  const nnviz::cli_test::Outcome help = nnviz::cli_test::run({command, "--help"});
  ASSERT_EQ(help.code, 0) << help.err;
  const std::vector<std::string> examples = examples_of(help.out);
  EXPECT_GE(examples.size(), 2U) << help.out;
  EXPECT_LE(examples.size(), 4U) << help.out;
  // The examples are the help's end, after the options.
  const std::size_t at = help.out.find("\nExamples:\n");
  ASSERT_NE(at, std::string::npos);
  EXPECT_GT(at, help.out.find("--help")) << help.out;
  const fs::path dir = nnviz::cli_test::scratch("help-examples-" + command);
  bool names_command = false;
  for (const std::string& e : examples) {
    // Each line says what it does in its comment (help2man makes it the text under the line).
    EXPECT_NE(e.find("  # "), std::string::npos) << "an example without its comment: " << e;
    if (e.find("nnviz " + command) != std::string::npos) names_command = true;
    const Shell s = run_in(dir, e);
    EXPECT_EQ(s.code, 0) << e << "\n" << s.out;
  }
  EXPECT_TRUE(names_command) << "no example runs nnviz " << command;
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(help_examples, CommandExamples, testing::ValuesIn(commands),
                         [](const testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
