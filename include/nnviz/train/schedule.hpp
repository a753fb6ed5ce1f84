#pragma once
// Which snapshots of a run become frames: the epochs (or gradient steps) a FrameSchedule picks
// out of a run of `total` of them, known before training so that only those are kept.
#include <cstdint>
#include <string>
#include <vector>

#include "nnviz/train/config.hpp"
#include "nnviz/util/names.hpp"

namespace nnviz::train {

// "linear", "log", any case (util/names.hpp); UsageError (field "schedule") otherwise.
const util::NameTable<FrameSpacing>& frame_spacing_table();

// Throws UsageError naming the field at fault (every, max_frames, schedule).
void validate(const FrameSchedule& schedule);

// Gradient steps in an epoch of `rows` training rows: the last batch may be partial.
std::int64_t steps_per_epoch(std::int64_t rows, int batch_size);

class FrameTimes {
 public:
  // Over units 0..total (epochs, or steps with schedule.steps): 0 and total always; between,
  // every `every`-th unit (linear), or max_frames of them spread evenly (linear) or log-spaced
  // (log: each gap at least 1, the gaps' ratio constant where it can be), so at most
  // max_frames frames in all.
  FrameTimes(const FrameSchedule& schedule, std::int64_t total);
  [[nodiscard]] bool contains(std::int64_t unit) const;
  // The frames' units in order, the last `total`: a run that stops early has those before its
  // stop, then the unit where it stopped.
  [[nodiscard]] std::vector<std::int64_t> units() const;
  [[nodiscard]] std::int64_t count() const;  // frames of a run that is not stopped early

 private:
  std::int64_t total_ = 0;
  std::int64_t every_ = 1;
  std::vector<std::int64_t> listed_;  // sorted; empty: every `every_`
};

// The frames a run of `config` on `rows` training rows has when it is not stopped early.
std::int64_t planned_frames(const TrainConfig& config, std::int64_t rows);

}  // namespace nnviz::train
