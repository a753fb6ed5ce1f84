#include "fixture.hpp"

#include "nnviz/data/generators.hpp"
#include "nnviz/scene/axes.hpp"
#include "nnviz/util/numpy_random.hpp"

namespace nnviz::bench {

const Run& notebook_run(int epochs) {
  static const Run run = [epochs] {
    Run r;
    util::NumpyRandom rng(12345);
    r.train = data::make_dataset({}, rng);
    r.validation.X.resize(0, 2);
    r.validation.y.resize(0);
    const model::Network net = model::make_network({}, rng);
    train::TrainConfig config;
    config.epochs = epochs;
    config.stop_loss = 0;
    r.checkpoints = train::fit(net, r.train, r.validation, config, rng).checkpoints;
    r.mesh = scene::make_mesh(r.train.X, 200);
    return r;
  }();
  return run;
}

FrameInput frame_input(const Run& run, std::size_t index) {
  std::vector<std::vector<scene::Bounds>> tight;
  FrameInput out;
  for (std::size_t i = 0; i <= index; ++i) {
    const train::Checkpoint& c = run.checkpoints[i];
    scene::Scene s = scene::make_scene(c.network(), run.train, run.validation, run.mesh, c.metrics);
    std::vector<scene::Bounds> b;
    for (const scene::Panel& p : s.panels) b.push_back(p.bounds);
    tight.push_back(std::move(b));
    if (i == index) out.scene = std::move(s);
  }
  out.view = scene::plan_views(tight, scene::AxesMode::smooth).back();
  return out;
}

}  // namespace nnviz::bench
