#include "nnviz/scene/run_scenes.hpp"

namespace nnviz::scene {

Mesh run_mesh(const run::RunRecord& record, int resolution) {
  Eigen::MatrixXd all_x(record.train.size() + record.validation.size(), 2);  // (n, 2)
  all_x.topRows(record.train.size()) = record.train.X;
  if (record.validation.size() > 0) all_x.bottomRows(record.validation.size()) = record.validation.X;
  return make_mesh(all_x, resolution);
}

Scene frame_scene(const run::RunRecord& record, const Mesh& mesh, std::size_t frame, MeshPrecision precision) {
  const train::Checkpoint& c = record.checkpoints.at(frame);
  Scene s = make_scene(c.network, record.train, record.validation, mesh, c.metrics, precision);
  set_history(s, record.checkpoints, frame);
  return s;
}

std::vector<std::vector<Bounds>> plan_run_views(const run::RunRecord& record, const Mesh& mesh, AxesMode axes,
                                                std::size_t count) {
  // One cheap pass for the axis ranges of every frame.
  std::vector<std::vector<Bounds>> tight;
  tight.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const Scene s = frame_scene(record, mesh, i);  // every panel the frame has, the loss panel too
    std::vector<Bounds> b;
    for (const Panel& p : s.panels) b.push_back(p.bounds);
    tight.push_back(std::move(b));
  }
  return plan_views(tight, axes);
}

}  // namespace nnviz::scene
