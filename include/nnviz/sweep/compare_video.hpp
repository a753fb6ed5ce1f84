#pragma once
// The comparison video: one tile per run, every tile at the same epoch in each frame, laid out
// as a table of the sweep (rows: settings, columns: seeds; sweep/tiles.hpp), one heading with the
// epoch, headers naming rows and columns, each tile with its live loss and accuracy only. A run
// that stopped early holds its last frame and says so ("stopped at epoch 18: --stop-loss").
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "nnviz/run/record.hpp"
#include "nnviz/encode/encoder.hpp"
#include "nnviz/render/layout.hpp"
#include "nnviz/render/renderer.hpp"
#include "nnviz/scene/axes.hpp"
#include "nnviz/sweep/grid.hpp"
#include "nnviz/sweep/tiles.hpp"

namespace nnviz::util {
class InterruptFlag;
}

namespace nnviz::sweep {

struct CompareTile {
  std::string label;  // the run's varying settings; heads its cell when the table has no axes
  std::shared_ptr<const run::RunRecord> record;  // may be unset when only planning the canvas
  std::vector<std::pair<std::string, std::string>> settings;  // (axis key, value), as the grid's
};

struct CompareVideoOptions {
  std::filesystem::path output;    // compare.mp4 or compare.gif
  encode::EncodeOptions encode;    // format, fps...; the size is the canvas's
  // 0 x 0: chosen from the table (auto_tile_size); otherwise --tile-size, honoured.
  int tile_width = 0;
  int tile_height = 0;
  std::vector<Axis> sweep_axes;    // the grid's axes: rows and columns of the table
  bool all_panels = false;         // false: only each run's input panel
  render::Style style = render::Style::surface;
  std::string palette = "seaborn";
  bool legend = true;              // the key at the heading's right (render::TextPainter::draw_key)
  scene::AxesMode axes = scene::AxesMode::smooth;
  int mesh_resolution = 100;       // tiles are small; a 100x100 mesh is already finer than a pixel
  int jobs = 1;                    // threads rendering tiles
  int tween = 0;                   // in-between frames after each snapshot (scene::RunScenes)
};

struct CompareCanvas {
  TableShape shape;
  TableGeometry geometry;
};

// The table of `tiles` (their settings against options.sweep_axes) and its canvas in the
// options' format, header bands included. An mp4 canvas must play in browsers: H.264 level 5.2
// at most (36864 macroblocks, e.g. 4096x2304) and 8192 pixels a side; a GIF at most
// encode::max_side a side. Without a tile size, the largest tile of the default shape (360x320,
// 960x320 with all panels) from that size up to 4/3 of it that keeps the canvas about 1920 pixels
// wide, shrunk when the limits need it down to 2/3 of the default (the text floors). Throws
// UsageError naming --tile-size and a tile size that fits (or "compare fewer runs"), so compare
// and report can refuse a canvas before any run or rendering starts.
CompareCanvas plan_compare_canvas(const std::vector<CompareTile>& tiles, const CompareVideoOptions& options);

// What write_compare_video held at once, for tests of its memory bound: whatever the number of
// tiles, at most min(jobs, tiles) of each (a renderer comes with its fonts, sprites and Cairo
// surface; a scene holds a frame's mesh mapped through the network).
struct CompareVideoStats {
  std::size_t renderers = 0;    // render::Renderer made (each drawing any tile)
  std::size_t tile_frames = 0;  // tile-sized pixel buffers made
  std::size_t peak_scenes = 0;  // most scene::Scene being drawn at one time
};

// Streams the comparison video frame by frame: a run's tile is drawn from its record when it
// changes (a run that stopped holds its last frame), by a pool of min(jobs, tiles) workers,
// each with one render::Renderer (tile size, the selected panels, no heading) and one tile
// buffer; it draws the tile's figures into the tile and copies it into the one canvas, which
// keeps the tiles that did not change. Per run only its record, mesh, projections and planned
// views stay; nothing the size of a tile or a scene. Then the heading's epoch, and the encoder
// gets the canvas. Frames = the most frames of any run.
// Returns the frame count written (fewer when interrupted; 0 and no file when interrupted
// before the first). Throws UsageError/Error.
int write_compare_video(const std::vector<CompareTile>& tiles, const CompareVideoOptions& options,
                        const util::InterruptFlag& interrupt, CompareVideoStats* stats = nullptr);

// A tile's figures line: its live loss and accuracy (validation's too when held out).
std::string tile_figures(const train::Metrics& metrics);
// Under the figures of a run shorter than the longest, from its last frame on: why it ended
// ("stopped at epoch 18: reached --stop-loss").
std::string tile_stopped_text(const run::RunRecord& record);
// The top of a tile's figures line in the tile, from the layout its renderer made (the room
// above the panels: the tile has no heading).
double tile_figures_y(const render::Layout& layout, bool all_panels, const TableFonts& fonts);

}  // namespace nnviz::sweep
