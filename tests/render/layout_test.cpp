#include "nnviz/render/layout.hpp"

#include <gtest/gtest.h>

#include "nnviz/util/error.hpp"

namespace nnviz::render {
namespace {

bool overlap(const PixelRect& a, const PixelRect& b) {
  return a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom();
}

void expect_sane(const Layout& l) {
  for (std::size_t i = 0; i < l.panels.size(); ++i) {
    const PixelRect& p = l.panels[i];
    EXPECT_GT(p.width, 50);
    EXPECT_GT(p.height, 50);
    EXPECT_GE(p.x, 0);
    EXPECT_LE(p.right(), l.width);
    EXPECT_GT(p.y, l.heading_top);
    EXPECT_LE(p.bottom(), l.height);
    for (std::size_t j = 0; j < i; ++j) EXPECT_FALSE(overlap(p, l.panels[j])) << i << " " << j;
  }
}

TEST(layout, notebook_figure_has_three_equal_panels_in_a_row) {
  const Layout l = make_layout(1800, 600, 3, false);
  ASSERT_EQ(l.panels.size(), 3u);
  EXPECT_EQ(l.rows, 1);
  expect_sane(l);
  EXPECT_EQ(l.panels[0].y, l.panels[2].y);
  EXPECT_EQ(l.panels[0].width, l.panels[1].width);
  EXPECT_NEAR(l.pt, 100.0 / 72.0, 1e-12);
  // The heading sits over the middle panel.
  EXPECT_NEAR(l.heading_centre_x, l.panels[1].x + 0.5 * l.panels[1].width, 2.0);
}

TEST(layout, a_right_axis_narrows_the_plot_area_from_the_right) {
  const Layout l = make_layout(1800, 600, 3, false);
  const PixelRect r = with_right_axis(l, l.panels[2]);
  EXPECT_EQ(r.x, l.panels[2].x);
  EXPECT_EQ(r.y, l.panels[2].y);
  EXPECT_EQ(r.height, l.panels[2].height);
  EXPECT_LT(r.width, l.panels[2].width - 20);  // room for "1.0" and "Accuracy"
  EXPECT_GT(r.width, l.panels[2].width / 2);
}

TEST(layout, seven_panels_form_a_grid) {
  const Layout l = make_layout(1800, 600, 7, false);
  ASSERT_EQ(l.panels.size(), 7u);
  EXPECT_GT(l.rows, 1);
  EXPECT_GE(l.columns * l.rows, 7);
  expect_sane(l);
  EXPECT_GT(l.panels.back().y, l.panels.front().y);
  EXPECT_LT(l.pt, 100.0 / 72.0);  // smaller text for smaller panels
}

TEST(layout, text_and_margins_scale_with_the_figure) {
  const Layout small = make_layout(900, 300, 3, false);
  const Layout big = make_layout(1800, 600, 3, true);
  EXPECT_NEAR(small.pt * 2, big.pt, 1e-12);
  expect_sane(small);
  expect_sane(big);
}

TEST(layout, too_small_a_figure_is_a_usage_error) {
  EXPECT_THROW(make_layout(60, 40, 3, false), UsageError);
  EXPECT_THROW(make_layout(1800, 600, 0, false), Error);
}

}  // namespace
}  // namespace nnviz::render
