#include "nnviz/sweep/tiles.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "nnviz/util/error.hpp"

namespace nnviz::sweep {

TileGrid plan_tiles(std::size_t count, int tile_width, int tile_height, int max_side, long long max_macroblocks) {
  if (count == 0) throw Error("tiles: nothing to lay out");
  if (tile_width < 1 || tile_height < 1) throw UsageError("--tile-size: must be positive");
  TileGrid best;
  double best_score = -1;
  for (std::size_t c = 1; c <= count; ++c) {
    TileGrid g{static_cast<int>(c), static_cast<int>((count + c - 1) / c), tile_width, tile_height};
    if (static_cast<long long>(g.columns) * tile_width > max_side ||
        static_cast<long long>(g.rows) * tile_height > max_side)
      continue;
    const long long macroblocks = ((static_cast<long long>(g.width()) + 15) / 16) * ((static_cast<long long>(g.height()) + 15) / 16);
    if (max_macroblocks > 0 && macroblocks > max_macroblocks) continue;
    // Distance from 16:9 in log space, so too wide and too tall weigh alike.
    const double score = std::fabs(std::log(double(g.width()) / g.height() / (16.0 / 9.0)));
    if (best_score < 0 || score < best_score) {
      best = g;
      best_score = score;
    }
  }
  if (best_score < 0)
    throw UsageError("--tile-size " + std::to_string(tile_width) + "x" + std::to_string(tile_height) + ": " +
                     std::to_string(count) + " tile(s) do not fit in " + std::to_string(max_side) + " pixels a side" +
                     (max_macroblocks > 0 ? " and " + std::to_string(max_macroblocks * 256) + " pixels" : std::string()) +
                     "; give a smaller tile size");
  return best;
}

void blit(const util::Frame& tile, int x, int y, util::Frame& canvas) {
  const int x0 = std::max(0, x);
  const int y0 = std::max(0, y);
  const int x1 = std::min(canvas.width, x + tile.width);
  const int y1 = std::min(canvas.height, y + tile.height);
  if (x1 <= x0 || y1 <= y0) return;
  const std::size_t bytes = static_cast<std::size_t>(x1 - x0) * 4;
  for (int row = y0; row < y1; ++row) {
    const std::uint8_t* src = tile.pixels.data() + static_cast<std::size_t>(row - y) * tile.stride + 4 * (x0 - x);
    std::uint8_t* dst = canvas.pixels.data() + static_cast<std::size_t>(row) * canvas.stride + 4 * x0;
    std::memcpy(dst, src, bytes);
  }
}

void fill(util::Frame& frame, std::uint32_t argb) {
  // Frame pixels are native-endian 32-bit words (see util/frame.hpp): B, G, R, A bytes here.
  const std::uint8_t bgra[4] = {static_cast<std::uint8_t>(argb), static_cast<std::uint8_t>(argb >> 8),
                                static_cast<std::uint8_t>(argb >> 16), static_cast<std::uint8_t>(argb >> 24)};
  for (int row = 0; row < frame.height; ++row) {
    std::uint8_t* p = frame.pixels.data() + static_cast<std::size_t>(row) * frame.stride;
    for (int col = 0; col < frame.width; ++col) std::memcpy(p + 4 * col, bgra, 4);
  }
}

}  // namespace nnviz::sweep
