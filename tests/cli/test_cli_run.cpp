// The whole command line: exit codes and the one message a user sees for a bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "nnviz/cli/cli.hpp"

namespace {
namespace fs = std::filesystem;

struct Outcome {
  int code;
  std::string err;
  std::string out;
};

Outcome run(std::vector<std::string> args) {
  args.insert(args.begin(), "nnviz");
  testing::internal::CaptureStderr();
  testing::internal::CaptureStdout();
  const int code = nnviz::cli::run(args);
  Outcome o{code, testing::internal::GetCapturedStderr(), testing::internal::GetCapturedStdout()};
  return o;
}

fs::path scratch(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("nnviz-cli-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(cli_run, version_names_nnviz) {
  const Outcome o = run({"--version"});
  EXPECT_EQ(o.code, 0);
  EXPECT_NE(o.out.find("nnviz "), std::string::npos);
}

TEST(cli_run, no_subcommand_is_a_usage_error) { EXPECT_EQ(run({}).code, 2); }

TEST(cli_run, usage_errors_exit_2_with_one_message_naming_the_option) {
  const struct {
    std::vector<std::string> args;
    std::string expected;
  } cases[] = {
      {{"train", "--lr", "-1"}, "--lr"},
      {{"train", "--lr", "nan"}, "not a finite number"},
      {{"train", "--activation", "foo"}, "relu"},  // the message lists the valid names
      {{"train", "--epochs", "ten"}, "--epochs"},
      {{"train", "--size", "0x0"}, "--size"},
      {{"train", "--bogus"}, "--bogus"},
      {{"train", "-o", "/nonexistent-folder/out.mp4"}, "does not exist"},
      {{"train", "-o", "out.xyz"}, "cannot tell the format"},
  };
  for (const auto& c : cases) {
    const Outcome o = run(c.args);
    EXPECT_EQ(o.code, 2) << c.args.back();
    EXPECT_NE(o.err.find(c.expected), std::string::npos) << "stderr was: " << o.err;
    EXPECT_TRUE(o.out.empty()) << o.out;
  }
}

TEST(cli_run, output_that_is_a_directory_is_refused) {
  const fs::path dir = scratch("isdir");
  fs::create_directories(dir / "video.mp4");
  const Outcome o = run({"train", "--epochs", "1", "-o", (dir / "video.mp4").string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("is a directory"), std::string::npos) << o.err;
}

TEST(cli_run, no_overwrite_keeps_an_existing_file) {
  const fs::path dir = scratch("keep");
  const fs::path out = dir / "video.mp4";
  std::ofstream(out) << "precious";
  const Outcome o = run({"train", "--epochs", "1", "-n", "-o", out.string(), "-q"});
  EXPECT_EQ(o.code, 2);
  std::ifstream in(out);
  std::string text;
  in >> text;
  EXPECT_EQ(text, "precious");
}

TEST(cli_run, dataset_command_writes_the_notebooks_points) {
  const fs::path dir = scratch("dataset");
  const Outcome o = run({"dataset", "-q", "-o", (dir / "blobs.csv").string()});
  ASSERT_EQ(o.code, 0) << o.err;
  std::ifstream a(dir / "blobs.csv");
  std::ifstream b(NNVIZ_SOURCE_DIR "/data/blobs_seed12345.csv");
  const std::string got((std::istreambuf_iterator<char>(a)), {});
  const std::string want((std::istreambuf_iterator<char>(b)), {});
  EXPECT_EQ(got, want);
}

TEST(cli_run, no_video_writes_metrics_with_one_row_per_frame) {
  const fs::path dir = scratch("metrics");
  const Outcome o = run({"train", "-q", "--no-video", "--epochs", "5", "--stop-loss", "0", "--metrics",
                         (dir / "m.csv").string()});
  ASSERT_EQ(o.code, 0) << o.err;
  std::ifstream in(dir / "m.csv");
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header.rfind("epoch,loss,accuracy", 0), 0U) << header;
  int rows = 0;
  for (std::string line; std::getline(in, line);) ++rows;
  EXPECT_EQ(rows, 6);  // frames 0..5
}

}  // namespace
