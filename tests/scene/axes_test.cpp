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

TEST(axes, smooth_shows_the_first_frame_at_its_own_scale_not_a_later_wider_one) {
  // The untrained network's hidden data are small and grow tenfold within a few frames; the
  // look-ahead must not draw frame 0 at frame 6's range (issue: ~15% of the panel filled).
  std::vector<std::vector<Bounds>> t;
  for (int f = 0; f < 20; ++f) {
    const double s = f < 3 ? 0.1 : 1.0 + 0.05 * f;
    t.push_back({Bounds{-s, s, -0.5 * s, 0.5 * s}});
  }
  const auto v = nnviz::scene::plan_views(t, nnviz::scene::AxesMode::smooth);
  for (std::size_t f = 0; f < t.size(); ++f) {
    EXPECT_TRUE(contains(v[f][0], t[f][0])) << f;
    // The data span at least two thirds of each axis.
    EXPECT_GE(t[f][0].width() / v[f][0].width(), 2.0 / 3.0 - 1e-12) << f;
    EXPECT_GE(t[f][0].height() / v[f][0].height(), 2.0 / 3.0 - 1e-12) << f;
  }
  // It still anticipates a little: frame 2 is wider than its own padded box.
  EXPECT_GT(v[2][0].width(), nnviz::scene::padded(t[2][0]).width());
}

TEST(axes, smooth_keeps_a_collapsed_axis_readable) {
  // A dead layer: every point at x = 3. Its view keeps padded()'s readable range.
  std::vector<std::vector<Bounds>> t(5, std::vector<Bounds>{Bounds{3, 3, -1, 1}});
  t.push_back({Bounds{0, 6, -1, 1}});
  const auto v = nnviz::scene::plan_views(t, nnviz::scene::AxesMode::smooth);
  EXPECT_NEAR(v[0][0].width(), nnviz::scene::padded(t[0][0]).width(), 1e-12);
  EXPECT_TRUE(contains(v[5][0], t[5][0]));
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
