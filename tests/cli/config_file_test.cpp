// --config and --print-config for train/render: a printed configuration reproduces the run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_test_support.hpp"
#include "nnviz/cli/cli.hpp"

namespace {
namespace fs = std::filesystem;

using nnviz::cli_test::Outcome;
using nnviz::cli_test::probe;
using nnviz::cli_test::run;
using nnviz::cli_test::scratch;

// The metrics CSV without its last column (wall_seconds, the one thing allowed to differ).
std::string metrics_without_wall_time(const fs::path& file) {
  std::ifstream in(file);
  std::string out;
  for (std::string line; std::getline(in, line);) out += line.substr(0, line.rfind(',')) + '\n';
  return out;
}

TEST(config_file, a_printed_config_reproduces_the_run_bit_for_bit) {
  const fs::path dir = scratch("roundtrip");
  const std::vector<std::string> args = {"train",    "-q",          "--activation", "relu", "--hidden", "4,3",
                                         "--lr",     "0.0123456789", "--optimizer", "rmsprop", "--momentum", "0.5",
                                         "--epochs", "12",          "--stop-loss",  "0",    "--seed",   "777",
                                         "--dataset", "moons",      "--noise",      "0.15", "--validation-split", "0.25",
                                         "--no-video", "--metrics", (dir / "a.csv").string()};
  ASSERT_EQ(run(args).code, 0);

  std::vector<std::string> print = args;
  print.push_back("--print-config");
  const Outcome printed = run(print);
  ASSERT_EQ(printed.code, 0) << printed.err;
  EXPECT_FALSE(fs::exists(dir / "b.csv"));
  EXPECT_NE(printed.out.find("lr=0.0123456789"), std::string::npos) << printed.out;
  EXPECT_EQ(printed.out.find("print-config"), std::string::npos);
  EXPECT_EQ(printed.out.find("quiet"), std::string::npos);
  std::ofstream(dir / "run.toml") << printed.out;

  // The file alone, except the metrics path (the command line wins over the file).
  const Outcome again = run({"train", "-q", "--config", (dir / "run.toml").string(), "--metrics", (dir / "b.csv").string()});
  ASSERT_EQ(again.code, 0) << again.err;
  const std::string a = metrics_without_wall_time(dir / "a.csv");
  EXPECT_EQ(a.substr(0, a.find('\n')), "epoch,step,loss,accuracy,val_loss,val_accuracy,lr");
  EXPECT_EQ(std::count(a.begin(), a.end(), '\n'), 14);  // header + frames 0..12
  EXPECT_EQ(metrics_without_wall_time(dir / "b.csv"), a);
}

TEST(config_file, keys_may_sit_in_a_section_named_after_the_command) {
  const fs::path dir = scratch("section");
  std::ofstream(dir / "run.toml") << "[train]\nepochs = 2\nstop-loss = 0\nno-video = true\nmetrics = \""
                                  << (dir / "m.csv").string() << "\"\n";
  const Outcome o = run({"train", "-q", "--config", (dir / "run.toml").string()});
  ASSERT_EQ(o.code, 0) << o.err;
  std::ifstream in(dir / "m.csv");
  int lines = 0;
  for (std::string l; std::getline(in, l);) ++lines;
  EXPECT_EQ(lines, 4);  // header + frames 0..2
}

TEST(config_file, unknown_keys_and_bad_values_are_usage_errors_naming_the_file) {
  const fs::path dir = scratch("bad");
  std::ofstream(dir / "typo.toml") << "learning_rat = 0.1\n";
  Outcome o = run({"train", "--config", (dir / "typo.toml").string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("'learning_rat' is not an option of nnviz train"), std::string::npos) << o.err;

  std::ofstream(dir / "nan.toml") << "lr = \"nan\"\n";
  o = run({"train", "--config", (dir / "nan.toml").string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("not a finite number"), std::string::npos) << o.err;

  std::ofstream(dir / "section.toml") << "[compare]\nlr = 0.1\n";
  o = run({"train", "--config", (dir / "section.toml").string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("use [train] or none"), std::string::npos) << o.err;
}

TEST(config_file, gif_palette_is_printed_when_given_and_read_back) {
  const fs::path dir = scratch("gifpalette");
  const Outcome plain = run({"train", "-o", "a.gif", "--print-config"});
  ASSERT_EQ(plain.code, 0) << plain.err;
  EXPECT_EQ(plain.out.find("gif-palette"), std::string::npos) << "unset, so not printed: " << plain.out;
  const Outcome printed = run({"train", "-o", "a.gif", "--gif-palette", "frame", "--print-config"});
  ASSERT_EQ(printed.code, 0) << printed.err;
  EXPECT_NE(printed.out.find("gif-palette=\"frame\""), std::string::npos) << printed.out;

  // Read back from a file: a bad value and a non-GIF output are refused like on the command line.
  std::ofstream(dir / "bad.toml") << "gif-palette = \"local\"\noutput = \"a.gif\"\n";
  Outcome o = run({"train", "--config", (dir / "bad.toml").string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("unknown GIF palette mode 'local'"), std::string::npos) << o.err;
  std::ofstream(dir / "mp4.toml") << "gif-palette = \"frame\"\noutput = \"a.mp4\"\n";
  o = run({"train", "--config", (dir / "mp4.toml").string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("--gif-palette: has no effect"), std::string::npos) << o.err;
}

TEST(config_file, pix_fmt_is_printed_when_given_and_read_back) {
  const fs::path dir = scratch("pixfmt");
  const Outcome plain = run({"train", "--print-config"});
  ASSERT_EQ(plain.code, 0) << plain.err;
  EXPECT_EQ(plain.out.find("pix-fmt"), std::string::npos) << "unset, so not printed: " << plain.out;
  const Outcome printed = run({"train", "-o", (dir / "a.webm").string(), "--pix-fmt", "YUV444P", "--print-config"});
  ASSERT_EQ(printed.code, 0) << printed.err;
  EXPECT_NE(printed.out.find("pix-fmt=\"yuv444p\""), std::string::npos) << printed.out;

  // The printed file runs as it was printed (a short run: the command line wins): full colour.
  std::ofstream(dir / "printed.toml") << printed.out;
  Outcome o = run({"train", "-q", "--config", (dir / "printed.toml").string(), "--epochs", "2", "--stop-loss", "0",
                   "--size", "240x180"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(probe(dir / "a.webm").find("vp9,240,180,yuv444p"), std::string::npos) << probe(dir / "a.webm");

  std::ofstream(dir / "bad.toml") << "pix-fmt = \"yuv422p\"\n";
  o = run({"train", "--config", (dir / "bad.toml").string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("unknown pixel format 'yuv422p'"), std::string::npos) << o.err;
  std::ofstream(dir / "gif.toml") << "pix-fmt = \"yuv444p\"\noutput = \"a.gif\"\n";
  o = run({"train", "--config", (dir / "gif.toml").string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("--pix-fmt: has no effect"), std::string::npos) << o.err;
}

TEST(config_file, render_prints_its_looks) {
  const Outcome o = run({"render", "run.json", "--style", "points", "--print-config"});
  // The run file must exist for parsing; a missing one is the usual usage error.
  EXPECT_EQ(o.code, 2);
  const fs::path dir = scratch("render");
  std::ofstream(dir / "run.json") << "{}";
  const Outcome p = run({"render", (dir / "run.json").string(), "--style", "points", "--print-config"});
  ASSERT_EQ(p.code, 0) << p.err;
  EXPECT_NE(p.out.find("style=\"points\""), std::string::npos) << p.out;
  // The looks with their defaults; --fps only when given (its default follows --tween).
  EXPECT_NE(p.out.find("tween=0"), std::string::npos) << p.out;
  EXPECT_EQ(p.out.find("fps="), std::string::npos) << p.out;
  // The run file is named on the command line, not in the file: what is printed reads back (it
  // once held run="..." and --config refused it: "'run' is not an option").
  EXPECT_EQ(p.out.find("\nrun="), std::string::npos) << p.out;
  std::ofstream(dir / "looks.toml") << p.out;
  const Outcome back = run({"render", (dir / "run.json").string(), "--config", (dir / "looks.toml").string(), "--print-config"});
  ASSERT_EQ(back.code, 0) << back.err;
  EXPECT_EQ(back.out, p.out);
}

TEST(version, names_nnviz_and_every_library_it_was_built_with) {
  const Outcome o = run({"--version"});
  EXPECT_EQ(o.code, 0);
  EXPECT_EQ(o.out.rfind("nnviz ", 0), 0U);
  for (const char* lib : {"libavcodec ", "libavformat ", "Cairo ", "Pango ", "Eigen ", "CLI11 2.1", "spdlog 1.", "runtime "})
    EXPECT_NE(o.out.find(lib), std::string::npos) << lib << " missing from:\n" << o.out;
}

}  // namespace
