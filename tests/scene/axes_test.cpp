#include <gtest/gtest.h>

#include "nnviz/scene/axes.hpp"
#include "nnviz/util/error.hpp"

namespace {
using nnviz::scene::Bounds;

bool contains(const Bounds& outer, const Bounds& inner) {
  return outer.xmin <= inner.xmin && outer.xmax >= inner.xmax && outer.ymin <= inner.ymin && outer.ymax >= inner.ymax;
}

// One panel whose data drift right and grow over 30 frames, then jump.
std::vector<std::vector<Bounds>> drifting() {
  std::vector<std::vector<Bounds>> t;
  for (int f = 0; f < 30; ++f) {
    const double s = 1.0 + 0.1 * f;
    t.push_back({Bounds{f * 0.2 - s, f * 0.2 + s, -s, s}});
  }
  t.push_back({Bounds{50, 60, -1, 1}});
  return t;
}

TEST(axes, padded_adds_five_percent_per_side) {
  const Bounds b = nnviz::scene::padded({0, 10, -1, 1});
  EXPECT_DOUBLE_EQ(b.xmin, -0.5);
  EXPECT_DOUBLE_EQ(b.xmax, 10.5);
  EXPECT_DOUBLE_EQ(b.ymin, -1.1);
  EXPECT_DOUBLE_EQ(b.ymax, 1.1);
}

TEST(axes, a_collapsed_range_becomes_readable) {
  const Bounds b = nnviz::scene::padded({3, 3, 0, 0});
  EXPECT_GT(b.width(), 0.05);
  EXPECT_GT(b.height(), 0.05);
  EXPECT_LT(b.xmin, 3.0);
  EXPECT_GT(b.xmax, 3.0);
}

TEST(axes, fixed_is_the_union_over_all_frames) {
  const auto t = drifting();
  const auto v = nnviz::scene::plan_views(t, nnviz::scene::AxesMode::fixed);
  for (std::size_t f = 1; f < v.size(); ++f) {
    EXPECT_DOUBLE_EQ(v[f][0].xmin, v[0][0].xmin);
    EXPECT_DOUBLE_EQ(v[f][0].xmax, v[0][0].xmax);
  }
  for (const auto& frame : t) EXPECT_TRUE(contains(v[0][0], frame[0]));
}

TEST(axes, auto_fits_each_frame) {
  const auto t = drifting();
  const auto v = nnviz::scene::plan_views(t, nnviz::scene::AxesMode::auto_fit);
  for (std::size_t f = 0; f < t.size(); ++f) {
    const Bounds p = nnviz::scene::padded(t[f][0]);
    EXPECT_DOUBLE_EQ(v[f][0].xmin, p.xmin);
    EXPECT_DOUBLE_EQ(v[f][0].ymax, p.ymax);
  }
}

TEST(axes, smooth_never_cuts_a_point_off_and_moves_less_than_auto) {
  const auto t = drifting();
  const auto smooth = nnviz::scene::plan_views(t, nnviz::scene::AxesMode::smooth);
  const auto fit = nnviz::scene::plan_views(t, nnviz::scene::AxesMode::auto_fit);
  for (std::size_t f = 0; f < t.size(); ++f) EXPECT_TRUE(contains(smooth[f][0], nnviz::scene::padded(t[f][0]))) << f;
  // After the jump, smooth still shows more than the frame's own box (it shrinks gradually) ...
  EXPECT_LT(smooth.back()[0].xmin, fit.back()[0].xmin);
  // ... and it is no wider than the union of everything (fixed).
  const auto fixed = nnviz::scene::plan_views(t, nnviz::scene::AxesMode::fixed);
  EXPECT_GE(smooth.back()[0].xmin, fixed.back()[0].xmin);
}

TEST(axes, unknown_mode_lists_the_valid_ones) {
  try {
    nnviz::scene::parse_axes_mode("wobbly");
    FAIL();
  } catch (const nnviz::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("auto, fixed, smooth"), std::string::npos);
  }
}

}  // namespace
