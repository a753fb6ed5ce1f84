#include "nnviz/render/viewport.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "nnviz/util/error.hpp"

namespace nnviz::render {
namespace {

TEST(viewport, maps_view_corners_to_rect_edges_with_y_up) {
  const Viewport vp({100, 50, 400, 200}, {-2, 2, -1, 3});
  EXPECT_DOUBLE_EQ(vp.px(-2), 100);
  EXPECT_DOUBLE_EQ(vp.px(2), 500);
  EXPECT_DOUBLE_EQ(vp.py(3), 50);   // top edge: ymax
  EXPECT_DOUBLE_EQ(vp.py(-1), 250); // bottom edge: ymin
  EXPECT_DOUBLE_EQ(vp.scale_x(), 100);
  EXPECT_DOUBLE_EQ(vp.scale_y(), 50);
}

TEST(viewport, round_trips_data_through_pixels) {
  const Viewport vp({13, 7, 333, 257}, {-1.7, 2.9, -0.3, 0.8});
  for (double x : {-1.7, -0.2, 1.234, 2.9})
    for (double y : {-0.3, 0.0, 0.55, 0.8}) {
      EXPECT_NEAR(vp.data_x(vp.px(x)), x, 1e-12);
      EXPECT_NEAR(vp.data_y(vp.py(y)), y, 1e-12);
    }
}

TEST(viewport, widens_a_flat_view_instead_of_dividing_by_zero) {
  const Viewport vp({0, 0, 100, 100}, {0, 0, 2, 2});  // a dead ReLU unit
  EXPECT_TRUE(std::isfinite(vp.scale_x()));
  EXPECT_TRUE(std::isfinite(vp.scale_y()));
  EXPECT_NEAR(vp.px(0), 50, 1e-9);
  EXPECT_NEAR(vp.py(2), 50, 1e-9);
}

TEST(viewport, rejects_non_finite_views_and_empty_rects) {
  EXPECT_THROW(Viewport({0, 0, 10, 10}, {0, std::nan(""), 0, 1}), Error);
  EXPECT_THROW(Viewport({0, 0, 10, 10}, {0, INFINITY, 0, 1}), Error);
  EXPECT_THROW(Viewport({0, 0, 0, 10}, {0, 1, 0, 1}), Error);
}

}  // namespace
}  // namespace nnviz::render
