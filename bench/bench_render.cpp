// One frame per style and size, rendered into a reused Frame (as the app does).
#include <benchmark/benchmark.h>

#include "fixture.hpp"
#include "nnviz/render/renderer.hpp"

namespace nnviz::bench {
namespace {

// Args: style (0 surface, 1 points), width, height. The frame is epoch 40 of the notebook's
// run: the hidden panels' meshes are warped, not a regular grid.
void BM_render_frame(benchmark::State& state) {
  const Run& run = notebook_run();
  const FrameInput in = frame_input(run, run.checkpoints.size() - 1);
  render::RenderOptions options;
  options.style = state.range(0) == 0 ? render::Style::surface : render::Style::points;
  options.width = static_cast<int>(state.range(1));
  options.height = static_cast<int>(state.range(2));
  render::Renderer renderer(options);
  util::Frame frame;
  renderer.render(in.scene, in.view, frame);  // binds the surface, lays out the text
  for (auto _ : state) {
    renderer.render(in.scene, in.view, frame);
    benchmark::DoNotOptimize(frame.pixels.data());
  }
  state.SetLabel(render::style_name(options.style));
}
BENCHMARK(BM_render_frame)
    ->ArgNames({"style", "w", "h"})
    ->Args({0, 1800, 600})
    ->Args({1, 1800, 600})
    ->Args({0, 900, 300})
    ->Args({1, 900, 300})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace nnviz::bench
