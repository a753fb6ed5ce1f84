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

// Renders tiles with one render::Renderer per run (tile size, the selected panels, no heading),
// copies them into the table's canvas, draws the headers and each tile's figures
// (render::TextPainter) and encodes it. Frames = the most frames of any run.
// Returns the frame count written (fewer when interrupted; 0 and no file when interrupted
// before the first). Throws UsageError/Error.
int write_compare_video(const std::vector<CompareTile>& tiles, const CompareVideoOptions& options,
                        const util::InterruptFlag& interrupt);

}  // namespace nnviz::sweep
