// A run's outputs on the real binary: committed together at the end (a failure leaves every
// existing output byte for byte as it was and no temporary file), every check that can be made
// before training made before it (-n for each output, the figure size, long names, the PNG
// folder), the PNG folder created when missing, and a diverged run keeping its finite frames.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>

#include "cli_test_support.hpp"

namespace {
namespace fs = std::filesystem;
using nnviz::cli_test::read;
using nnviz::cli_test::scratch;

struct Result {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs nnviz in `cwd` with `args`; file sizes limited to `limit` bytes when given (SIGXFSZ
// left at its default: nnviz itself must turn the limit into an error message).
Result run_binary(const std::vector<std::string>& args, const fs::path& cwd, rlim_t limit = RLIM_INFINITY) {
  const fs::path logs = fs::temp_directory_path() / ("nnviz-commit-logs-" + std::to_string(::getpid()));
  fs::create_directories(logs);
  const fs::path out_file = logs / "stdout.txt";
  const fs::path err_file = logs / "stderr.txt";
  const pid_t child = ::fork();
  if (child == 0) {
    ::signal(SIGXFSZ, SIG_DFL);
    const int out_fd = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out_fd < 0 || err_fd < 0 || ::chdir(cwd.c_str()) != 0) ::_exit(126);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    if (limit != RLIM_INFINITY) {
      const rlimit lim{limit, limit};
      ::setrlimit(RLIMIT_FSIZE, &lim);
    }
    nnviz::cli_test::exec_nnviz(args);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  Result r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read(out_file);
  r.err = read(err_file);
  fs::remove_all(logs);
  return r;
}

// Every name in `dir` and below (hidden ones too), relative, sorted.
std::vector<std::string> tree(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir)) names.push_back(fs::relative(e.path(), dir).string());
  std::sort(names.begin(), names.end());
  return names;
}

bool trained(const Result& r) { return r.err.find("trained") != std::string::npos; }

const std::vector<std::string> quick = {"train", "--epochs", "30", "--size", "320x120", "--seed", "3"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST(commit, a_full_disk_at_any_output_leaves_the_existing_outputs_byte_for_byte) {
  const fs::path dir = scratch("commit-full");
  const std::vector<std::string> args =
      with(quick, {"--metrics", "m.csv", "--save-weights", "w.json", "-o", "v.mp4", "--frames", "frames"});
  // The sizes of a complete run, to place the limit below the smallest and the largest output.
  const fs::path sizes = dir / "sizes";
  fs::create_directories(sizes / "frames");
  ASSERT_EQ(run_binary(args, sizes).code, 0);
  std::vector<std::uintmax_t> size_of = {fs::file_size(sizes / "m.csv"), fs::file_size(sizes / "w.json"),
                                         fs::file_size(sizes / "v.mp4"), fs::file_size(sizes / "frames" / "0000.png")};
  std::sort(size_of.begin(), size_of.end());
  fs::remove_all(sizes);

  // A tenth under: the weights and metrics carry wall times, whose digits vary by a byte or two.
  for (const std::uintmax_t limit : {size_of.front() - size_of.front() / 10, size_of.back() - size_of.back() / 10}) {
    SCOPED_TRACE("limit " + std::to_string(limit));
    const fs::path run_dir = dir / std::to_string(limit);
    fs::create_directories(run_dir / "frames");
    std::ofstream(run_dir / "m.csv") << "old metrics\n";
    std::ofstream(run_dir / "w.json") << "{\"old\": true}\n";
    std::ofstream(run_dir / "v.mp4") << "old video";
    std::ofstream(run_dir / "frames" / "0000.png") << "old frame";
    const std::vector<std::string> before = tree(run_dir);
    const Result r = run_binary(args, run_dir, limit);
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
    EXPECT_EQ(read(run_dir / "m.csv"), "old metrics\n");
    EXPECT_EQ(read(run_dir / "w.json"), "{\"old\": true}\n");
    EXPECT_EQ(read(run_dir / "v.mp4"), "old video");
    EXPECT_EQ(read(run_dir / "frames" / "0000.png"), "old frame");
    EXPECT_EQ(tree(run_dir), before) << "a temporary file or a new output was left";
  }
}

TEST(commit, a_figure_too_small_for_its_panels_is_refused_before_training_naming_the_minimum) {
  const fs::path dir = scratch("commit-size");
  std::ofstream(dir / "m.csv") << "old";
  const Result r = run_binary({"train", "--epochs", "3", "--size", "16x16", "--metrics", "m.csv", "-o", "v.mp4"}, dir);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_FALSE(trained(r)) << r.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.err, m, std::regex("--size.*smallest of this shape is (\\d+)x(\\d+)"))) << r.err;
  EXPECT_EQ(read(dir / "m.csv"), "old");
  EXPECT_EQ(tree(dir), std::vector<std::string>{"m.csv"});
  // The size named does fit.
  const std::string least = m[1].str() + "x" + m[2].str();
  EXPECT_EQ(run_binary({"train", "--epochs", "1", "--size", least, "-o", "v.gif"}, dir).code, 0);
  // Deeper networks show more panels: counted before training as well.
  const Result deep = run_binary({"train", "--epochs", "1", "--hidden", "2,2,2", "--size", "16x16", "-o", "d.gif"}, dir);
  EXPECT_EQ(deep.code, 2) << deep.err;
  EXPECT_FALSE(trained(deep)) << deep.err;
  EXPECT_NE(deep.err.find("7 panels"), std::string::npos) << deep.err;
}

TEST(commit, no_overwrite_covers_every_output_and_is_checked_before_training) {
  const fs::path dir = scratch("commit-n");
  struct Case {
    std::vector<std::string> args;
    std::string existing;  // created before the run
  };
  const std::vector<Case> cases = {
      {{"--no-video", "--metrics", "m.csv"}, "m.csv"},
      {{"--no-video", "--save-weights", "w.json"}, "w.json"},
      {{"-o", "page.html"}, "page.html"},
      {{"-o", "v.mp4"}, "v.mp4"},
      {{"-o", "out", "--format", "png"}, "out/0000.png"},
      {{"-o", "folder"}, "folder/0007.png"},  // not frame 0: any frame the run may write
      {{"-o", "pat/%04d.png"}, "pat/0012.png"},
      {{"--no-video", "--frames", "fr"}, "fr/0003.png"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.existing);
    const fs::path run_dir = dir / std::to_string(&c - cases.data());
    fs::create_directories((run_dir / c.existing).parent_path());
    std::ofstream(run_dir / c.existing) << "mine";
    const std::vector<std::string> before = tree(run_dir);
    const Result r = run_binary(with({"train", "-n", "--epochs", "20", "--size", "320x120"}, c.args), run_dir);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_FALSE(trained(r)) << r.err;
    EXPECT_NE(r.err.find(c.existing), std::string::npos) << r.err;
    EXPECT_EQ(read(run_dir / c.existing), "mine");
    EXPECT_EQ(tree(run_dir), before);
  }
}

TEST(commit, the_readme_png_pattern_and_frames_folder_are_created_when_missing) {
  const fs::path dir = scratch("commit-png");
  const Result r = run_binary({"train", "--epochs", "2", "--size", "320x120", "-o", "frames/%04d.png", "--metrics", "m.csv"}, dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(tree(dir), (std::vector<std::string>{"frames", "frames/0000.png", "frames/0001.png", "frames/0002.png",
                                                 "m.csv"}));
  const Result f = run_binary({"train", "--epochs", "1", "--size", "320x120", "--no-video", "--frames", "pngs"}, dir);
  ASSERT_EQ(f.code, 0) << f.err;
  EXPECT_TRUE(fs::exists(dir / "pngs" / "0001.png"));
}

TEST(commit, a_png_folder_is_never_made_through_something_that_is_not_a_folder) {
  const fs::path dir = scratch("commit-notdir");
  std::ofstream(dir / "file") << "x";
  fs::create_symlink("nowhere", dir / "dangling");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"-o", "file/%04d.png"}, {"-o", "dangling/%04d.png"}, {"--no-video", "--frames", "file"},
        {"--no-video", "--frames", "dangling"}, {"--no-video", "--frames", "no/such"}}) {
    SCOPED_TRACE(args[args.size() - 1]);
    const Result r = run_binary(with({"train", "--epochs", "2", "--size", "320x120"}, args), dir);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_FALSE(trained(r)) << r.err;
  }
  EXPECT_EQ(tree(dir), (std::vector<std::string>{"dangling", "file"}));
  EXPECT_EQ(read(dir / "file"), "x");
}

TEST(commit, long_names_are_refused_before_training_or_given_a_short_temporary_name) {
  const fs::path dir = scratch("commit-long");
  const std::string longest = std::string(251, 'm') + ".csv";  // 255 bytes: NAME_MAX on Linux file systems
  const Result ok = run_binary(with(quick, {"--no-video", "--metrics", longest}), dir);
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_TRUE(fs::exists(dir / longest));
  const Result too_long = run_binary(with(quick, {"--no-video", "--metrics", "m" + longest}), dir);
  EXPECT_EQ(too_long.code, 2) << too_long.err;
  EXPECT_FALSE(trained(too_long)) << too_long.err;
  EXPECT_NE(too_long.err.find("--metrics"), std::string::npos) << too_long.err;
  EXPECT_EQ(tree(dir), std::vector<std::string>{longest});
}

TEST(commit, a_diverged_run_writes_its_finite_frames_and_says_where_it_diverged) {
  const fs::path dir = scratch("commit-diverge");
  const Result r = run_binary({"train", "--optimizer", "sgd", "--lr", "10", "--activation", "exponential", "--size",
                               "320x120", "-o", "d.mp4", "--metrics", "m.csv", "--save-weights", "w.json", "--json"},
                              dir);
  EXPECT_EQ(r.code, 1) << r.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.err, m, std::regex("training diverged at epoch (\\d+) \\(loss nan\\); wrote (\\d+) frame")))
      << r.err;
  const int epoch = std::stoi(m[1].str());
  const int frames = std::stoi(m[2].str());
  EXPECT_GE(frames, 1);
  EXPECT_EQ(frames, epoch);  // frames 0 .. epoch-1 are finite
  ASSERT_TRUE(fs::exists(dir / "d.mp4"));
  // Metrics up to the last finite epoch, no NaN row.
  const std::string metrics = read(dir / "m.csv");
  EXPECT_EQ(std::count(metrics.begin(), metrics.end(), '\n'), frames + 1) << metrics;
  EXPECT_EQ(metrics.find("nan"), std::string::npos) << metrics;
  // --json still prints its object; best is a finite epoch.
  EXPECT_NE(r.out.find("\"stop_reason\": \"diverged\""), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("null"), std::string::npos) << r.out;
  // The weights file renders again.
  const Result again = run_binary({"render", "w.json", "-o", "again.mp4"}, dir);
  EXPECT_EQ(again.code, 0) << again.err;
}

TEST(commit, a_second_signal_while_rendering_removes_every_staged_file_and_folder) {
  const fs::path dir = scratch("commit-twice");
  std::ofstream(dir / "m.csv") << "old metrics";
  const pid_t child = ::fork();
  if (child == 0) {
    ::chdir(dir.c_str());
    const int null_fd = ::open("stderr.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(null_fd, 2);
    ::execl(NNVIZ_BINARY, "nnviz", "train", "-q", "--stop-loss", "0", "--epochs", "400", "--size", "900x300", "-o",
            "v.mp4", "--frames", "fr", "--metrics", "m.csv", "--save-weights", "w.json", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Rendering has begun once the hidden staging folder of the missing "fr" holds a few frames.
  const auto staged_frames = [&] {
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_directory() && e.path().filename().string().rfind(".fr.nnviz-tmp-", 0) == 0)
        return static_cast<int>(std::distance(fs::directory_iterator(e.path()), fs::directory_iterator()));
    return 0;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);  // a hang guard
  while (staged_frames() < 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_GE(staged_frames(), 3);
  // Two different signals: two of one kind may merge into one while pending.
  ::kill(child, SIGINT);
  ::kill(child, SIGTERM);
  int status = 0;
  ::waitpid(child, &status, 0);
  fs::remove(dir / "stderr.txt");
  const std::vector<std::string> left = tree(dir);
  for (const std::string& name : left) EXPECT_EQ(name.find(".nnviz-tmp-"), std::string::npos) << name;
  if (WIFSIGNALED(status)) {
    // The second signal ended the finishing: nothing was committed.
    EXPECT_TRUE(WTERMSIG(status) == SIGINT || WTERMSIG(status) == SIGTERM);
    EXPECT_TRUE(read(dir / "m.csv") == "old metrics");
    EXPECT_EQ(left, std::vector<std::string>{"m.csv"});
  } else {
    // The first signal's finishing was quicker than the second signal: the cut run is committed.
    EXPECT_EQ(WEXITSTATUS(status), 130);
    EXPECT_TRUE(fs::exists(dir / "v.mp4") && fs::exists(dir / "w.json") && fs::is_directory(dir / "fr"));
  }
}

}  // namespace
