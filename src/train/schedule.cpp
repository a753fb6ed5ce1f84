#include "nnviz/train/schedule.hpp"

#include <algorithm>
#include <cmath>

#include "nnviz/util/error.hpp"

namespace nnviz::train {

const util::NameTable<FrameSpacing>& frame_spacing_table() {
  static const util::NameTable<FrameSpacing> table("schedule", "schedule",
                                                   {{FrameSpacing::linear, "linear"}, {FrameSpacing::log, "log"}});
  return table;
}

void validate(const FrameSchedule& s) {
  if (s.every < 1) throw UsageError("every", "must be >= 1 (got " + std::to_string(s.every) + ")");
  if (s.max_frames < 0 || s.max_frames == 1)
    throw UsageError("max_frames", "must be >= 2, the first and the last frame (got " + std::to_string(s.max_frames) + ")");
  if (s.every != 1 && (s.max_frames > 0 || s.spacing == FrameSpacing::log))
    throw UsageError("every", "a frame every N and " +
                                  std::string(s.spacing == FrameSpacing::log ? "a log schedule" : "a frame cap") +
                                  " exclude each other (give one)");
}

std::int64_t steps_per_epoch(std::int64_t rows, int batch_size) {
  if (rows <= 0 || batch_size <= 0) return 0;
  return (rows + batch_size - 1) / batch_size;
}

FrameTimes::FrameTimes(const FrameSchedule& s, std::int64_t total) : total_(std::max<std::int64_t>(total, 0)) {
  validate(s);
  every_ = s.every;
  const std::int64_t cap = s.max_frames > 0 ? s.max_frames : (s.spacing == FrameSpacing::log ? 100 : 0);
  if (cap == 0 || cap >= total_ + 1) {
    // Every unit fits (or the schedule is every N): nothing to list.
    if (cap != 0) every_ = 1;
    return;
  }
  listed_.reserve(static_cast<std::size_t>(cap));
  listed_.push_back(0);
  if (s.spacing == FrameSpacing::linear) {
    for (std::int64_t i = 1; i < cap; ++i)
      listed_.push_back(static_cast<std::int64_t>(std::llround(static_cast<double>(i) * static_cast<double>(total_) /
                                                               static_cast<double>(cap - 1))));
  } else {
    // Log-spaced from 1 to total with cap - 1 units after 0: each the previous times the ratio
    // that would reach `total` in the units left, at least one more than the previous. Early on
    // the gaps are 1 (every unit), later they grow by a constant ratio.
    std::int64_t previous = 0;
    for (std::int64_t k = 1; k < cap; ++k) {
      const std::int64_t left = cap - k;  // units still to place, this one included
      const double from = static_cast<double>(std::max<std::int64_t>(previous, 1));
      const double ratio = std::pow(static_cast<double>(total_) / from, 1.0 / static_cast<double>(left));
      // The first after 0 is 1: the first epoch changes the picture the most.
      std::int64_t next = previous == 0 ? 1 : std::max(previous + 1, static_cast<std::int64_t>(std::llround(from * ratio)));
      // The units left after this one need room: at most total - (left - 1).
      next = std::min(next, total_ - (left - 1));
      listed_.push_back(next);
      previous = next;
    }
  }
  listed_.back() = total_;
  listed_.erase(std::unique(listed_.begin(), listed_.end()), listed_.end());
}

bool FrameTimes::contains(std::int64_t unit) const {
  if (unit < 0 || unit > total_) return false;
  if (unit == 0 || unit == total_) return true;
  if (listed_.empty()) return unit % every_ == 0;
  return std::binary_search(listed_.begin(), listed_.end(), unit);
}

std::vector<std::int64_t> FrameTimes::units() const {
  if (!listed_.empty()) return listed_;
  std::vector<std::int64_t> out;
  for (std::int64_t u = 0; u < total_; u += every_) out.push_back(u);
  out.push_back(total_);
  return out;
}

std::int64_t FrameTimes::count() const {
  if (!listed_.empty()) return static_cast<std::int64_t>(listed_.size());
  return total_ == 0 ? 1 : (total_ + every_ - 1) / every_ + 1;
}

std::int64_t planned_frames(const TrainConfig& config, std::int64_t rows) {
  const std::int64_t total = config.frames.steps ? config.epochs * steps_per_epoch(rows, config.batch_size)
                                                 : static_cast<std::int64_t>(config.epochs);
  return FrameTimes(config.frames, total).count();
}

}  // namespace nnviz::train
