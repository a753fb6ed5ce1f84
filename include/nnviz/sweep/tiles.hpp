#pragma once
// Tiles of equal size in a grid on one canvas: geometry and plain pixel copies (no Cairo).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "nnviz/sweep/grid.hpp"
#include "nnviz/util/frame.hpp"

namespace nnviz::sweep {

struct TileGrid {
  int columns = 1;
  int rows = 1;
  int tile_width = 0;
  int tile_height = 0;
  [[nodiscard]] int width() const { return columns * tile_width; }
  [[nodiscard]] int height() const { return rows * tile_height; }
  // Top-left pixel of tile `i`, filled row by row.
  [[nodiscard]] int x(std::size_t i) const { return static_cast<int>(i % static_cast<std::size_t>(columns)) * tile_width; }
  [[nodiscard]] int y(std::size_t i) const { return static_cast<int>(i / static_cast<std::size_t>(columns)) * tile_height; }
};

// The column count whose canvas is closest to 16:9 (videos play full screen) while both sides
// stay within `max_side`. Throws UsageError when even the narrowest fit is too large (the
// message suggests a smaller --tile-size).
// With `max_macroblocks` > 0, the canvas also holds at most that many 16x16 macroblocks (an
// H.264 level's largest frame).
TileGrid plan_tiles(std::size_t count, int tile_width, int tile_height, int max_side, long long max_macroblocks = 0);

// A sweep's runs as a table: columns are the seeds when seeds are swept, else the axis with the
// most values; rows are the product of the other varying axes, the first slowest (the order the
// values were given). With one varying axis the table is one row, wrapped into `wrap` columns
// when longer (then every row has its own column headers). Axes with one value are not shown.
struct TableShape {
  int rows = 1;
  int columns = 1;
  bool wrapped = false;  // one axis over several rows: column headers per row
  std::vector<std::string> row_headers;     // one per row ("tanh · lr 0.1"), empty when one row
  std::vector<std::string> column_headers;  // one per cell of a row; per cell (rows x columns) when wrapped
  std::vector<std::pair<int, int>> cells;   // per tile: (row, column)
  std::string rows_title, columns_title;    // "activation · lr", "seed"
};

// `settings[i]` is tile i's (axis key, value) pairs. A tile whose settings do not name a value of
// every varying axis, or no axes at all, puts the tiles in one wrapped row headed by `labels`.
// Two tiles in one cell: UsageError is not the user's to fix, so nnviz::Error.
TableShape shape_table(const std::vector<Axis>& axes,
                       const std::vector<std::vector<std::pair<std::string, std::string>>>& settings,
                       const std::vector<std::string>& labels, int wrap);

// Text sizes of a table canvas, in pixels.
struct TableFonts {
  double heading = 20;  // the epoch, bold
  double header = 14;   // row and column headers, the subheading
  double figure = 11;   // a tile's own figures
};

// Where everything goes on the canvas: the heading band on top, the column headers' band (one
// above every row when wrapped), the row headers' band on the left, the tiles.
struct TableGeometry {
  int width = 0, height = 0;  // even
  int tile_width = 0, tile_height = 0;
  int row_header_width = 0;   // 0 when one row
  int heading_height = 0;     // the epoch and what is shown
  int header_height = 0;      // one band of column headers
  TableFonts fonts;
  [[nodiscard]] int tile_x(int column) const { return row_header_width + column * tile_width; }
  [[nodiscard]] int band_y(int row, bool wrapped) const {  // a row's column-header band
    return heading_height + row * tile_height + (wrapped ? row : 0) * header_height;
  }
  [[nodiscard]] int tile_y(int row, bool wrapped) const {
    return heading_height + header_height + row * tile_height + (wrapped ? row : 0) * header_height;
  }
};

// How wide a text is in pixels at a size in pixels (render::TextPainter::size in the video; any
// estimate in plain geometry).
using TextWidth = std::function<double(const std::string& text, double size_px)>;
// The canvas of `shape` with tiles of tile_width x tile_height. Fonts grow with the tile, never
// under the legible floors: headers 12..20 px, a tile's figures 9..16 px.
TableGeometry table_geometry(const TableShape& shape, int tile_width, int tile_height, const TextWidth& text_width);

// Copies `tile` into `canvas` with its top-left corner at (x, y); the part outside the canvas
// is cut off.
void blit(const util::Frame& tile, int x, int y, util::Frame& canvas);

// Every pixel of `frame` set to the 0xAARRGGBB word `argb`.
void fill(util::Frame& frame, std::uint32_t argb);

}  // namespace nnviz::sweep
