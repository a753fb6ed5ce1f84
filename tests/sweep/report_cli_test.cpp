// `nnviz report`: shards merged equal the unsharded sweep; the comparison video from weights.
#include <gtest/gtest.h>

#include <cstdio>

#include <fstream>
#include <iterator>

#include "nnviz/sweep/summary.hpp"
#include "sweep_test_util.hpp"

namespace {
namespace fs = std::filesystem;
using sweep_test::run_cli;

std::vector<std::string> grid(const fs::path& out, std::vector<std::string> extra) {
  std::vector<std::string> args{"compare", "--activation", "tanh,relu", "--seed", "1..3", "--samples", "100",
                                "--epochs", "3", "--stop-loss", "0", "--no-video", "-q", "-o", out.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST(report_cli, merged_shards_equal_the_unsharded_summary) {
  const fs::path dir = sweep_test::scratch("shards");
  ASSERT_EQ(run_cli(grid(dir / "whole", {})).code, 0);
  ASSERT_EQ(run_cli(grid(dir / "a", {"--shard", "1/2"})).code, 0);
  ASSERT_EQ(run_cli(grid(dir / "b", {"--shard", "2/2"})).code, 0);
  EXPECT_TRUE(fs::exists(dir / "a" / "summary-shard-1-of-2.csv"));
  const auto o = run_cli({"report", (dir / "a").string(), (dir / "b").string(), "-o", (dir / "merged").string(),
                          "--no-video", "-q"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("| tanh | 3/3 |"), std::string::npos) << o.out;

  const auto whole = nnviz::sweep::read_summaries(dir / "whole");
  const auto merged = nnviz::sweep::read_summaries(dir / "merged");
  ASSERT_EQ(whole.size(), 1U);
  ASSERT_EQ(merged.size(), 1U);
  ASSERT_EQ(whole[0].rows.size(), 6U);
  ASSERT_EQ(merged[0].rows.size(), 6U);
  for (std::size_t i = 0; i < 6; ++i) {
    const auto& w = whole[0].rows[i];
    const auto& m = merged[0].rows[i];
    EXPECT_EQ(w.index, m.index);
    EXPECT_EQ(w.name, m.name);
    EXPECT_EQ(w.settings, m.settings);
    EXPECT_EQ(w.options, m.options);
    EXPECT_EQ(w.status, m.status);
    EXPECT_EQ(w.final_loss, m.final_loss);
    EXPECT_EQ(w.best_loss, m.best_loss);
    EXPECT_EQ(w.frames, m.frames);
    EXPECT_TRUE(fs::exists(m.dir / "weights.json")) << m.dir;  // the merged summary points at the shards' runs
  }
  // The merged sweep's page, as `compare` writes for a whole sweep: a row per run, every run named.
  std::ifstream page_file(dir / "merged" / "index.html");
  ASSERT_TRUE(page_file) << "no index.html in the merged folder";
  const std::string page((std::istreambuf_iterator<char>(page_file)), std::istreambuf_iterator<char>());
  for (const auto& row : merged[0].rows) EXPECT_NE(page.find(">" + row.name + "<"), std::string::npos) << row.name;
  EXPECT_EQ(page.find("<video"), std::string::npos);  // --no-video: no video to embed
}

TEST(report_cli, a_missing_shard_is_exit_code_3) {
  const fs::path dir = sweep_test::scratch("missing");
  ASSERT_EQ(run_cli(grid(dir / "a", {"--shard", "0/2"})).code, 0);
  const auto o = run_cli({"report", (dir / "a").string(), "--no-video", "-q"});
  EXPECT_EQ(o.code, 3);
  EXPECT_NE(o.out.find("3 of 6 runs have no result"), std::string::npos) << o.out;
}

TEST(report_cli, a_missing_slice_is_named_by_its_shard) {
  const fs::path dir = sweep_test::scratch("missing-slice");
  for (const char* k : {"1", "2"}) ASSERT_EQ(run_cli(grid(dir / k, {"--shard", std::string(k) + "/4"})).code, 0);
  // Slices 1 and 2 of 4: 3/4 and 4/4 (the same as 0/4) are missing.
  auto o = run_cli({"report", (dir / "1").string(), (dir / "2").string(), "-o", (dir / "m").string(), "--no-video"});
  EXPECT_EQ(o.code, 3);
  EXPECT_NE(o.err.find("no folder given holds the slice(s) --shard 4/4 (or 0/4), --shard 3/4"), std::string::npos) << o.err;
  // Every slice given: no such line.
  for (const char* k : {"3", "4"}) ASSERT_EQ(run_cli(grid(dir / k, {"--shard", std::string(k) + "/4"})).code, 0);
  o = run_cli({"report", (dir / "1").string(), (dir / "2").string(), (dir / "3").string(), (dir / "4").string(), "-o",
               (dir / "m").string(), "--no-video"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.err.find("no folder given holds"), std::string::npos) << o.err;
}

TEST(report_cli, builds_the_comparison_video_from_the_weights) {
  ASSERT_TRUE(sweep_test::have_ffprobe()) << "the tests need ffprobe (scripts/install-deps --tests)";
  const fs::path dir = sweep_test::scratch("report-video");
  ASSERT_EQ(run_cli({"compare", "--activation", "tanh,relu", "--epochs", "2,5", "--samples", "100", "--stop-loss", "0",
                     "--no-video", "-q", "-o", dir.string()})
                .code,
            0);
  const auto o = run_cli({"report", dir.string(), "--tile-size", "160x120", "--compare-format", "gif", "-q"});
  ASSERT_EQ(o.code, 0) << o.err;
  // 4 runs (2 activations x 2 epoch counts) of up to 6 frames: a 2x2 table (rows: activation,
  // columns: epochs), a row header band left of it and header bands over it.
  int w = 0, h = 0, frames = 0;
  ASSERT_EQ(std::sscanf(sweep_test::probe(dir / "compare.gif").c_str(), "%d,%d,%d", &w, &h, &frames), 3);
  EXPECT_GT(w, 320);
  EXPECT_LT(w, 320 + 120);
  EXPECT_GT(h, 240 + 40);
  EXPECT_EQ(frames, 6);
  std::ifstream page_file(dir / "index.html");
  const std::string page((std::istreambuf_iterator<char>(page_file)), std::istreambuf_iterator<char>());
  EXPECT_NE(page.find("data:image/gif;base64,"), std::string::npos) << "the page embeds the comparison GIF";
}

TEST(report_cli, a_folder_without_a_summary_is_a_usage_error) {
  const fs::path dir = sweep_test::scratch("empty");
  const auto o = run_cli({"report", dir.string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("summary"), std::string::npos) << o.err;
}

}  // namespace

namespace {

TEST(report_cli, gif_palette_chooses_the_comparison_gifs_colours_and_must_apply) {
  const fs::path dir = sweep_test::scratch("report-gif-palette");
  ASSERT_EQ(run_cli({"compare", "--activation", "tanh", "--seed", "1,2", "--epochs", "3", "--samples", "60",
                     "--stop-loss", "0", "--no-video", "-q", "-o", dir.string()})
                .code,
            0);
  const auto ok = run_cli({"report", dir.string(), "--tile-size", "160x120", "--compare-format", "gif",
                           "--gif-palette", "frame", "-q"});
  ASSERT_EQ(ok.code, 0) << ok.err;
  // Two seeds side by side under the heading and the column headers.
  int w = 0, h = 0, frames = 0;
  ASSERT_EQ(std::sscanf(sweep_test::probe(dir / "compare.gif").c_str(), "%d,%d,%d", &w, &h, &frames), 3);
  EXPECT_EQ(w, 320);
  EXPECT_GT(h, 120 + 40);
  EXPECT_EQ(frames, 4);
  const auto per_frame_bytes = fs::file_size(dir / "compare.gif");
  // The default, one palette, stores only what changes between frames: a smaller file.
  ASSERT_EQ(run_cli({"report", dir.string(), "--tile-size", "160x120", "--compare-format", "gif", "-q"}).code, 0);
  EXPECT_LT(fs::file_size(dir / "compare.gif"), per_frame_bytes);

  const auto mp4 = run_cli({"report", dir.string(), "--gif-palette", "frame", "-q"});
  EXPECT_EQ(mp4.code, 2);
  EXPECT_NE(mp4.err.find("--gif-palette: has no effect: no GIF is written"), std::string::npos) << mp4.err;
  const auto none = run_cli({"report", dir.string(), "--no-video", "--gif-palette", "global", "-q"});
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("--gif-palette: has no effect with --no-video"), std::string::npos) << none.err;
  const auto bad = run_cli({"report", dir.string(), "--compare-format", "gif", "--gif-palette", "local", "-q"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--gif-palette"), std::string::npos) << bad.err;
}

}  // namespace
