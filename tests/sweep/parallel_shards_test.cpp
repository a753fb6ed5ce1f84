// Scale-out with GNU parallel, for real (Debian's `parallel`, the built binary): a sweep run
// whole, and the same sweep as `parallel nnviz compare ... --shard {}/3 -o part{} ::: 1 2 3`
// merged by `nnviz report part1 part2 part3 -o merged`, give the same summary: summary.csv's
// rows (parsed, every column but the wall time and the run's folder), summary.json's rows, and
// the Markdown table both print (but its wall-time column).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <map>
#include <sstream>

#include "nnviz/sweep/summary.hpp"
#include "sweep_test_util.hpp"

namespace {
namespace fs = std::filesystem;

using Shell = nnviz::cli_test::ShellRun;

// `line` through bash in `dir` with the built nnviz first on the PATH; stdout only (stderr to
// err.log in `dir`).
Shell sh(const fs::path& dir, const std::string& line) {
  return nnviz::cli_test::run_shell_in(dir, line, " </dev/null 2>>err.log");
}

using Row = std::map<std::string, std::string>;

// summary.csv as rows of column -> value, without `dropped` columns. Values hold no commas
// or quotes in this sweep (checked).
std::vector<Row> csv_rows(const fs::path& file, const std::vector<std::string>& dropped) {
  std::istringstream in(sweep_test::read_text(file));
  std::string line;
  std::vector<std::string> header;
  std::vector<Row> rows;
  const auto split = [](const std::string& l) {
    std::vector<std::string> out;
    std::string item;
    std::istringstream s(l);
    while (std::getline(s, item, ',')) out.push_back(item);
    if (!l.empty() && l.back() == ',') out.emplace_back();
    return out;
  };
  while (std::getline(in, line)) {
    EXPECT_EQ(line.find('"'), std::string::npos) << line;
    if (header.empty()) {
      header = split(line);
      continue;
    }
    const std::vector<std::string> values = split(line);
    EXPECT_EQ(values.size(), header.size()) << line;
    Row row;
    for (std::size_t i = 0; i < header.size() && i < values.size(); ++i)
      if (std::find(dropped.begin(), dropped.end(), header[i]) == dropped.end()) row[header[i]] = values[i];
    rows.push_back(row);
  }
  return rows;
}

// The Markdown table without its wall-time column (found by its header).
std::string table_without_wall_time(const std::string& table) {
  std::istringstream in(table);
  std::string line, out;
  int wall = -1;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() != '|') {
      out += line + '\n';
      continue;
    }
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream s(line.substr(1));
    while (std::getline(s, cell, '|')) cells.push_back(cell);
    if (wall < 0)
      for (std::size_t i = 0; i < cells.size(); ++i)
        if (cells[i].find("wall") != std::string::npos) wall = static_cast<int>(i);
    std::string kept = "|";
    for (std::size_t i = 0; i < cells.size(); ++i)
      if (static_cast<int>(i) != wall) kept += cells[i] + "|";
    out += kept + '\n';
  }
  return out;
}

// The README's commands (its Scale-out part), run as written.
const std::string grid =
    "nnviz compare --activation tanh,relu --lr 0.1,0.03 --seed 1..3 --epochs 30 --no-video --jobs 1";
const std::string parallel_line = "parallel " + grid + " \\\n  --shard {}/3 -o part{} ::: 1 2 3";
const std::string report_line = "nnviz report part1 part2 part3 -o sweep";

TEST(parallel_shards, the_readme_shows_these_commands) {
  const std::string readme = sweep_test::read_text(fs::path(NNVIZ_SOURCE_DIR) / "README.md");
  EXPECT_NE(readme.find("\n" + parallel_line + "\n" + report_line + " "), std::string::npos)
      << "README.md's GNU parallel example is not the one tested here:\n" << parallel_line << "\n" << report_line;
}

TEST(parallel_shards, gnu_parallel_over_shards_then_report_equals_the_whole_sweep) {
  ASSERT_FALSE(sweep_test::capture("command -v parallel").empty())
      << "the test needs GNU parallel (scripts/install-deps --tests installs it)";
  const fs::path dir = sweep_test::scratch("gnu-parallel");
  // 2 activations x 2 learning rates x 3 seeds: 12 runs, 4 per shard.
  const Shell whole = sh(dir, grid + " -o full");
  ASSERT_EQ(whole.code, 0) << sweep_test::read_text(dir / "err.log");
  // GNU parallel, as the README has it (its line break included); it exits with the number of
  // slices that failed.
  const Shell shards = sh(dir, parallel_line);
  ASSERT_EQ(shards.code, 0) << sweep_test::read_text(dir / "err.log");
  for (int k = 1; k <= 3; ++k)
    EXPECT_TRUE(fs::exists(dir / ("part" + std::to_string(k)) / ("summary-shard-" + std::to_string(k) + "-of-3.csv")));
  const Shell merged = sh(dir, report_line);
  ASSERT_EQ(merged.code, 0) << sweep_test::read_text(dir / "err.log");

  // summary.csv, parsed: every column but the wall time and the run's folder (the merged
  // summary points at the shards' folders).
  const std::vector<Row> full_rows = csv_rows(dir / "full" / "summary.csv", {"wall_seconds", "dir"});
  const std::vector<Row> merged_rows = csv_rows(dir / "sweep" / "summary.csv", {"wall_seconds", "dir"});
  ASSERT_EQ(full_rows.size(), 12U);
  ASSERT_FALSE(full_rows.front().empty());
  EXPECT_TRUE(full_rows.front().count("final_loss")) << "no final_loss column";
  EXPECT_EQ(merged_rows, full_rows);

  // summary.json, read back: every field but the wall time and the folder.
  const auto full = nnviz::sweep::read_summaries(dir / "full");
  const auto parts = nnviz::sweep::read_summaries(dir / "sweep");
  ASSERT_EQ(full.size(), 1U);
  ASSERT_EQ(parts.size(), 1U);
  EXPECT_EQ(parts[0].grid_size, full[0].grid_size);
  EXPECT_FALSE(parts[0].shard.has_value()) << "the merged summary is the whole grid's";
  ASSERT_EQ(parts[0].rows.size(), full[0].rows.size());
  for (std::size_t i = 0; i < full[0].rows.size(); ++i) {
    const auto& w = full[0].rows[i];
    const auto& m = parts[0].rows[i];
    EXPECT_EQ(m.index, w.index);
    EXPECT_EQ(m.name, w.name);
    EXPECT_EQ(m.label, w.label);
    EXPECT_EQ(m.settings, w.settings);
    EXPECT_EQ(m.options, w.options);
    EXPECT_EQ(m.status, w.status);
    EXPECT_EQ(m.reason, w.reason);
    EXPECT_EQ(m.stop_reason, w.stop_reason);
    EXPECT_EQ(m.frames, w.frames);
    EXPECT_EQ(m.final_loss, w.final_loss) << w.name;
    EXPECT_EQ(m.final_accuracy, w.final_accuracy) << w.name;
    EXPECT_EQ(m.best_loss, w.best_loss) << w.name;
    EXPECT_EQ(m.best_accuracy, w.best_accuracy) << w.name;
    EXPECT_EQ(m.final_epoch, w.final_epoch);
    EXPECT_EQ(m.best_epoch, w.best_epoch);
    EXPECT_EQ(m.stop_epoch, w.stop_epoch);
    EXPECT_NE(m.dir.parent_path().filename().string().rfind("part", 0), std::string::npos) << m.dir;
  }

  // What each prints: the same table of results, but the wall times.
  EXPECT_NE(whole.out.find("| tanh"), std::string::npos) << whole.out;
  EXPECT_EQ(table_without_wall_time(merged.out), table_without_wall_time(whole.out));
  // The merged sweep's comparison video and page (the slices have none).
  EXPECT_TRUE(fs::exists(dir / "sweep" / "compare.mp4"));
  EXPECT_TRUE(fs::exists(dir / "sweep" / "index.html"));
  EXPECT_FALSE(fs::exists(dir / "part1" / "compare.mp4"));
  fs::remove_all(dir);
}

TEST(parallel_shards, the_comparison_fails_when_a_shard_is_left_out) {
  // The check above can fail: two shards of three merge into a summary that differs.
  ASSERT_FALSE(sweep_test::capture("command -v parallel").empty());
  const fs::path dir = sweep_test::scratch("gnu-parallel-missing");
  const std::string grid =
      "nnviz compare --activation tanh,relu --seed 1..3 --samples 100 --epochs 2 --stop-loss 0 --no-video --jobs 1";
  ASSERT_EQ(sh(dir, grid + " -o full").code, 0);
  ASSERT_EQ(sh(dir, "parallel --halt now,fail=1 " + grid + " --shard {}/3 -o part{} ::: 1 2").code, 0);
  const Shell merged = sh(dir, "nnviz report part1 part2 -o merged --no-video");
  EXPECT_EQ(merged.code, 3);  // runs missing
  EXPECT_NE(csv_rows(dir / "merged" / "summary.csv", {"wall_seconds", "dir"}),
            csv_rows(dir / "full" / "summary.csv", {"wall_seconds", "dir"}));
  fs::remove_all(dir);
}

}  // namespace
