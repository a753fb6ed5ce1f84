// Tiles: grid geometry and plain pixel copies.
#include "nnviz/sweep/tiles.hpp"

#include <gtest/gtest.h>

#include "nnviz/util/error.hpp"

namespace {
using namespace nnviz::sweep;

TEST(tiles, grid_is_close_to_16_by_9_and_holds_every_tile) {
  const TileGrid g = plan_tiles(30, 360, 320, 16384);
  EXPECT_GE(g.columns * g.rows, 30);
  EXPECT_LT((g.rows - 1) * g.columns, 30);  // no empty row
  const double aspect = double(g.width()) / g.height();
  EXPECT_GT(aspect, 1.2);
  EXPECT_LT(aspect, 2.4);
  EXPECT_EQ(plan_tiles(1, 100, 80, 16384).columns, 1);
}

TEST(tiles, too_many_large_tiles_are_a_usage_error) {
  EXPECT_THROW(plan_tiles(10000, 4000, 4000, 16384), nnviz::UsageError);
}

TEST(tiles, blit_copies_pixels_to_their_place_and_clips) {
  nnviz::util::Frame canvas;
  canvas.resize(8, 6);
  fill(canvas, 0xFFFFFFFF);
  nnviz::util::Frame tile;
  tile.resize(3, 2);
  fill(tile, 0xFF102030);
  blit(tile, 2, 1, canvas);
  EXPECT_EQ(canvas.argb(2, 1), 0xFF102030U);
  EXPECT_EQ(canvas.argb(4, 2), 0xFF102030U);
  EXPECT_EQ(canvas.argb(5, 1), 0xFFFFFFFFU);
  EXPECT_EQ(canvas.argb(2, 3), 0xFFFFFFFFU);
  blit(tile, 6, 5, canvas);  // half outside
  EXPECT_EQ(canvas.argb(7, 5), 0xFF102030U);
  const TileGrid g{3, 2, 10, 20};
  EXPECT_EQ(g.x(4), 10);
  EXPECT_EQ(g.y(4), 20);
}

}  // namespace
