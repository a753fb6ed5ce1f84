#include "nnviz/scene/run_scenes.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"

namespace nnviz::scene {
namespace {

// The largest epoch and finite losses of frames 0..k, kept as k grows: what a frame's loss panel
// bounds depend on (make_curve_panel), without copying its whole history for every frame, which
// made planning a long run quadratic in its frame count.
struct HistoryExtent {
  std::optional<int> epoch;
  std::optional<double> loss, val_loss;

  void add(const train::Metrics& m) {
    epoch = std::max(epoch.value_or(m.epoch), m.epoch);
    if (std::isfinite(m.loss)) loss = std::max(loss.value_or(m.loss), m.loss);
    if (m.val_loss && std::isfinite(*m.val_loss)) val_loss = std::max(val_loss.value_or(*m.val_loss), *m.val_loss);
  }
  // One frame of metrics holding the extremes: make_curve_panel gives it the bounds it gives the
  // whole history (it takes maxima over its frames, skipping non-finite losses).
  [[nodiscard]] std::vector<train::Metrics> as_history() const {
    train::Metrics m;
    m.epoch = epoch.value_or(0);
    m.loss = loss.value_or(std::nan(""));
    m.val_loss = val_loss;
    return {m};
  }
};

}  // namespace

Mesh run_mesh(const run::RunRecord& record, int resolution) {
  return make_mesh(all_points(record.train, record.validation), resolution);
}

RunScenes::RunScenes(const run::RunRecord& record, int mesh_resolution, std::size_t frames,
                     const util::InterruptFlag& interrupt)
    : record_(&record), mesh_(run_mesh(record, mesh_resolution)) {
  const std::size_t count = std::min(frames, record.checkpoints.size());
  projections_.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    if (interrupt.raised()) return;
    const FrameProjections* previous = k == 0 ? nullptr : &projections_.back();
    projections_.push_back(
        fit_frame_projections(record.checkpoints[k].network, record.train, record.validation, previous));
  }
}

Scene RunScenes::scene(std::size_t frame, MeshPrecision precision) const {
  if (frame >= projections_.size())
    throw Error("internal: frame " + std::to_string(frame) + " of " + std::to_string(projections_.size()));
  const train::Checkpoint& c = record_->checkpoints[frame];
  Scene s = make_scene(c.network, record_->train, record_->validation, mesh_, c.metrics, precision, &projections_[frame]);
  set_history(s, record_->checkpoints, frame);
  return s;
}

std::vector<std::vector<Bounds>> RunScenes::tight_bounds(std::size_t first, std::size_t last,
                                                         const util::InterruptFlag& interrupt) const {
  const std::vector<train::Checkpoint>& checkpoints = record_->checkpoints;
  // Fitting the projections stops at a signal too, leaving fewer frames than asked for.
  if (interrupt.raised()) return {};
  if (last > size() || first > last)
    throw Error("internal: frames " + std::to_string(first) + " to " + std::to_string(last) + " of " +
                std::to_string(size()));
  std::vector<std::vector<Bounds>> tight;
  if (first == last) return tight;
  // The loss panel's extent over the whole run, as set_history gives it.
  const double max_loss = max_finite_loss(checkpoints);
  const int total_epochs = checkpoints.back().metrics.epoch;
  HistoryExtent history;
  for (std::size_t i = 0; i < first; ++i) history.add(checkpoints[i].metrics);

  tight.reserve(last - first);
  for (std::size_t i = first; i < last; ++i) {
    if (interrupt.raised()) return {};
    const train::Checkpoint& c = checkpoints[i];
    history.add(c.metrics);
    // Every panel scene(i) gives the frame: its layer panels, then the loss panel.
    const Scene s = make_scene(c.network, record_->train, record_->validation, mesh_, c.metrics,
                               MeshPrecision::single, &projections_[i]);
    std::vector<Bounds> b;
    b.reserve(s.panels.size() + 1);
    for (const Panel& p : s.panels) b.push_back(p.bounds);
    b.push_back(make_curve_panel(history.as_history(), total_epochs, max_loss).bounds);
    tight.push_back(std::move(b));
  }
  return tight;
}

std::vector<std::vector<Bounds>> RunScenes::plan_views(AxesMode axes, const util::InterruptFlag& interrupt) const {
  const std::vector<std::vector<Bounds>> tight = tight_bounds(0, size(), interrupt);
  if (tight.size() != size()) return {};  // interrupted
  return scene::plan_views(tight, axes);
}

std::vector<Bounds> RunScenes::plan_frame_view(AxesMode axes, std::size_t frame, std::size_t video_frames,
                                               const util::InterruptFlag& interrupt) const {
  const FrameSpan span = frames_deciding_view(axes, frame, video_frames);
  const std::vector<std::vector<Bounds>> tight = tight_bounds(span.first, span.last, interrupt);
  if (tight.size() != span.last - span.first) return {};  // interrupted
  return scene::plan_views(tight, axes)[frame - span.first];
}

}  // namespace nnviz::scene
