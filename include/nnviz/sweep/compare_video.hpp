#pragma once
// The comparison video: one tile per run, every tile at the same epoch in each frame, labelled
// with the run's settings and its live loss. A run that stopped early holds its last frame.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "nnviz/run/record.hpp"
#include "nnviz/encode/encoder.hpp"
#include "nnviz/render/renderer.hpp"
#include "nnviz/scene/axes.hpp"
#include "nnviz/sweep/tiles.hpp"

namespace nnviz::util {
class InterruptFlag;
}

namespace nnviz::sweep {

struct CompareTile {
  std::string label;  // drawn under the tile's heading
  std::shared_ptr<const run::RunRecord> record;
};

struct CompareVideoOptions {
  std::filesystem::path output;    // compare.mp4 or compare.gif
  encode::EncodeOptions encode;    // format, fps...; the size is the canvas's
  int tile_width = 400;
  int tile_height = 360;
  bool all_panels = false;         // false: only each run's input panel
  render::Style style = render::Style::surface;
  std::string palette = "seaborn";
  scene::AxesMode axes = scene::AxesMode::smooth;
  int mesh_resolution = 100;       // tiles are small; a 100x100 mesh is already finer than a pixel
  int jobs = 1;                    // threads rendering tiles
};

// The canvas of `tiles` tiles of `options`' size in its format. An mp4 canvas must play in
// browsers: H.264 level 5.2 at most (36864 macroblocks, e.g. 4096x2304) and 8192 pixels a side;
// a GIF at most encode::max_side a side. Throws UsageError naming --tile-size and a tile size that
// fits, so compare and report can refuse a canvas before any run or rendering starts.
TileGrid plan_compare_canvas(std::size_t tiles, const CompareVideoOptions& options);

// Renders tiles with one render::Renderer per run (tile-size, the selected panels, the label as
// caption), copies them into one canvas and encodes it. Frames = the most frames of any run.
// Returns the frame count written (fewer when interrupted; 0 and no file when interrupted
// before the first). Throws UsageError/Error.
int write_compare_video(const std::vector<CompareTile>& tiles, const CompareVideoOptions& options,
                        const util::InterruptFlag& interrupt);

}  // namespace nnviz::sweep
