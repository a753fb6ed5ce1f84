#include "nnviz/scene/run_scenes.hpp"

#include "nnviz/scene/stats.hpp"
#include "nnviz/train/schedule.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
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

Eigen::MatrixXd planning_points(const Mesh& mesh, const model::Network& net) {
  double macs = 0;
  for (const model::Dense& d : net.layers) macs += static_cast<double>(d.W.rows()) * static_cast<double>(d.W.cols());
  const int res = mesh.resolution;
  if (macs <= kFullMeshPlanning || res <= kPlanningGrid) return mesh.points;
  // Every k-th grid line and the last, so the sample reaches the mesh's edges.
  const int step = (res - 1 + kPlanningGrid - 2) / (kPlanningGrid - 1);
  std::vector<int> lines;
  for (int i = 0; i < res - 1; i += step) lines.push_back(i);
  lines.push_back(res - 1);
  Eigen::MatrixXd out(static_cast<Eigen::Index>(lines.size() * lines.size()), 2);
  Eigen::Index r = 0;
  for (const int iy : lines)
    for (const int ix : lines) out.row(r++) = mesh.points.row(static_cast<Eigen::Index>(iy) * res + ix);
  return out;
}

Mesh run_mesh(const run::RunRecord& record, int resolution) {
  return make_mesh(all_points(record.train, record.validation), resolution);
}

RunScenes::RunScenes(const run::RunRecord& record, int mesh_resolution, std::size_t snapshots,
                     const util::InterruptFlag& interrupt, int tween, std::shared_ptr<const RunStats> stats,
                     bool neurons)
    : record_(&record),
      tween_(tween),
      neurons_(neurons),
      mesh_(run_mesh(record, mesh_resolution)),
      stats_(std::move(stats)) {
  const model::Network first_network = record.checkpoints.empty() ? model::Network{} : record.checkpoints.front().network();
  plan_points_ = record.checkpoints.empty() ? mesh_.points : planning_points(mesh_, first_network);
  if (tween < 0) throw Error("internal: a negative tween count");
  snapshots_ = std::min(snapshots, record.checkpoints.size());
  // Interrupted statistics hold fewer snapshots: the frames stop there too.
  if (stats_) snapshots_ = std::min(snapshots_, stats_->frames.size());
  const std::size_t count = frame_count(snapshots_, tween_);
  projections_.reserve(count);
  // A frame's projections are oriented like the frame before's, so they are fitted in order. Where
  // no layer's components read the frame before's (none over 256 units: projection.hpp), the
  // components, the costly part (the data through the network, the covariances' solves), are
  // computed for a batch of frames on all cores first, then oriented in order.
  bool independent = true;
  for (const model::Dense& d : first_network.layers) independent = independent && !components_need_previous(d.W.cols());
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  const std::size_t batch = independent && cores > 1 ? 64 * static_cast<std::size_t>(cores) : 1;
  std::vector<FrameComponents> components;
  for (std::size_t first = 0; first < count; first += batch) {
    const std::size_t last = std::min(count, first + batch);
    if (batch == 1) {
      if (interrupt.raised()) return;
      const FrameProjections* previous = first == 0 ? nullptr : &projections_.back();
      projections_.push_back(orient_frame(frame_components(network(first), record.train, record.validation, previous), previous));
      continue;
    }
    components.assign(last - first, {});
    std::atomic<std::size_t> next{first};
    std::exception_ptr failure;
    std::mutex failure_lock;
    const auto work = [&] {
      for (std::size_t k = next++; k < last; k = next++) {
        if (interrupt.raised()) return;
        try {
          components[k - first] = frame_components(network(k), record.train, record.validation, nullptr);
        } catch (...) {
          const std::lock_guard<std::mutex> lock(failure_lock);
          if (!failure) failure = std::current_exception();
          next = last;
        }
      }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < std::min<std::size_t>(cores, last - first); ++t) pool.emplace_back(work);
    work();
    for (std::thread& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
    for (std::size_t k = first; k < last; ++k) {
      if (interrupt.raised()) return;
      const FrameProjections* previous = k == 0 ? nullptr : &projections_.back();
      projections_.push_back(orient_frame(std::move(components[k - first]), previous));
    }
  }
}

std::size_t RunScenes::frame_count(std::size_t snapshots, int tween) {
  return snapshots == 0 ? 0 : (snapshots - 1) * static_cast<std::size_t>(tween + 1) + 1;
}

TweenPoint RunScenes::point(std::size_t frame) const {
  const auto per = static_cast<std::size_t>(tween_ + 1);
  return {frame / per, static_cast<double>(frame % per) / static_cast<double>(per)};
}

model::Network RunScenes::network(std::size_t frame) const {
  const TweenPoint at = point(frame);
  const model::Network& from = record_->checkpoints.at(at.snapshot).network();
  if (at.fraction == 0.0) return from;
  return model::interpolate(from, record_->checkpoints.at(at.snapshot + 1).network(), at.fraction);
}

Scene RunScenes::scene(std::size_t frame, MeshPrecision precision) const {
  if (frame >= projections_.size())
    throw Error("internal: frame " + std::to_string(frame) + " of " + std::to_string(projections_.size()));
  const TweenPoint at = point(frame);
  const train::Checkpoint& c = record_->checkpoints[at.snapshot];
  Scene s = at.fraction == 0.0
                ? make_scene(c.network(), record_->train, record_->validation, mesh_, c.metrics, precision, &projections_[frame], neurons_)
                : make_scene(network(frame), record_->train, record_->validation, mesh_, c.metrics, precision,
                             &projections_[frame], neurons_);
  const run::RunRecord& r = *record_;
  set_history(s, r.checkpoints, at.snapshot,
              r.config.training.frames.steps
                  ? static_cast<double>(train::steps_per_epoch(r.train.size(), r.config.training.batch_size))
                  : 0.0);
  if (stats_) set_stats(s, stats_, at.snapshot);
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
  const std::size_t first_snapshot = point(first).snapshot;
  for (std::size_t i = 0; i < first_snapshot; ++i) history.add(checkpoints[i].metrics);
  std::size_t added = first_snapshot;  // snapshots in `history`

  tight.reserve(last - first);
  for (std::size_t i = first; i < last; ++i) {
    if (interrupt.raised()) return {};
    const TweenPoint at = point(i);
    for (; added <= at.snapshot; ++added) history.add(checkpoints[added].metrics);
    // Every panel scene(i) gives the frame: its layer panels, then the loss panel.
    std::vector<Bounds> b = layer_panel_bounds(network(i), record_->train,
                                               record_->validation, plan_points_, &projections_[i], neurons_);
    b.push_back(make_curve_panel(history.as_history(), total_epochs, max_loss).bounds);
    if (stats_) b.push_back(make_stats_panel(stats_, at.snapshot).bounds);
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
