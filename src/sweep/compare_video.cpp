#include "nnviz/sweep/compare_video.hpp"

#include <algorithm>
#include <exception>
#include <functional>
#include <optional>
#include <thread>

#include "nnviz/app/frame_pipeline.hpp"
#include "nnviz/scene/run_scenes.hpp"
#include "nnviz/sweep/tiles.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"

namespace nnviz::sweep {
namespace {

// One run's tile: what it needs to draw any of its frames, and the last frame it drew.
struct TileState {
  const run::RunRecord* record = nullptr;
  std::optional<scene::RunScenes> scenes;  // mesh, projections
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

// H.264 level 5.2's largest frame (the highest level browsers decode), and a side every mp4
// player takes.
constexpr long long kMaxMp4Macroblocks = 36864;
constexpr int kMaxMp4Side = 8192;

TileGrid plan_for_format(std::size_t tiles, int width, int height, encode::Format format) {
  if (format == encode::Format::mp4) return plan_tiles(tiles, width, height, kMaxMp4Side, kMaxMp4Macroblocks);
  return plan_tiles(tiles, width, height, encode::max_side);
}

}  // namespace

TileGrid plan_compare_canvas(std::size_t tiles, const CompareVideoOptions& o) {
  const encode::Format format = encode::resolve_format(o.output, o.encode.format);
  const int width = even(o.tile_width);
  const int height = even(o.tile_height);
  try {
    return plan_for_format(tiles, width, height, format);
  } catch (const UsageError&) {
    // The largest tile of the same shape that fits, as the suggestion.
    std::string suggestion;
    for (int percent = 95; percent >= 5 && suggestion.empty(); percent -= 5) {
      const int w = even(width * percent / 100);
      const int h = even(height * percent / 100);
      if (w < 16 || h < 16) break;
      try {
        (void)plan_for_format(tiles, w, h, format);
        suggestion = std::to_string(w) + "x" + std::to_string(h);
      } catch (const UsageError&) {
      }
    }
    const std::string limit = format == encode::Format::mp4
                                  ? "an mp4 browsers can play (H.264 level 5.2: at most " + std::to_string(kMaxMp4Side) +
                                        " pixels a side and 36864 macroblocks, e.g. 4096x2304)"
                                  : "a " + encode::format_name(format) + " of at most " +
                                        std::to_string(encode::max_side) + " pixels a side";
    throw UsageError("--tile-size " + std::to_string(o.tile_width) + "x" + std::to_string(o.tile_height) + ": " +
                     std::to_string(tiles) + " tile(s) do not fit in " + limit + "; " +
                     (suggestion.empty() ? std::string("compare fewer runs")
                                         : "give a smaller --tile-size, e.g. --tile-size " + suggestion));
  }
}

int write_compare_video(const std::vector<CompareTile>& tiles, const CompareVideoOptions& o,
                        const util::InterruptFlag& interrupt) {
  if (tiles.empty()) throw Error("comparison video: no run to show");
  // yuv420p needs even sides; even tiles make an even canvas.
  const TileGrid grid = plan_compare_canvas(tiles.size(), o);

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
    t.scenes.emplace(*t.record, o.mesh_resolution, t.record->checkpoints.size(), interrupt);
    t.views = t.scenes->plan_views(o.axes, interrupt);
  });
  if (interrupt.raised()) return 0;

  // Every tile at frame f (a run that stopped early holds its last frame), blitted into `canvas`.
  const auto draw = [&](std::size_t f, util::Frame& canvas) {
    parallel_for(state.size(), o.jobs, [&](std::size_t i) {
      TileState& t = state[i];
      const std::size_t k = std::min(f, t.record->checkpoints.size() - 1);
      if (static_cast<int>(k) == t.drawn) return;
      t.renderer->render(t.scenes->scene(k), t.views[k], t.frame);
      t.drawn = static_cast<int>(k);
    });
    if (canvas.width != grid.width() || canvas.height != grid.height()) canvas.resize(grid.width(), grid.height());
    fill(canvas, 0xFFFFFFFF);  // cells without a run stay white
    for (std::size_t i = 0; i < state.size(); ++i) blit(state[i].frame, grid.x(i), grid.y(i), canvas);
  };

  app::FramePipeline pipeline;
  pipeline.count = frames;
  pipeline.draw = draw;
  pipeline.output = o.output;
  pipeline.options = o.encode;
  pipeline.options.format = encode::resolve_format(o.output, o.encode.format);
  pipeline.options.width = grid.width();
  pipeline.options.height = grid.height();
  pipeline.palette_sample = 3;  // each sample frame is a whole canvas of tiles
  return app::run_frame_pipeline(pipeline, interrupt).written;
}

}  // namespace nnviz::sweep
