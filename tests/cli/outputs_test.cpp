// Outputs never destroy inputs or each other, and -n protects every output: each refused (exit 2)
// before any work, with the files as they were.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "cli_test_support.hpp"

namespace {
namespace fs = std::filesystem;

using nnviz::cli_test::Outcome;
using nnviz::cli_test::run;
using nnviz::cli_test::read;
using nnviz::cli_test::scratch;

// A small valid dataset file (X0,X1,y), both classes.
void write_points(const fs::path& p) {
  std::ofstream(p) << "X0,X1,y\n0,0,0\n1,1,1\n0,1,0\n1,0,1\n0.5,0.2,0\n0.2,0.9,1\n";
}

int file_count(const fs::path& dir) {
  return static_cast<int>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST(outputs, an_output_that_is_the_data_file_is_refused_and_the_data_kept) {
  const fs::path dir = scratch("out-data");
  const fs::path pts = dir / "pts.csv";
  write_points(pts);
  const std::string before = read(pts);
  for (const char* option : {"--metrics", "--save-weights"}) {
    const Outcome o = run({"train", "--data", pts.string(), "--epochs", "1", "--no-video", option, pts.string()});
    EXPECT_EQ(o.code, 2) << option << ": " << o.err;
    EXPECT_NE(o.err.find("--data"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("the same file"), std::string::npos) << o.err;
    EXPECT_EQ(read(pts), before) << option;
  }
  // Through a symbolic link and another spelling of the path, too.
  fs::create_symlink(pts, dir / "link.csv");
  for (const fs::path& alias : {dir / "link.csv", dir / "." / "pts.csv"}) {
    const Outcome o = run({"train", "--data", pts.string(), "--epochs", "1", "--no-video", "--metrics", alias.string()});
    EXPECT_EQ(o.code, 2) << alias << ": " << o.err;
    EXPECT_EQ(read(pts), before);
    EXPECT_TRUE(fs::is_symlink(dir / "link.csv"));
  }
}

TEST(outputs, two_outputs_on_one_file_are_refused_before_training) {
  const fs::path dir = scratch("out-twice");
  const struct {
    std::vector<std::string> args;
    std::string named;
  } cases[] = {
      {{"--metrics", (dir / "x.json").string(), "--save-weights", (dir / "x.json").string(), "--no-video"},
       "--metrics and --save-weights"},
      {{"--metrics", (dir / "v.mp4").string(), "-o", (dir / "v.mp4").string()}, "--output and --metrics"},
      {{"--save-weights", (dir / "p.html").string(), "-o", (dir / "p.html").string()}, "--output and --save-weights"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args{"train", "--epochs", "1"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const Outcome o = run(args);
    EXPECT_EQ(o.code, 2) << o.err;
    EXPECT_NE(o.err.find(c.named), std::string::npos) << o.err;
    EXPECT_EQ(file_count(dir), 0) << o.err;  // nothing written
  }
}

TEST(outputs, no_overwrite_protects_metrics_and_weights_before_any_work) {
  const fs::path dir = scratch("out-n");
  for (const char* option : {"--metrics", "--save-weights"}) {
    const fs::path existing = dir / (std::string(option == std::string("--metrics") ? "m.csv" : "w.json"));
    std::ofstream(existing) << "precious";
    const Outcome o = run({"train", "-n", "--epochs", "1", "-o", (dir / "new.mp4").string(), option, existing.string()});
    EXPECT_EQ(o.code, 2) << o.err;
    EXPECT_NE(o.err.find(option), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("already exists"), std::string::npos) << o.err;
    EXPECT_EQ(read(existing), "precious");
    EXPECT_FALSE(fs::exists(dir / "new.mp4"));  // checked before the video was made
  }
}

TEST(outputs, render_refuses_to_write_over_its_run_file) {
  const fs::path dir = scratch("out-render");
  ASSERT_EQ(run({"train", "--epochs", "2", "--stop-loss", "0", "--no-video", "--save-weights",
                 (dir / "run.gif").string()})
                .code,
            0);
  const std::string before = read(dir / "run.gif");
  const Outcome o = run({"render", (dir / "run.gif").string(), "-o", (dir / "run.gif").string()});
  EXPECT_EQ(o.code, 2) << o.err;
  EXPECT_NE(o.err.find("the same file"), std::string::npos) << o.err;
  EXPECT_EQ(read(dir / "run.gif"), before);
}

TEST(outputs, an_output_that_is_the_config_file_is_refused_and_the_file_kept) {
  // `--config c.toml -o c.toml --format mp4` replaced the settings file with the video.
  const fs::path dir = scratch("config-as-output");
  const fs::path config = dir / "c.toml";
  const std::string settings = "epochs = 2\n";
  { std::ofstream(config) << settings; }
  const Outcome t = run({"train", "-q", "--config", config.string(), "-o", config.string(), "--format", "mp4"});
  EXPECT_EQ(t.code, 2) << t.err;
  EXPECT_NE(t.err.find("--config"), std::string::npos) << t.err;
  EXPECT_TRUE(read(config) == settings) << "the config file was changed";
  const Outcome m = run({"train", "-q", "--config", config.string(), "--no-video", "--metrics", config.string()});
  EXPECT_EQ(m.code, 2) << m.err;
  EXPECT_TRUE(read(config) == settings) << "the config file was changed";

  const fs::path weights = dir / "w.json";
  ASSERT_EQ(run({"train", "-q", "--epochs", "1", "--no-video", "--save-weights", weights.string()}).code, 0);
  const fs::path looks = dir / "r.toml";
  const std::string style = "style = \"points\"\n";
  { std::ofstream(looks) << style; }
  const Outcome r = run({"render", "-q", weights.string(), "--config", looks.string(), "-o", looks.string(), "--format", "mp4"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("--config"), std::string::npos) << r.err;
  EXPECT_TRUE(read(looks) == style) << "the config file was changed";
}

}  // namespace

namespace {

// Small conventions: extensions in any case, the same frame names everywhere, every command
// printing what it wrote.
TEST(outputs, conventions_are_the_same_for_every_command) {
  using nnviz::cli_test::run;
  const fs::path dir = nnviz::cli_test::scratch("conventions");
  // --metrics x.JSON is JSON, X.CSV is CSV.
  const fs::path json = dir / "m.JSON", csv = dir / "m.CSV";
  ASSERT_EQ(run({"train", "--no-video", "--epochs", "2", "-q", "--metrics", json.string()}).code, 0);
  ASSERT_EQ(run({"train", "--no-video", "--epochs", "2", "-q", "--metrics", csv.string()}).code, 0);
  EXPECT_EQ(nnviz::cli_test::read(json).substr(0, 1), "{");
  EXPECT_EQ(nnviz::cli_test::read(csv).substr(0, 11), "epoch,step,");
  // dataset -o prints its path on stdout, as train does.
  const fs::path data = dir / "d.csv";
  const auto d = run({"dataset", "-o", data.string()});
  EXPECT_EQ(d.code, 0);
  EXPECT_EQ(d.out, data.string() + "\n");
  // render says what it wrote.
  const fs::path weights = dir / "r.json", video = dir / "v.gif";
  ASSERT_EQ(run({"train", "--no-video", "--epochs", "2", "--stop-loss", "0", "-q", "--save-weights", weights.string()}).code, 0);
  const auto r = run({"render", weights.string(), "--size", "360x120", "-o", video.string()});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.err.find("wrote " + video.string()), std::string::npos) << r.err;
  // --frames DIR and -o DIR/%04d.png name the frames alike.
  const fs::path a = dir / "a", b = dir / "b";
  ASSERT_EQ(run({"render", weights.string(), "--size", "360x120", "-q", "-o", (a / "%04d.png").string(), "--frames",
                 b.string()})
                .code,
            0);
  for (const char* name : {"0000.png", "0001.png", "0002.png"}) {
    EXPECT_TRUE(fs::exists(a / name)) << name;
    EXPECT_TRUE(fs::exists(b / name)) << name;
  }
  // -o's help names the page.
  EXPECT_NE(run({"train", "--help"}).out.find(".html"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
