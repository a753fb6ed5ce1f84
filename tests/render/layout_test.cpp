#include "nnviz/render/layout.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <utility>
#include <vector>

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

TEST(layout, a_deep_network_is_laid_out_one_column_per_layer) {
  // Input, three hidden layers (pre-activation, activation), loss: 8 panels in network order.
  const PanelSet set{8, 3, true, true};
  ASSERT_TRUE(set.layered());
  const Layout l = make_layout(1800, 600, set, false);
  ASSERT_EQ(l.panels.size(), 8u);
  expect_sane(l);
  EXPECT_EQ(l.columns, 5);
  EXPECT_EQ(l.rows, 2);
  const auto centre_y = [](const PixelRect& r) { return r.y + r.height / 2.0; };
  for (int layer = 0; layer < 3; ++layer) {
    const PixelRect& pre = l.panels[static_cast<std::size_t>(1 + 2 * layer)];
    const PixelRect& post = l.panels[static_cast<std::size_t>(2 + 2 * layer)];
    EXPECT_EQ(pre.x, post.x) << "layer " << layer;         // one column
    EXPECT_GE(post.y, pre.bottom()) << "layer " << layer;  // pre-activation above activation
    EXPECT_GT(pre.x, l.panels[static_cast<std::size_t>(2 * layer)].x) << "layer " << layer;  // left to right
  }
  // The input and loss panels are centred between the two rows, at either end.
  const double middle = 0.5 * (centre_y(l.panels[1]) + centre_y(l.panels[2]));
  EXPECT_NEAR(centre_y(l.panels[0]), middle, 1.0);
  EXPECT_NEAR(centre_y(l.panels[7]), middle, 1.0);
  EXPECT_LT(l.panels[0].right(), l.panels[1].x);
  EXPECT_GT(l.panels[7].x, l.panels[6].right());
  EXPECT_NEAR(l.heading_centre_x, 0.5 * (l.panels[0].x + l.panels[7].right()), 1.0);
  // Not a network's layers (a selection such as input, activation 3, loss, or 5 panels in order):
  // the rows of a grid.
  EXPECT_FALSE((PanelSet{5, 0, false, false}.layered()));
  // The notebook's three are a network's layers too, but one row gives them larger panels.
  const PanelSet notebook{3, 1, true, false};
  ASSERT_TRUE(notebook.layered());
  EXPECT_EQ(make_layout(1800, 600, notebook, false).rows, 1);
}

// The box around the panels (their plot areas) as a fraction of the frame's width and height.
std::pair<double, double> panel_cover(const Layout& l) {
  int x0 = l.width, x1 = 0, y0 = l.height, y1 = 0;
  for (const PixelRect& p : l.panels) {
    x0 = std::min(x0, p.x), x1 = std::max(x1, p.right());
    y0 = std::min(y0, p.y), y1 = std::max(y1, p.bottom());
  }
  return {double(x1 - x0) / l.width, double(y1 - y0) / l.height};
}

TEST(layout, no_frame_shape_leaves_half_of_it_empty) {
  // The notebook's net, a 2-layer and a 3-layer net with and without the loss panel, at wide,
  // square, 16:9 and small sizes: the panels span most of the frame both ways.
  const std::vector<PanelSet> sets{{3, 1, true, false}, {4, 1, true, true}, {5, 2, true, false},
                                   {6, 2, true, true},  {7, 3, true, false}, {8, 3, true, true}};
  const std::vector<std::pair<int, int>> sizes{{1800, 600}, {1200, 1200}, {1920, 1080}, {900, 300}, {1280, 720},
                                               {1000, 1400}};
  for (const PanelSet& set : sets) {
    for (const auto& [w, h] : sizes) {
      const Layout l = make_layout(w, h, set, false);
      // Of the height under the heading band: at 900x300, text at its floor takes a sixth.
      const auto [cx, cy] = panel_cover(l);
      EXPECT_GE(cx, 0.5) << set.count << " panels at " << w << "x" << h;
      EXPECT_GE(cy * h / (h - l.heading_height), 0.5) << set.count << " panels at " << w << "x" << h;
      EXPECT_LT(l.heading_height, 0.2 * h) << set.count << " panels at " << w << "x" << h;
      // Each layer's pre-activation and activation panels side by side or one above the other.
      for (int layer = 0; layer < set.layers; ++layer) {
        const PixelRect& pre = l.panels[static_cast<std::size_t>(1 + 2 * layer)];
        const PixelRect& post = l.panels[static_cast<std::size_t>(2 + 2 * layer)];
        const bool beside = pre.y == post.y && post.x > pre.right() && post.x - pre.right() < pre.width;
        const bool below = pre.x == post.x && post.y > pre.bottom() && post.y - pre.bottom() < pre.height;
        EXPECT_TRUE(beside || below) << "layer " << layer << ", " << set.count << " panels at " << w << "x" << h;
      }
    }
  }
}

TEST(layout, a_square_frame_puts_the_notebooks_pair_in_a_column) {
  const Layout l = make_layout(1200, 1200, PanelSet{3, 1, true, false}, false);
  ASSERT_EQ(l.panels.size(), 3u);
  EXPECT_EQ(l.rows, 2);
  EXPECT_EQ(l.panels[1].x, l.panels[2].x);
  EXPECT_GT(l.panels[2].y, l.panels[1].bottom());
  EXPECT_GT(l.panels[0].width, make_layout(1200, 1200, PanelSet::in_order(3), false).panels[0].width * 0.99);
}

TEST(layout, text_never_falls_under_its_legible_floor) {
  // Tick labels at least 9 px and the heading at least 12 px at every size that lays out,
  // grids included; a large figure's text still grows with it.
  for (const auto& [w, h] : std::vector<std::pair<int, int>>{{600, 200}, {480, 270}, {900, 300}, {640, 360}}) {
    for (const PanelSet& set : {PanelSet{3, 1, true, false}, PanelSet{7, 3, true, false}, PanelSet::in_order(6)}) {
      const auto least = minimum_figure_size(w, h, set, false);
      ASSERT_TRUE(least.has_value());
      const Layout l = make_layout(std::max(w, least->first), std::max(h, least->second), set, false);
      EXPECT_GE(l.fonts.tick * l.text_pt, 9.0 - 1e-9) << w << "x" << h;
      EXPECT_GE(l.fonts.heading * l.text_pt, 12.0) << w << "x" << h;
    }
  }
  EXPECT_NEAR(make_layout(3600, 1200, 3, false).text_pt, 200.0 / 72.0, 1e-12);
}

TEST(layout, a_square_figure_gets_square_ish_panels_in_rows_that_touch) {
  for (const PanelSet& set : {PanelSet::in_order(3), PanelSet{7, 3, true, false}}) {
    const Layout l = make_layout(1200, 1200, set, false);
    ASSERT_EQ(static_cast<int>(l.panels.size()), set.count);
    expect_sane(l);
    for (const PixelRect& p : l.panels) {
      EXPECT_LE(p.height, p.width * 1.2 + 1) << set.count << " panels";  // not stretched
      EXPECT_LE(p.width, p.height * 1.2 + 1) << set.count << " panels";
    }
    // Rows one under the other with a gap of a title and tick labels (the row tops of the
    // panels that are not centred between rows).
    std::vector<int> tops;
    for (const PixelRect& p : l.panels) tops.push_back(p.y);
    std::sort(tops.begin(), tops.end());
    tops.erase(std::unique(tops.begin(), tops.end()), tops.end());
    EXPECT_GE(tops.size(), 2u) << set.count << " panels";
    for (std::size_t k = 1; k < tops.size(); ++k) {
      const int gap = tops[k] - (tops[k - 1] + l.panels[0].height);
      EXPECT_GT(gap, 0) << set.count << " panels";
      EXPECT_LT(gap, l.panels[0].height / 3) << set.count << " panels";
    }
    // The heading comes down with the panels instead of staying at the top of an empty band.
    EXPECT_LT(l.panels.front().y - l.heading_top, 0.2 * 1200) << set.count << " panels";
  }
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
