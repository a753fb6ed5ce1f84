#pragma once
// Runs a sweep's runs on a pool of threads, each run with its own generator, trainer and
// renderer, and writes each run's files into its own folder. A run's results depend only on its
// request (its seed), never on the number of threads or the order runs finish in.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "nnviz/run/record.hpp"
#include "nnviz/app/train_run.hpp"
#include "nnviz/sweep/summary.hpp"

namespace nnviz::util {
class InterruptFlag;
}

namespace nnviz::sweep {

struct RunPlan {
  std::size_t index = 0;  // in the full grid
  std::string name;       // the run's folder under the sweep's folder
  std::string label;
  std::vector<std::pair<std::string, std::string>> settings;
  // Its video/metrics/weights outputs are ignored: the runner puts them in the run's folder.
  app::TrainRequest request;
};

struct RunnerOptions {
  std::filesystem::path dir;  // must exist
  int jobs = 1;               // worker threads, >= 1
  // Each run's video: render/encode settings, no_video; its file is <dir>/<name>/video.<ext>.
  app::VideoRequest video;
  std::string video_extension = "mp4";
  bool keep_records = false;  // hand each finished run's record back (the comparison video)
};

struct RunResult {
  SummaryRow row;
  std::shared_ptr<const run::RunRecord> record;  // with keep_records, when training finished
};

// Called after each run (from the worker that ran it; calls are serialised): the result and how
// many runs have finished so far.
using RunCallback = std::function<void(const RunResult& result, std::size_t finished, std::size_t total)>;

// Each run writes <dir>/<name>/: config.json (its resolved options), metrics.csv, weights.json
// (every frame's weights, for `nnviz report`), and its video unless video.no_video. A run that
// throws or diverges is a row with status failed and the reason; the others go on. Once
// `interrupt` is raised no new run starts and the running ones stop after their current frame
// (status interrupted, their files written). Returns the rows of the runs that started, by
// index. Nothing is shared between workers but the queue and the result slots.
std::vector<RunResult> run_sweep(const std::vector<RunPlan>& plans, const RunnerOptions& options,
                                 const util::InterruptFlag& interrupt, const RunCallback& on_finished = {});

}  // namespace nnviz::sweep
