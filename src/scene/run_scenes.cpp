#include "nnviz/scene/run_scenes.hpp"

#include <algorithm>

#include "nnviz/util/error.hpp"

namespace nnviz::scene {

Mesh run_mesh(const run::RunRecord& record, int resolution) {
  Eigen::MatrixXd all_x(record.train.size() + record.validation.size(), 2);  // (n, 2)
  all_x.topRows(record.train.size()) = record.train.X;
  if (record.validation.size() > 0) all_x.bottomRows(record.validation.size()) = record.validation.X;
  return make_mesh(all_x, resolution);
}

RunScenes::RunScenes(const run::RunRecord& record, int mesh_resolution, std::size_t frames)
    : record_(&record), mesh_(run_mesh(record, mesh_resolution)) {
  const std::size_t count = std::min(frames, record.checkpoints.size());
  projections_.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
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

std::vector<std::vector<Bounds>> RunScenes::plan_views(AxesMode axes) const {
  // One cheap pass for the axis ranges of every frame.
  std::vector<std::vector<Bounds>> tight;
  tight.reserve(size());
  for (std::size_t i = 0; i < size(); ++i) {
    const Scene s = scene(i);  // every panel the frame has, the loss panel too
    std::vector<Bounds> b;
    for (const Panel& p : s.panels) b.push_back(p.bounds);
    tight.push_back(std::move(b));
  }
  return scene::plan_views(tight, axes);
}

}  // namespace nnviz::scene
