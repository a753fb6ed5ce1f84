#include "nnviz/sweep/compare_video.hpp"

#include <algorithm>
#include <exception>
#include <functional>
#include <thread>

#include "nnviz/app/train_run.hpp"
#include "nnviz/scene/mesh.hpp"
#include "nnviz/scene/scene.hpp"
#include "nnviz/sweep/tiles.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"

namespace nnviz::sweep {
namespace {

// One run's tile: what it needs to draw any of its frames, and the last frame it drew.
struct TileState {
  const app::RunRecord* record = nullptr;
  scene::Mesh mesh;
  std::vector<std::vector<scene::Bounds>> views;  // per frame of the run, per panel
  std::unique_ptr<render::Renderer> renderer;
  util::Frame frame;
  int drawn = -1;  // checkpoint index in `frame`
};

// Runs body(i) for i in [0, n) on `jobs` threads (i mod jobs each); rethrows the first error.
// Each tile is touched by one thread only, so tiles need no locks.
void parallel_for(std::size_t n, int jobs, const std::function<void(std::size_t)>& body) {
  const std::size_t threads = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, jobs)), n);
  if (threads <= 1) {
    for (std::size_t i = 0; i < n; ++i) body(i);
    return;
  }
  std::vector<std::exception_ptr> errors(threads);
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (std::size_t t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      try {
        for (std::size_t i = t; i < n; i += threads) body(i);
      } catch (...) {
        errors[t] = std::current_exception();
      }
    });
  for (std::thread& th : pool) th.join();
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

int even(int v) { return v + (v % 2); }

}  // namespace

int write_compare_video(const std::vector<CompareTile>& tiles, const CompareVideoOptions& o,
                        const util::InterruptFlag& interrupt) {
  if (tiles.empty()) throw Error("comparison video: no run to show");
  // yuv420p needs even sides; even tiles make an even canvas.
  const TileGrid grid = plan_tiles(tiles.size(), even(o.tile_width), even(o.tile_height), encode::max_side);

  render::RenderOptions look;
  look.width = grid.tile_width;
  look.height = grid.tile_height;
  look.style = o.style;
  look.palette = o.palette;
  if (!o.all_panels) look.panels = {render::PanelChoice{scene::PanelKind::input}};
  // One panel in a tile about a third of the figure's width: text and markers as large as in
  // the notebook's three-panel figure.
  look.scale = o.all_panels ? 1.0 : 3.0;

  std::vector<TileState> state(tiles.size());
  std::size_t frames = 0;
  for (std::size_t i = 0; i < tiles.size(); ++i) {
    if (!tiles[i].record || tiles[i].record->checkpoints.empty()) throw Error("comparison video: a run has no frames");
    state[i].record = tiles[i].record.get();
    frames = std::max(frames, tiles[i].record->checkpoints.size());
    render::RenderOptions own = look;
    own.title = tiles[i].label;
    state[i].renderer = std::make_unique<render::Renderer>(own);
  }
  parallel_for(state.size(), o.jobs, [&](std::size_t i) {
    TileState& t = state[i];
    t.mesh = app::record_mesh(*t.record, o.mesh_resolution);
    t.views = app::plan_record_views(*t.record, t.mesh, o.axes, t.record->checkpoints.size());
  });
  if (interrupt.raised()) return 0;

  encode::EncodeOptions options = o.encode;
  options.width = grid.width();
  options.height = grid.height();
  util::Frame canvas;
  canvas.resize(grid.width(), grid.height());
  fill(canvas, 0xFFFFFFFF);  // cells without a run stay white
  // Every tile at frame f (a run that stopped early holds its last frame), blitted into canvas.
  const auto draw = [&](std::size_t f) {
    parallel_for(state.size(), o.jobs, [&](std::size_t i) {
      TileState& t = state[i];
      const int k = static_cast<int>(std::min(f, t.record->checkpoints.size() - 1));
      if (k == t.drawn) return;
      const train::Checkpoint& c = t.record->checkpoints[static_cast<std::size_t>(k)];
      scene::Scene s = scene::make_scene(c.network, t.record->train, t.record->validation, t.mesh, c.metrics);
      scene::set_history(s, t.record->checkpoints, static_cast<std::size_t>(k));
      t.renderer->render(s, t.views[static_cast<std::size_t>(k)], t.frame);
      t.drawn = k;
    });
    for (std::size_t i = 0; i < state.size(); ++i) blit(state[i].frame, grid.x(i), grid.y(i), canvas);
  };
  // As for one run (app::render_record): a GIF's palette from frames spread over the video,
  // drawn before the output is opened.
  std::vector<util::Frame> sample;
  if (options.gif_palette == encode::GifPaletteMode::global &&
      encode::resolve_format(o.output, options.format) == encode::Format::gif) {
    for (const std::size_t f : app::palette_sample_indices(frames, 3)) {
      if (interrupt.raised()) return 0;
      draw(f);
      sample.push_back(canvas);
    }
  }
  if (interrupt.raised()) return 0;
  std::unique_ptr<encode::Encoder> encoder = encode::Encoder::open(o.output, options);
  std::vector<const util::Frame*> pointers;
  for (const util::Frame& frame : sample) pointers.push_back(&frame);
  encoder->set_palette_sample(pointers);
  std::vector<util::Frame>().swap(sample);  // read by the call: no longer needed

  int written = 0;
  for (std::size_t f = 0; f < frames; ++f) {
    if (f > 0 && interrupt.raised()) break;  // an opened output gets at least one frame
    draw(f);
    encoder->write(canvas);
    ++written;
  }
  if (written == 0) return 0;  // the encoder's destructor removes its temporary file
  encoder->finish();
  return written;
}

}  // namespace nnviz::sweep
