#include "nnviz/sweep/compare_video.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/fmt/fmt.h>

#include "nnviz/app/frame_pipeline.hpp"
#include "nnviz/render/annotate.hpp"
#include "nnviz/scene/run_scenes.hpp"
#include "nnviz/sweep/tiles.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"

namespace nnviz::sweep {
namespace {

// One run's tile: what it needs to draw any of its frames (its record, mesh, projections and
// views: small next to a tile's pixels), and which frame the canvas shows of it.
struct TileState {
  const run::RunRecord* record = nullptr;
  std::optional<scene::RunScenes> scenes;  // mesh, projections
  std::vector<std::vector<scene::Bounds>> views;  // per frame of the run, per panel
  int drawn = -1;  // the frame of this run on the canvas; -1: none yet
};

// Runs body(i, t) for i in [0, n) on min(jobs, n) threads, t the thread's index, handing out
// indices as threads come free; rethrows the first error. Each i is touched by one thread only.
void parallel_for(std::size_t n, int jobs, const std::function<void(std::size_t, std::size_t)>& body) {
  const std::size_t threads = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, jobs)), n);
  if (threads <= 1) {
    for (std::size_t i = 0; i < n; ++i) body(i, 0);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::vector<std::exception_ptr> errors(threads);
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (std::size_t t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      try {
        for (std::size_t i = next++; i < n && !failed; i = next++) body(i, t);
      } catch (...) {
        errors[t] = std::current_exception();
        failed = true;
      }
    });
  for (std::thread& th : pool) th.join();
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

// Counts the scenes being drawn at once (CompareVideoStats::peak_scenes).
class SceneCount {
 public:
  class Guard {
   public:
    explicit Guard(SceneCount& c) : c_(c) {
      const std::size_t now = ++c_.live_;
      std::size_t peak = c_.peak_.load();
      while (now > peak && !c_.peak_.compare_exchange_weak(peak, now)) {
      }
    }
    ~Guard() { --c_.live_; }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;

   private:
    SceneCount& c_;
  };
  [[nodiscard]] std::size_t peak() const { return peak_.load(); }

 private:
  std::atomic<std::size_t> live_{0};
  std::atomic<std::size_t> peak_{0};
};

// What one drawing thread owns: a renderer and a text painter (each with its fonts) and one
// tile's pixels. The pool has min(jobs, tiles) of them, whatever the number of tiles.
struct TileWorker {
  explicit TileWorker(const render::RenderOptions& look) : renderer(look) {}
  render::Renderer renderer;
  render::TextPainter painter;
  util::Frame tile;
};

int even(int v) { return v + (v % 2); }

// H.264 level 5.2's largest frame (the highest level browsers decode), and a side every mp4
// player takes.
constexpr long long kMaxMp4Macroblocks = 36864;
constexpr int kMaxMp4Side = 8192;
constexpr int kTargetWidth = 1920;  // an automatic tile size aims at a full-HD wide canvas

bool fits(const TableGeometry& g, encode::Format format) {
  if (format != encode::Format::mp4) return g.width <= encode::max_side && g.height <= encode::max_side;
  const long long macroblocks = ((static_cast<long long>(g.width) + 15) / 16) * ((static_cast<long long>(g.height) + 15) / 16);
  return g.width <= kMaxMp4Side && g.height <= kMaxMp4Side && macroblocks <= kMaxMp4Macroblocks;
}

std::string size_text(int w, int h) { return std::to_string(w) + "x" + std::to_string(h); }

TableShape shape_of(const std::vector<CompareTile>& tiles, const CompareVideoOptions& o, int wrap) {
  std::vector<std::vector<std::pair<std::string, std::string>>> settings;
  std::vector<std::string> labels;
  for (const CompareTile& t : tiles) {
    settings.push_back(t.settings);
    labels.push_back(t.label);
  }
  return shape_table(o.sweep_axes, settings, labels, wrap);
}

}  // namespace

std::string tile_figures(const train::Metrics& m) {
  std::string s = fmt::format("loss {:.3f} \u00b7 acc {:.2f}", m.loss, m.accuracy);
  if (m.val_loss && m.val_accuracy) s += fmt::format(" \u00b7 val {:.3f} / {:.2f}", *m.val_loss, *m.val_accuracy);
  return s;
}

std::string tile_stopped_text(const run::RunRecord& r) {
  const int epoch = r.checkpoints.back().metrics.epoch;
  switch (r.reason) {
    case train::StopReason::diverged: return fmt::format("diverged at epoch {}", epoch);
    case train::StopReason::stop_loss: return fmt::format("stopped at epoch {}: reached --stop-loss", epoch);
    case train::StopReason::interrupted: return fmt::format("interrupted at epoch {}", epoch);
    case train::StopReason::epochs:
    case train::StopReason::stop_patience: break;
  }
  return fmt::format("ended at epoch {}", epoch);
}

double tile_figures_y(const render::Layout& l, bool all_panels, const TableFonts& fonts) {
  if (l.panels.empty()) return 0.5 * fonts.figure;
  int top = l.panels[0].y;
  for (const render::PixelRect& p : l.panels) top = std::min(top, p.y);
  // Above the panel titles (all panels) or the panel's top edge (the input panel: no title).
  const double title = all_panels ? l.text_pt * (l.fonts.title * 1.3 + 6) : 0.4 * fonts.figure;
  return std::max(0.0, top - title - 2.7 * fonts.figure);
}

CompareCanvas plan_compare_canvas(const std::vector<CompareTile>& tiles, const CompareVideoOptions& o) {
  if (tiles.empty()) throw Error("comparison video: no run to show");
  const encode::Format format = encode::resolve_format(o.output, o.encode.format);
  render::TextPainter painter;
  const TextWidth width_of = [&](const std::string& text, double px) { return painter.size(text, {px}).first; };
  const bool automatic = o.tile_width <= 0 || o.tile_height <= 0;
  const int base_w = automatic ? (o.all_panels ? 960 : 360) : even(o.tile_width);
  const int base_h = automatic ? 320 : even(o.tile_height);
  // One axis stays one row up to 8 values; longer, it wraps to keep the canvas near 16:9.
  const auto wrap_for = [&](int w, int h) { return std::max(8, plan_tiles(tiles.size(), w, h, 1 << 20).columns); };
  const auto at = [&](int w, int h) {
    CompareCanvas c;
    c.shape = shape_of(tiles, o, wrap_for(w, h));
    c.geometry = table_geometry(c.shape, w, h, width_of);
    return c;
  };
  if (!automatic) {
    CompareCanvas c = at(base_w, base_h);
    if (fits(c.geometry, format)) return c;
  } else {
    // From 4/3 of the default down to the default: the largest whose canvas is about
    // kTargetWidth wide (or fewer); then down to 2/3 while the limits need it.
    const CompareCanvas base = at(base_w, base_h);
    const int columns = base.shape.columns;
    const int room = kTargetWidth - base.geometry.row_header_width;
    const int wanted = std::clamp(room / std::max(1, columns), base_w, base_w * 4 / 3);
    for (int w = even(wanted); w >= base_w * 2 / 3; w -= 2) {
      const int h = even(static_cast<int>(std::lround(double(w) * base_h / base_w)));
      CompareCanvas c = at(w, h);
      if (fits(c.geometry, format)) return c;
    }
  }
  // The largest tile of the same shape that fits, as the suggestion.
  std::string suggestion;
  for (int percent = 95; percent >= 5 && suggestion.empty(); percent -= 5) {
    const int w = even(base_w * percent / 100);
    const int h = even(base_h * percent / 100);
    if (w < 16 || h < 16) break;
    if (fits(at(w, h).geometry, format)) suggestion = size_text(w, h);
  }
  const std::string limit = format == encode::Format::mp4
                                ? "an mp4 browsers can play (H.264 level 5.2: at most " + std::to_string(kMaxMp4Side) +
                                      " pixels a side and 36864 macroblocks, e.g. 4096x2304)"
                                : "a " + encode::format_name(format) + " of at most " +
                                      std::to_string(encode::max_side) + " pixels a side";
  const std::string what = automatic ? "even at the smallest legible tile size, " +
                                           size_text(even(base_w * 2 / 3), even(base_h * 2 / 3)) + ", "
                                     : "--tile-size " + size_text(o.tile_width, o.tile_height) + ": ";
  throw UsageError(what + std::to_string(tiles.size()) + " tile(s) do not fit in " + limit + "; " +
                   (suggestion.empty() ? std::string("compare fewer runs")
                                       : (automatic ? "compare fewer runs, or give a smaller --tile-size, e.g. --tile-size "
                                                    : "give a smaller --tile-size, e.g. --tile-size ") +
                                             suggestion));
}

int write_compare_video(const std::vector<CompareTile>& tiles, const CompareVideoOptions& o,
                        const util::InterruptFlag& interrupt, CompareVideoStats* stats) {
  if (tiles.empty()) throw Error("comparison video: no run to show");
  // yuv420p needs even sides: table_geometry makes an even canvas.
  const CompareCanvas plan = plan_compare_canvas(tiles, o);
  const TableShape& shape = plan.shape;
  const TableGeometry& g = plan.geometry;

  render::RenderOptions look;
  look.width = g.tile_width;
  look.height = g.tile_height;
  look.style = o.style;
  look.palette = o.palette;
  look.heading = false;  // one heading for the canvas; each tile's figures drawn below
  if (!o.all_panels) look.panels = {render::PanelChoice{scene::PanelKind::input}};
  // Text and markers follow the tile's panel cell (render/layout.hpp), as in any figure.
  look.scale = 1.0;

  std::vector<TileState> state(tiles.size());
  std::size_t frames = 0;
  for (std::size_t i = 0; i < tiles.size(); ++i) {
    if (!tiles[i].record || tiles[i].record->checkpoints.empty()) throw Error("comparison video: a run has no frames");
    state[i].record = tiles[i].record.get();
    frames = std::max(frames, scene::RunScenes::frame_count(tiles[i].record->checkpoints.size(), o.tween));
  }
  // The drawing threads' renderers, made before any planning so that a bad look fails first.
  const std::size_t workers_count = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, o.jobs)), tiles.size());
  std::vector<std::unique_ptr<TileWorker>> workers;
  for (std::size_t t = 0; t < workers_count; ++t) workers.push_back(std::make_unique<TileWorker>(look));
  SceneCount scenes_drawn;
  const auto report_stats = [&] {
    if (!stats) return;
    stats->renderers = workers.size();
    stats->tile_frames = workers.size();
    stats->peak_scenes = scenes_drawn.peak();
  };
  // Each run's mesh, projections and views (planning builds its frames' scenes one at a time).
  parallel_for(state.size(), o.jobs, [&](std::size_t i, std::size_t) {
    TileState& t = state[i];
    t.scenes.emplace(*t.record, o.mesh_resolution, t.record->checkpoints.size(), interrupt, o.tween);
    t.views = t.scenes->plan_views(o.axes, interrupt);
  });
  if (interrupt.raised()) {
    report_stats();
    return 0;
  }

  // What every tile shows, said once: the heading's second line.
  const render::TextStyle heading{g.fonts.heading, true};
  const render::TextStyle header{g.fonts.header, false};
  render::TextPainter painter;
  // What every tile shows, said once: the heading's second line. On a canvas too narrow for all
  // of it, the figures' note goes first, then the count (the rows' and columns' titles explain
  // the table); what still does not fit is cut with an ellipsis, never at the canvas's edges.
  const std::string shown = o.all_panels ? "every panel" : "the input space";
  std::vector<std::string> parts = {fmt::format("{} run(s), each tile {}", tiles.size(), shown)};
  if (!shape.rows_title.empty()) parts.push_back("rows: " + shape.rows_title);
  if (!shape.columns_title.empty()) parts.push_back("columns: " + shape.columns_title);
  parts.push_back("figures: training loss, accuracy");
  const auto joined = [](const std::vector<std::string>& list) {
    std::string out;
    for (const std::string& part : list) out += (out.empty() ? "" : " \u00b7 ") + part;
    return out;
  };
  const double room = g.width - 2.0 * g.fonts.header;
  std::string subheading = joined(parts);
  if (painter.size(subheading, header).first > room && parts.size() > 1) {
    parts.pop_back();  // the figures
    subheading = joined(parts);
  }
  if (painter.size(subheading, header).first > room && parts.size() > 1) {
    parts.erase(parts.begin());  // the count
    subheading = joined(parts);
  }
  const std::string whole = subheading;
  for (std::size_t cut = whole.size(); cut > 0 && painter.size(subheading, header).first > room;) {
    --cut;  // to the previous character's start (UTF-8)
    while (cut > 0 && (static_cast<unsigned char>(whole[cut]) & 0xC0) == 0x80) --cut;
    subheading = whole.substr(0, cut) + "\u2026";
  }

  const render::TextStyle figure{g.fonts.figure, false};
  const render::TextStyle stopped{g.fonts.figure, true, 0xFFB2182B};  // the palette's red: this run is done
  // The canvas: everything that does not change from frame to frame (white, the headers) drawn
  // once; then it keeps every tile as last drawn, and each frame draws over it only the tiles
  // that change and the epoch.
  util::Frame canvas;
  canvas.resize(g.width, g.height);
  fill(canvas, 0xFFFFFFFF);
  for (int r = 0; r < shape.rows; ++r) {
    if (r < static_cast<int>(shape.row_headers.size()))
      painter.draw(canvas, shape.row_headers[static_cast<std::size_t>(r)], header, g.row_header_width - g.fonts.header,
                   g.tile_y(r, shape.wrapped) + 0.5 * g.tile_height, 1.0, 0.5);
    if (r > 0 && !shape.wrapped) continue;
    for (int c = 0; c < shape.columns; ++c) {
      const std::size_t k = static_cast<std::size_t>(shape.wrapped ? r * shape.columns + c : c);
      if (k < shape.column_headers.size())
        painter.draw(canvas, shape.column_headers[k], header, g.tile_x(c) + 0.5 * g.tile_width,
                     g.band_y(r, shape.wrapped) + g.header_height - 0.25 * g.fonts.header, 0.5, 1.0);
    }
  }
  if (!shape.rows_title.empty())  // over the row headers, level with the column headers
    painter.draw(canvas, shape.rows_title, header, g.row_header_width - g.fonts.header,
                 g.band_y(0, shape.wrapped) + g.header_height - 0.25 * g.fonts.header, 1.0, 1.0);
  const double subheading_y = g.fonts.heading * 1.3 + 0.3 * g.fonts.header;
  painter.draw(canvas, subheading, header, 0.5 * g.width, subheading_y, 0.5, 0);
  if (o.legend) {
    // The key at the right of the heading's two lines, clear of them (of the widest "Epoch N").
    const bool held_out = std::any_of(tiles.begin(), tiles.end(),
                                      [](const CompareTile& t) { return t.record->validation.size() > 0; });
    const double clear = 1.5 * g.fonts.header;
    int last_epoch = 0;
    for (const CompareTile& t : tiles) last_epoch = std::max(last_epoch, t.record->checkpoints.back().metrics.epoch);
    const double epoch_w = painter.size("Epoch " + std::to_string(last_epoch), heading).first;
    painter.draw_key(canvas, o.palette, held_out, g.fonts.header, g.width - g.fonts.header,
                     0.25 * g.fonts.heading + 0.6 * g.fonts.heading, subheading_y + 0.6 * g.fonts.header,
                     0.5 * (g.width + epoch_w) + clear, 0.5 * (g.width + painter.size(subheading, header).first) + clear);
  }
  // The heading band as drawn so far (the epoch goes over it in each frame): the rows above
  // the first band of column headers.
  util::Frame heading_band;
  heading_band.resize(g.width, std::min(g.height, g.heading_height));
  std::copy_n(canvas.pixels.begin(), heading_band.pixels.size(), heading_band.pixels.begin());

  // Frame f's tiles that differ from what the canvas shows, drawn by the workers: each renders
  // the run's frame (a run that stopped early holds its last), draws its figures into the tile
  // (and, from a short run's last frame on, why it ended) and copies it to the tile's cell, which
  // no other tile touches.
  const std::size_t last = frames - 1;
  std::vector<std::size_t> changed;
  const auto draw = [&](std::size_t f, util::Frame& out) {
    changed.clear();
    for (std::size_t i = 0; i < state.size(); ++i)
      if (static_cast<int>(std::min(f, state[i].scenes->size() - 1)) != state[i].drawn) changed.push_back(i);
    parallel_for(changed.size(), static_cast<int>(workers.size()), [&](std::size_t c, std::size_t w) {
      const std::size_t i = changed[c];
      TileState& t = state[i];
      TileWorker& worker = *workers[w];
      const std::size_t k = std::min(f, t.scenes->size() - 1);
      {
        const SceneCount::Guard counted(scenes_drawn);
        scene::Scene sc = t.scenes->scene(k);
        if (!o.all_panels)  // the heading says what the one panel is
          for (scene::Panel& p : sc.panels) p.title.clear();
        worker.renderer.render(sc, t.views[k], worker.tile);
      }
      const double fy = tile_figures_y(worker.renderer.layout(), o.all_panels, g.fonts);
      worker.painter.draw(worker.tile, tile_figures(t.record->checkpoints[t.scenes->point(k).snapshot].metrics),
                          figure, 0.5 * g.tile_width, fy, 0.5, 0);
      // Shorter than the longest run: from its last frame on it holds that frame, and says why.
      if (t.scenes->size() < frames && k + 1 == t.scenes->size())
        worker.painter.draw(worker.tile, tile_stopped_text(*t.record), stopped, 0.5 * g.tile_width,
                            fy + 1.2 * g.fonts.figure, 0.5, 0);
      const auto [row, column] = shape.cells[i];
      blit(worker.tile, g.tile_x(column), g.tile_y(row, shape.wrapped), canvas);
      t.drawn = static_cast<int>(k);
    });
    blit(heading_band, 0, 0, canvas);
    const int epoch = [&] {
      for (const TileState& t : state)
        if (t.scenes->size() == frames)
          return t.record->checkpoints[t.scenes->point(std::min(f, last)).snapshot].metrics.epoch;
      return static_cast<int>(f);
    }();
    painter.draw(canvas, "Epoch " + std::to_string(epoch), heading, 0.5 * g.width, 0.25 * g.fonts.heading, 0.5, 0);
    if (out.width != canvas.width || out.height != canvas.height || out.stride != canvas.stride)
      out.resize(canvas.width, canvas.height);
    std::copy(canvas.pixels.begin(), canvas.pixels.end(), out.pixels.begin());
  };

  app::FramePipeline pipeline;
  pipeline.count = frames;
  pipeline.draw = draw;
  pipeline.output = o.output;
  pipeline.options = o.encode;
  pipeline.options.format = encode::resolve_format(o.output, o.encode.format);
  pipeline.options.width = g.width;
  pipeline.options.height = g.height;
  pipeline.palette_sample = 3;  // each sample frame is a whole canvas of tiles
  const int written = app::run_frame_pipeline(pipeline, interrupt).written;
  report_stats();
  return written;
}

}  // namespace nnviz::sweep
