#pragma once
// Tiles of equal size in a grid on one canvas: geometry and plain pixel copies (no Cairo).
#include <cstddef>
#include <cstdint>

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

// Copies `tile` into `canvas` with its top-left corner at (x, y); the part outside the canvas
// is cut off.
void blit(const util::Frame& tile, int x, int y, util::Frame& canvas);

// Every pixel of `frame` set to the 0xAARRGGBB word `argb`.
void fill(util::Frame& frame, std::uint32_t argb);

}  // namespace nnviz::sweep
