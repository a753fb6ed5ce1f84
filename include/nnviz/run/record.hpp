#pragma once
// A trained run as data: its points, its architecture and one checkpoint per frame. What
// `--save-weights` writes, what `nnviz render` reads back, what `nnviz compare` tiles.
#include <filesystem>
#include <string>
#include <vector>

#include "nnviz/data/dataset.hpp"
#include "nnviz/model/network.hpp"
#include "nnviz/run/run_config.hpp"
#include "nnviz/train/checkpoint.hpp"
#include "nnviz/util/json.hpp"

namespace nnviz::run {

struct RunRecord {
  data::Dataset train;
  data::Dataset validation;  // 0 rows without --validation-split
  RunConfig config;          // what decided the run: its architecture is the checkpoints' networks'
  std::vector<train::Checkpoint> checkpoints;  // frame k = checkpoints[k]
  train::StopReason reason = train::StopReason::epochs;
  std::string message;
};

// The weights file (JSON, format "nnviz-run/2": the typed RunConfig under "config"; "nnviz-run/1"
// files, whose config was flat text, still read): kernels in Keras layout [input][unit].
util::Json record_to_json(const RunRecord& record);
// `interrupt` (if given) is checked between frames (nnviz::Interrupted): a long run has 10^5.
RunRecord record_from_json(const util::Json& json, const std::string& source,
                           const util::InterruptFlag* interrupt = nullptr);
// record_to_json(record).dump() + "\n" into the file `path` (created or truncated), written a
// frame at a time (a run's frames need not fit in memory as JSON); Error naming `named` when it
// cannot be written, Interrupted when `interrupt` is raised between frames.
void write_record_text(const RunRecord& record, const std::filesystem::path& path, const std::filesystem::path& named,
                       const util::InterruptFlag* interrupt = nullptr);
// The same through an AtomicFile.
void write_record(const RunRecord& record, const std::filesystem::path& path,
                  const util::InterruptFlag* interrupt = nullptr);
// Throws UsageError naming the file for anything missing or malformed.
RunRecord read_record(const std::filesystem::path& path, const util::InterruptFlag* interrupt = nullptr);

// The metrics of every frame as a JSON array of objects.
util::Json metrics_to_json(const std::vector<train::Checkpoint>& checkpoints);
// One frame's metrics: epoch, loss, accuracy, val_loss/val_accuracy when held out, then lr and
// wall_seconds unless `timing` is false (`nnviz train --json`'s final/best objects).
util::Json metrics_json(const train::Metrics& m, bool timing = true);

}  // namespace nnviz::run
