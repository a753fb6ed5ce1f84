// The scene side of a frame: the mesh through the network in float and in double, and
// make_scene in both precisions (frames use `single`).
#include <benchmark/benchmark.h>

#include "fixture.hpp"
#include "nnviz/model/forward_float.hpp"

namespace nnviz::bench {
namespace {

// 40,000 mesh points through 2-2-1 tanh in float (what make_scene does for every frame).
void BM_forward_mesh_float(benchmark::State& state) {
  const Run& run = notebook_run();
  const model::Network& net = run.checkpoints.back().network();
  const Eigen::MatrixXf points = run.mesh.points.cast<float>();
  for (auto _ : state) {
    model::ForwardPassF pass = model::forward_float(net, points);
    benchmark::DoNotOptimize(pass.post.back().data());
  }
  state.SetItemsProcessed(state.iterations() * points.rows());
}
BENCHMARK(BM_forward_mesh_float)->Unit(benchmark::kMicrosecond);

// Data and mesh through every layer, three panels. Arg: 0 single (frames), 1 exact.
void BM_make_scene_precision(benchmark::State& state) {
  const Run& run = notebook_run();
  const train::Checkpoint& c = run.checkpoints.back();
  const auto precision = state.range(0) == 0 ? scene::MeshPrecision::single : scene::MeshPrecision::exact;
  for (auto _ : state) {
    scene::Scene s = scene::make_scene(c.network(), run.train, run.validation, run.mesh, c.metrics, precision);
    benchmark::DoNotOptimize(s.panels.data());
  }
  state.SetLabel(state.range(0) == 0 ? "single" : "exact");
}
BENCHMARK(BM_make_scene_precision)->ArgName("exact")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace nnviz::bench
