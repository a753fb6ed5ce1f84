// A mistyped option or command is named with what it was probably meant to be; each subcommand
// takes only the options that mean something for it.
#include <gtest/gtest.h>

#include <filesystem>

#include "cli_test_support.hpp"

namespace {
using nnviz::cli_test::run;
using nnviz::cli_test::scratch;

void expect_usage_error(const std::vector<std::string>& args, const std::string& message) {
  const auto o = run(args);
  EXPECT_EQ(o.code, 2) << o.err;
  EXPECT_NE(o.err.find(message), std::string::npos) << o.err;
}

TEST(suggestions, a_mistyped_option_gets_the_nearest_name) {
  expect_usage_error({"train", "--epoch", "5"}, "--epoch: no such option of 'nnviz train' (did you mean --epochs?)");
  expect_usage_error({"train", "--epoch=5"}, "(did you mean --epochs?)");
  expect_usage_error({"train", "--lerning-rate", "0.1"}, "(did you mean --learning-rate?)");
  expect_usage_error({"train", "--Hiden", "8"}, "(did you mean --hidden?)");
  expect_usage_error({"compare", "--lrr", "0.1", "-o", "x"}, "(did you mean --lr?)");
  expect_usage_error({"render", "--epochs", "3", "run.json"}, "(did you mean --epoch?)");
  expect_usage_error({"train", "--valid", "0.1"}, "(did you mean --validation-split?)");
}

TEST(suggestions, nothing_close_gets_no_guess) {
  const auto o = run({"train", "--zzzzzzzz"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("--zzzzzzzz: no such option"), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find("did you mean"), std::string::npos) << o.err;
  // One letter is one edit from every other letter: no guess.
  const auto s = run({"train", "-x"});
  EXPECT_EQ(s.code, 2);
  EXPECT_EQ(s.err.find("did you mean"), std::string::npos) << s.err;
}

TEST(suggestions, negative_numbers_are_values_not_options) {
  const auto o = run({"train", "--lr", "-1"});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err.find("no such option"), std::string::npos) << o.err;
}

TEST(suggestions, a_mistyped_command_gets_the_nearest_command) {
  expect_usage_error({"trian"}, "'trian' is not an nnviz command (did you mean train?)");
  expect_usage_error({"reprot", "x"}, "(did you mean report?)");
  expect_usage_error({"frobnicate"}, "the commands: train");
}

TEST(subcommand_options, summary_takes_only_the_model_options) {
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{"-o", "foo.mp4"}, {"--epochs", "5"}, {"--json"}, {"--lr", "0.1"}, {"--seed", "3"}}) {
    std::vector<std::string> args{"summary"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto o = run(args);
    EXPECT_EQ(o.code, 2) << extra.front() << ": " << o.err;
    EXPECT_NE(o.err.find(extra.front() + ": no such option of 'nnviz summary'"), std::string::npos) << o.err;
  }
  const auto help = run({"summary", "--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("--hidden"), std::string::npos) << help.out;
  EXPECT_EQ(help.out.find("--epochs"), std::string::npos) << help.out;
  EXPECT_EQ(help.out.find("--output"), std::string::npos) << help.out;
  const auto ok = run({"summary", "--hidden", "8,4", "--activation", "relu"});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.out.find("Trainable params"), std::string::npos) << ok.out;
}

TEST(subcommand_options, render_refuses_options_that_would_do_nothing) {
  const auto dir = scratch("render-noop");
  const auto run_file = (dir / "run.json").string();
  ASSERT_EQ(run({"train", "-q", "--epochs", "2", "--no-video", "--save-weights", run_file}).code, 0);
  const auto none = run({"render", run_file, "--no-video"});
  EXPECT_EQ(none.code, 2) << none.err;
  EXPECT_NE(none.err.find("--no-video: render would write nothing"), std::string::npos) << none.err;
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{"--fps", "10"}, {"--crf", "20"}, {"--hold-last", "1"}, {"--format", "png"}}) {
    std::vector<std::string> args{"render", run_file, "--epoch", "1", "-o", (dir / "x.png").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto o = run(args);
    EXPECT_EQ(o.code, 2) << extra.front() << ": " << o.err;
    EXPECT_NE(o.err.find(extra.front() + ": has no effect with --epoch"), std::string::npos) << o.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "x.png"));
  // --no-video with --frames writes only the PNG frames: it means something.
  std::filesystem::create_directories(dir / "frames");
  const auto frames = run({"render", "-q", run_file, "--no-video", "--size", "360x120", "--frames", (dir / "frames").string()});
  EXPECT_EQ(frames.code, 0) << frames.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "frames" / "0000.png") || !std::filesystem::is_empty(dir / "frames"));
}

}  // namespace
