// The whole command line: exit codes and the one message a user sees for a bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <cstdio>
#include <fstream>

#include "cli_test_support.hpp"
#include "nnviz/cli/cli.hpp"

namespace {
namespace fs = std::filesystem;

using nnviz::cli_test::Outcome;
using nnviz::cli_test::probe;
using nnviz::cli_test::run;
using nnviz::cli_test::scratch;

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
      {{"train", "--panels", "input,weights"}, "--panels"},
      {{"train", "--panels", "input,weights"}, "activationN"},  // the message lists the valid names
      {{"train", "--hidden", "8,8", "--panels", "hidden3"}, "--panels: no panel 'hidden3'"},
      {{"render", "/dev/null", "--panels", "los"}, "--panels"},
      {{"train", "-o", "a.gif", "--gif-palette", "local"},
       "nnviz: error: --gif-palette: unknown GIF palette mode 'local' (valid: global, frame)"},
      {{"train", "-o", "a.mp4", "--gif-palette", "frame"}, "nnviz: error: --gif-palette: has no effect: no GIF"},
      {{"train", "--no-video", "--gif-palette", "frame"}, "nnviz: error: --gif-palette: has no effect with --no-video"},
      {{"compare", "-o", "sweep", "--gif-palette", "frame"},
       "--gif-palette: has no effect: no GIF is written (it applies with --format gif or --compare-format gif)"},
      {{"train", "-o", "a.mp4", "--pix-fmt", "yuv422p"},
       "nnviz: error: --pix-fmt: unknown pixel format 'yuv422p' (valid: yuv420p, yuv444p)"},
      {{"train", "-o", "a.gif", "--pix-fmt", "yuv444p"},
       "nnviz: error: --pix-fmt: has no effect: no mp4 or webm is written (it applies with -o FILE.mp4 or FILE.webm)"},
      {{"train", "-o", "frames/%04d.png", "--pix-fmt", "yuv420p"}, "nnviz: error: --pix-fmt: has no effect: no mp4"},
      {{"train", "--no-video", "--pix-fmt", "yuv444p"}, "nnviz: error: --pix-fmt: has no effect with --no-video"},
      {{"train", "-o", "a.html", "--pix-fmt", "yuv444p"},
       "nnviz: error: --pix-fmt: yuv444p does not play in most browsers, and a page (-o a.html) is for one"},
      {{"render", "/dev/null", "-o", "a.gif", "--pix-fmt", "yuv444p"}, "nnviz: error: --pix-fmt: has no effect"},
      {{"render", "/dev/null", "--epoch", "1", "-o", "a.png", "--pix-fmt", "yuv444p"},
       "nnviz: error: --pix-fmt: has no effect with --epoch"},
      {{"compare", "-o", "sweep", "--format", "gif", "--compare-format", "gif", "--pix-fmt", "yuv444p"},
       "--pix-fmt: has no effect: no mp4 or webm is written (it applies with runs' mp4/webm videos or "
       "--compare-format mp4/webm)"},
  };
  for (const auto& c : cases) {
    const Outcome o = run(c.args);
    EXPECT_EQ(o.code, 2) << c.args.back();
    EXPECT_NE(o.err.find(c.expected), std::string::npos) << "stderr was: " << o.err;
    EXPECT_TRUE(o.out.empty()) << o.out;
  }
}

TEST(cli_run, an_odd_size_for_mp4_is_refused_before_training) {
  const Outcome o = run({"train", "--size", "641x240", "-o", "odd.mp4"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("even"), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find("trained"), std::string::npos) << "trained before refusing: " << o.err;
  EXPECT_FALSE(fs::exists("odd.mp4"));
}

TEST(cli_run, a_bad_name_is_reported_with_the_option_named_once) {
  const Outcome o = run({"train", "--optimizer", "adamw"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("nnviz: error: --optimizer: unknown optimizer 'adamw'"), std::string::npos) << o.err;
  const Outcome h = run({"train", "--hidden", "8,x"});
  EXPECT_NE(h.err.find("--hidden: 'x' is not a layer width"), std::string::npos) << h.err;
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
  EXPECT_EQ(header.rfind("epoch,step,loss,accuracy", 0), 0U) << header;
  int rows = 0;
  for (std::string line; std::getline(in, line);) ++rows;
  EXPECT_EQ(rows, 6);  // frames 0..5
}

int count_lines(const fs::path& file) {
  std::ifstream in(file);
  int n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

TEST(cli_run, train_writes_an_h264_mp4_with_one_frame_per_metrics_row) {
  const fs::path dir = scratch("mp4");
  const Outcome o = run({"train", "-q", "--activation", "tanh", "--lr", "0.1", "--size", "640x214", "--metrics",
                         (dir / "m.csv").string(), "-o", (dir / "run.mp4").string()});
  ASSERT_EQ(o.code, 0) << o.err;
  const int frames = count_lines(dir / "m.csv") - 1;
  ASSERT_GT(frames, 1);
  EXPECT_EQ(probe(dir / "run.mp4"), "h264,640,214,yuv420p," + std::to_string(frames));
  // stdout names what was written, one path per line.
  EXPECT_NE(o.out.find((dir / "run.mp4").string()), std::string::npos) << o.out;
}

TEST(cli_run, train_writes_a_gif_and_png_frames) {
  const fs::path dir = scratch("gif");
  fs::create_directories(dir / "frames");
  const Outcome o = run({"train", "-q", "--epochs", "4", "--stop-loss", "0", "--size", "320x120", "--frames",
                         (dir / "frames").string(), "-o", (dir / "run.gif").string()});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(probe(dir / "run.gif"), "gif,320,120,bgra,5");
  int pngs = 0;
  for (const auto& e : fs::directory_iterator(dir / "frames")) pngs += e.path().extension() == ".png";
  EXPECT_EQ(pngs, 5);
}

TEST(cli_run, train_writes_a_gif_in_either_palette_mode) {
  const fs::path dir = scratch("gifmodes");
  for (const std::string mode : {"global", "frame"}) {
    const fs::path out = dir / ("run-" + mode + ".gif");
    const Outcome o = run({"train", "-q", "--epochs", "3", "--stop-loss", "0", "--size", "320x120", "--gif-palette",
                           mode, "-o", out.string()});
    ASSERT_EQ(o.code, 0) << o.err;
    EXPECT_EQ(probe(out), "gif,320,120,bgra,4") << mode;
  }
}

TEST(cli_run, pix_fmt_yuv444p_makes_full_colour_mp4_and_webm_of_any_size) {
  const fs::path dir = scratch("pixfmt");
  for (const std::string ext : {"mp4", "webm"}) {
    const fs::path out = dir / ("run." + ext);
    // Any case; odd sides are fine without subsampling.
    const Outcome o = run({"train", "-q", "--epochs", "3", "--stop-loss", "0", "--size", "321x121", "--pix-fmt",
                           "YUV444P", "-o", out.string()});
    ASSERT_EQ(o.code, 0) << o.err;
    EXPECT_EQ(probe(out), (ext == "mp4" ? "h264" : "vp9") + std::string(",321,121,yuv444p,4")) << ext;
  }
  const fs::path plain = dir / "plain.mp4";
  const Outcome o = run({"train", "-q", "--epochs", "3", "--stop-loss", "0", "--size", "320x120", "--pix-fmt", "yuv420p",
                         "-o", plain.string()});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(probe(plain), "h264,320,120,yuv420p,4");
}

TEST(cli_run, compare_passes_pix_fmt_to_the_comparison_video) {
  const fs::path dir = scratch("comparepixfmt");
  const Outcome o = run({"compare", "-q", "-o", dir.string(), "--epochs", "1", "--stop-loss", "0", "-j", "1",
                         "--no-run-video", "--pix-fmt", "yuv444p"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(probe(dir / "compare.mp4").find(",yuv444p,"), std::string::npos) << probe(dir / "compare.mp4");
}

TEST(cli_run, compare_takes_gif_palette_for_a_gif_comparison_video) {
  const fs::path dir = scratch("comparegif");
  const Outcome o = run({"compare", "-q", "-o", dir.string(), "--epochs", "1", "--stop-loss", "0", "-j", "1",
                         "--no-run-video", "--compare-format", "gif", "--gif-palette", "frame"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(probe(dir / "compare.gif").substr(0, 4), "gif,");
}

TEST(cli_run, the_stop_rule_ends_after_the_first_frame_under_stop_loss) {
  const fs::path dir = scratch("stop");
  const Outcome o = run({"train", "-q", "--no-video", "--stop-loss", "0.3", "--metrics", (dir / "m.csv").string()});
  ASSERT_EQ(o.code, 0) << o.err;
  std::ifstream in(dir / "m.csv");
  std::string line;
  std::getline(in, line);
  std::vector<double> losses;
  // epoch,step,loss,...
  while (std::getline(in, line)) losses.push_back(std::stod(line.substr(line.find(',', line.find(',') + 1) + 1)));
  ASSERT_GE(losses.size(), 2U);
  EXPECT_LE(losses.back(), 0.3);
  for (std::size_t i = 0; i + 1 < losses.size(); ++i) EXPECT_GT(losses[i], 0.3) << i;
}

TEST(cli_run, json_mode_prints_one_object_and_nothing_else) {
  const fs::path dir = scratch("json");
  const Outcome o = run({"train", "-q", "--no-video", "--epochs", "3", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  ASSERT_FALSE(o.out.empty());
  EXPECT_EQ(o.out.front(), '{');
  EXPECT_EQ(o.out[o.out.find_last_not_of('\n')], '}');
  EXPECT_NE(o.out.find("\"stop_reason\""), std::string::npos);
  EXPECT_NE(o.out.find("\"final\""), std::string::npos);
}

TEST(cli_run, a_diverging_run_exits_1_and_keeps_its_frames) {
  const fs::path dir = scratch("nan");
  const Outcome o = run({"train", "-q", "--activation", "linear", "--lr", "1e300", "--size", "320x120", "--metrics",
                         (dir / "m.csv").string(), "-o", (dir / "run.mp4").string()});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("training diverged at epoch"), std::string::npos) << o.err;
  const int frames = count_lines(dir / "m.csv") - 1;
  EXPECT_GE(frames, 1);
  EXPECT_EQ(probe(dir / "run.mp4"), "h264,320,120,yuv420p," + std::to_string(frames));
}

}  // namespace
