#pragma once
// A sweep's results, one row per run: written as summary.csv and summary.json, read back and
// merged by `nnviz report`, and condensed into a Markdown table grouped over seeds.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "nnviz/run/run_config.hpp"
#include "nnviz/sweep/grid.hpp"
#include "nnviz/sweep/shard.hpp"
#include "nnviz/util/json.hpp"

namespace nnviz::sweep {

enum class RunStatus { ok, failed, interrupted };
std::string status_name(RunStatus status);
RunStatus parse_status(const std::string& name);  // Error for anything else

struct SummaryRow {
  std::size_t index = 0;  // in the full grid
  std::string name;
  std::string label;
  std::vector<std::pair<std::string, std::string>> settings;  // the grid's axes, as typed
  // The run's resolved options, typed; the CSV shows dataset, hidden, activation, optimizer, lr,
  // batch_size, epochs, stop_loss, l2 and seed of them.
  run::RunConfig options;
  RunStatus status = RunStatus::ok;
  std::string reason;       // why a run failed; empty when ok
  std::string stop_reason;  // epochs, stop_loss, diverged, interrupted; empty without training
  int frames = 0;           // checkpoints (frame k = epoch k)
  std::optional<double> final_loss, final_accuracy, best_loss, best_accuracy;
  std::optional<int> final_epoch, best_epoch;
  std::optional<int> stop_epoch;  // the first epoch with loss <= stop_loss (stop_loss > 0)
  double wall_seconds = 0.0;
  // The run's folder: relative to the summary's folder in files, absolute once read back.
  std::filesystem::path dir;
};

struct Summary {
  std::size_t grid_size = 0;  // runs in the full grid (all shards)
  std::vector<Axis> axes;
  std::optional<Shard> shard;  // the slice these rows come from; none: the whole grid (or merged)
  std::vector<SummaryRow> rows;  // by index
};

// summary.csv: the options, status and results of every row; values as in the JSON, empty when
// unknown. Row folders relative to `base`.
std::string summary_to_csv(const Summary& summary, const std::filesystem::path& base);
// "format": "nnviz-sweep/2" (options as the typed run::RunConfig; "nnviz-sweep/1" files, whose
// options were flat text, still read). Row folders are written relative to `base`.
util::Json summary_to_json(const Summary& summary, const std::filesystem::path& base);
// Throws UsageError naming `source` for anything missing or malformed; row folders become
// `base / dir`.
Summary summary_from_json(const util::Json& json, const std::filesystem::path& base, const std::string& source);

// summary.csv and summary.json (or summary-shard-K-of-N.* for a shard) in `dir`, atomically.
// Returns the paths written.
std::vector<std::filesystem::path> write_summary(const Summary& summary, const std::filesystem::path& dir);
// Every summary*.json in `dir` (sorted by name); UsageError when there is none.
std::vector<Summary> read_summaries(const std::filesystem::path& dir);

// One summary of the union of the rows (by grid index; a run found twice keeps the later
// copy). Throws UsageError when the summaries come from different grids.
Summary merge_summaries(const std::vector<Summary>& parts);

// The Markdown table for people: runs grouped over the "seed" axis, one row per setting with
// the median and the min–max of final loss and accuracy, the epoch reaching --stop-loss and
// wall time, sorted by median final loss (the best first). Failed runs are counted, not used.
std::string markdown_table(const Summary& summary);

}  // namespace nnviz::sweep
