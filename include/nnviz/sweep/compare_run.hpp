#pragma once
// `nnviz compare` and `nnviz report` as runs, mirroring app::run_train: a typed request in, the
// files written and a report out. The CLI only parses, prints and sets up logging.
#include <filesystem>
#include <optional>
#include <vector>

#include "nnviz/sweep/compare_video.hpp"
#include "nnviz/sweep/runner.hpp"
#include "nnviz/sweep/summary.hpp"

namespace nnviz::util {
class InterruptFlag;
}

namespace nnviz::sweep {

struct CompareRequest {
  // The sweep's folder (created when missing): one folder per run, summary.csv/json, the
  // comparison video and index.html (the page only for a whole sweep).
  std::filesystem::path dir;
  Summary grid;                // grid_size, axes and shard; its rows are ignored
  std::vector<RunPlan> plans;  // the runs of this shard, in grid order
  RunnerOptions runner;        // its dir is `dir`; keep_records is set when a video is made
  // The comparison video of a whole sweep (its output path inside `dir`); unset: none.
  std::optional<CompareVideoOptions> video;
};

struct ReportRequest {
  std::vector<std::filesystem::path> dirs;  // sweep folders (or shards) to merge
  std::filesystem::path dir;                // where the merged summary, video and page go
  std::optional<CompareVideoOptions> video;  // unset: --no-video
};

struct SweepReport {
  Summary summary;                            // the rows of the runs that started (compare) or merged
  std::vector<std::filesystem::path> outputs;  // files written, in order
  int video_frames = 0;
  // 0; exit_code::partial when a run failed or is missing, failure when none finished; the
  // signal's exit code when interrupted.
  int exit_code = 0;
};

// Checks the folder (UsageError), runs the plans (RunCallback after each), writes the summary
// files, then the comparison video and the page. Interrupted, it stops starting runs and writes
// the summary of those that started.
// UsageError (field output) when `dir`, or the nearest part of its path that exists, is not a
// folder (a link to one is followed),
// so a sweep can be refused before it logs or runs anything. run_compare checks it too.
void check_sweep_folder(const std::filesystem::path& dir);

SweepReport run_compare(const CompareRequest& request, const util::InterruptFlag& interrupt,
                        const RunCallback& on_finished = {});

// Merges the summaries under `dirs`, writes the merged summary, the comparison video from the
// runs' weights.json (runs without one are left out, with a warning) and the page.
SweepReport run_report(const ReportRequest& request, const util::InterruptFlag& interrupt);

// The tiles the plans will make, without records: for plan_compare_canvas before any run.
std::vector<CompareTile> planned_tiles(const std::vector<RunPlan>& plans);

// ok, partial (a run failed or the grid has runs without a result) or failure (none finished);
// logs a warning for failed and missing runs.
int summary_exit_code(const Summary& summary);

// <dir>/index.html, atomically: the comparison video (when `video` names one) embedded, and one
// table row per run. Returns its path.
std::filesystem::path write_compare_page(const Summary& summary, const std::filesystem::path& dir,
                                         const std::optional<std::filesystem::path>& video);

}  // namespace nnviz::sweep
