#include "nnviz/render/renderer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <variant>

#include "nnviz/render/layout.hpp"
#include "nnviz/render/loss_panel.hpp"
#include "nnviz/render/palette.hpp"
#include "nnviz/render/panels.hpp"
#include "nnviz/scene/axes.hpp"
#include "nnviz/util/error.hpp"
#include "neurons_draw.hpp"
#include "unit_draw.hpp"

namespace nnviz::render {
namespace {

// A hand-made scene: every panel shows a res x res grid over [-1, 1]^2 (scaled by `mesh_scale`
// in the hidden panels) whose left half has P(class 1) = 0 and right half 1, and two data
// points: (-0.5, 0.5) of class 0 and (0.5, -0.5) of class 1. Views are [-1.2, 1.2]^2.
struct TestScene {
  scene::Scene scene;
  std::vector<scene::Bounds> view;
};

TestScene make_scene(int panels, int res = 20, double mesh_scale = 0.5) {
  TestScene t;
  scene::Scene& s = t.scene;
  s.mesh_resolution = res;
  s.mesh_prob.resize(res * res);
  Eigen::MatrixXd grid(res * res, 2);
  for (int iy = 0; iy < res; ++iy)
    for (int ix = 0; ix < res; ++ix) {
      const int k = iy * res + ix;
      grid(k, 0) = -1 + 2.0 * ix / (res - 1);
      grid(k, 1) = -1 + 2.0 * iy / (res - 1);
      s.mesh_prob(k) = grid(k, 0) < 0 ? 0.0 : 1.0;
    }
  Eigen::MatrixXd data(2, 2);
  data << -0.5, 0.5, 0.5, -0.5;
  s.labels = Eigen::Vector2d(0, 1);
  s.data_prob = Eigen::Vector2d(0.1, 0.9);
  s.metrics.epoch = 3;
  s.metrics.loss = 0.5;
  s.metrics.accuracy = 0.75;
  for (int i = 0; i < panels; ++i) {
    // Designated initialisers: assigning literals to the strings trips GCC 12's -Wrestrict
    // false positive (PR 105329).
    scene::Panel p{
        .kind = i == 0 ? scene::PanelKind::input
                       : (i % 2 == 1 ? scene::PanelKind::pre_activation : scene::PanelKind::activation),
        .layer = i == 0 ? -1 : (i - 1) / 2,
        .title = "Panel " + std::to_string(i),
        .x_label = "x",
        .y_label = "y",
        .bounds = {-1, 1, -1, 1},
        .content = scene::MeshPanel{.data = data,
                                    .mesh = i == 0 ? grid : Eigen::MatrixXd(grid * mesh_scale),
                                    .boundary = std::nullopt},
    };
    t.scene.panels.push_back(p);
    t.view.push_back({-1.2, 1.2, -1.2, 1.2});
  }
  return t;
}

// Appends the loss panel of a run of `total_epochs` epochs whose largest loss is `max_loss`, with
// its view planned as the app plans it (one frame: the padded bounds).
void add_loss_panel(TestScene& t, std::vector<train::Metrics> history, int total_epochs, double max_loss) {
  t.scene.panels.push_back(scene::make_curve_panel(std::move(history), total_epochs, max_loss));
  t.view.push_back(scene::plan_views({{t.scene.panels.back().bounds}}, scene::AxesMode::smooth).front().front());
}

// Max channel difference between a pixel and a colour, in 0..255 steps.
int distance(std::uint32_t argb, const Rgb& c) {
  const std::uint32_t want = to_argb(c);
  int d = 0;
  for (int shift = 0; shift < 24; shift += 8)
    d = std::max(d, std::abs(int((argb >> shift) & 0xFF) - int((want >> shift) & 0xFF)));
  return d;
}

Rgb over_white(const Rgb& c, double alpha) {
  return {1 - alpha + alpha * c.r, 1 - alpha + alpha * c.g, 1 - alpha + alpha * c.b};
}

struct Probe {
  const util::Frame& frame;
  Viewport vp;
  std::uint32_t at(double x, double y) const {
    return frame.argb(static_cast<int>(std::floor(vp.px(x))), static_cast<int>(std::floor(vp.py(y))));
  }
};

Probe probe(const util::Frame& f, const TestScene& t, std::size_t panel) {
  std::vector<const scene::Panel*> shown;
  for (const scene::Panel& p : t.scene.panels) shown.push_back(&p);
  const Layout l = make_layout(f.width, f.height, panel_set(shown), false);
  return {f, Viewport(l.panels[panel], t.view[panel])};
}

const Palette& seaborn() { return palette_by_name("seaborn"); }

TEST(renderer, surface_style_colours_regions_points_and_background) {
  const TestScene t = make_scene(3);
  Renderer r(RenderOptions{});
  util::Frame f;
  r.render(t.scene, t.view, f);
  ASSERT_EQ(f.width, 1800);
  ASSERT_EQ(f.height, 600);
  EXPECT_EQ(f.argb(2, 2), 0xFFFFFFFFu);        // outside the panels
  EXPECT_EQ(f.argb(1797, 597), 0xFFFFFFFFu);
  for (std::size_t i = 0; i < 3; ++i) {
    const Probe p = probe(f, t, i);
    const double m = i == 0 ? 1.0 : 0.5;  // where the mesh is in this panel
    // Probability regions, away from the points, the class change at x = 0 and grid lines.
    // Pale (Palette::region_strength over white), so that points of the region's class show.
    EXPECT_LE(distance(p.at(-0.5 * m, -0.5 * m), from_argb(seaborn().region_argb(0.0))), 3) << "panel " << i;
    EXPECT_LE(distance(p.at(0.5 * m, 0.5 * m), from_argb(seaborn().region_argb(1.0))), 3) << "panel " << i;
    EXPECT_LE(distance(p.at(0.5 * m, 0.5 * m), over_white(seaborn().at(1.0), Palette::region_strength)), 3);
    // Data point centres in their class colours.
    EXPECT_LE(distance(p.at(-0.5, 0.5), seaborn().class_colour(0)), 3) << "panel " << i;
    EXPECT_LE(distance(p.at(0.5, -0.5), seaborn().class_colour(1)), 3) << "panel " << i;
    // Inside the frame but outside the mesh: white.
    EXPECT_EQ(p.at(-1.15, 1.15), 0xFFFFFFFFu) << "panel " << i;
  }
}

TEST(renderer, points_style_tints_regions_towards_their_class) {
  const TestScene t = make_scene(3, 200);
  RenderOptions o;
  o.style = Style::points;
  Renderer r(o);
  util::Frame f;
  r.render(t.scene, t.view, f);
  const Probe p = probe(f, t, 0);
  auto channel = [](std::uint32_t c, int shift) { return int((c >> shift) & 0xFF); };
  const std::uint32_t left = p.at(-0.5, -0.5), right = p.at(0.5, 0.5);
  EXPECT_GT(channel(left, 0), channel(left, 16) + 20);    // blue > red: class 0
  EXPECT_GT(channel(right, 16), channel(right, 0) + 20);  // red > blue: class 1
  EXPECT_LT(channel(left, 16), 200);                      // clearly not white
  EXPECT_LE(distance(p.at(-0.5, 0.5), seaborn().class_colour(0)), 3);
  EXPECT_LE(distance(p.at(0.5, -0.5), seaborn().class_colour(1)), 3);
}

TEST(renderer, held_out_points_are_hollow) {
  TestScene t = make_scene(3);
  t.scene.held_out = {true, false};
  Renderer r(RenderOptions{});
  util::Frame f;
  r.render(t.scene, t.view, f);
  const Probe p = probe(f, t, 0);
  // The hollow class-0 dot's centre shows the mesh (class 1 there: x < 0 is class 0, so use
  // the colour under it: the region of P = 0), not a filled dot.
  EXPECT_LE(distance(p.at(-0.5, 0.5), from_argb(seaborn().region_argb(0.0))), 3);
  EXPECT_LE(distance(p.at(0.5, -0.5), seaborn().class_colour(1)), 3);
}

TEST(renderer, boundary_shades_each_side_with_its_class) {
  for (Style style : {Style::surface, Style::points}) {
    TestScene t = make_scene(3);
    std::get<scene::MeshPanel>(t.scene.panels[2].content).boundary = scene::Line{1, 0, 0};  // x = 0; x > 0 is class 1
    RenderOptions o;
    o.style = style;
    Renderer r(o);
    util::Frame f;
    r.render(t.scene, t.view, f);
    const Probe p = probe(f, t, 2);
    // Outside the mesh (|x|, |y| > 0.5 in this panel), away from the points.
    const std::uint32_t left = p.at(-0.9, -0.9), right = p.at(0.9, 0.9);
    EXPECT_LE(distance(left, over_white(seaborn().class_colour(0), 0.10)), 3) << style_name(style);
    EXPECT_LE(distance(right, over_white(seaborn().class_colour(1), 0.10)), 3) << style_name(style);
    // The dashed line is dark somewhere along x = 0 above the mesh.
    int darkest = 255;
    const int col = static_cast<int>(std::floor(p.vp.px(0)));
    for (int y = static_cast<int>(p.vp.py(1.15)); y < static_cast<int>(p.vp.py(0.6)); ++y)
      darkest = std::min(darkest, int((f.argb(col, y) >> 8) & 0xFF));
    EXPECT_LT(darkest, 90) << style_name(style);
  }
}

TEST(renderer, seven_panels_of_three_layers_are_laid_out_by_layer_each_drawn) {
  for (Style style : {Style::surface, Style::points}) {
    const TestScene t = make_scene(7);
    RenderOptions o;
    o.style = style;
    Renderer r(o);
    util::Frame f;
    r.render(t.scene, t.view, f);
    const Layout l = make_layout(1800, 600, PanelSet{7, 3, true, false}, false);
    EXPECT_EQ(l.rows, 2);
    EXPECT_EQ(l.columns, 4);
    for (std::size_t i = 0; i < 7; ++i) {
      const Probe p = probe(f, t, i);
      EXPECT_LE(distance(p.at(-0.5, 0.5), seaborn().class_colour(0)), 3) << "panel " << i;
      EXPECT_LE(distance(p.at(0.5, -0.5), seaborn().class_colour(1)), 3) << "panel " << i;
    }
  }
}

// The smallest distance to `c` of the pixels in column `x`, rows y - reach .. y + reach.
int nearest(const util::Frame& f, double x, double y, const Rgb& c, int reach = 3) {
  int best = 255;
  const int col = static_cast<int>(std::floor(x)), row = static_cast<int>(std::floor(y));
  for (int j = row - reach; j <= row + reach; ++j) best = std::min(best, distance(f.argb(col, j), c));
  return best;
}

bool is_dark(std::uint32_t argb) { return ((argb >> 8) & 0xFF) < 100; }

TEST(renderer, a_panel_selection_draws_exactly_the_chosen_panels_in_network_order) {
  // A 3-hidden-layer scene (input, then hidden/activation per layer: 7 panels), each panel with
  // its own view, so a panel is recognised by where its points land.
  TestScene t = make_scene(7);
  for (std::size_t i = 0; i < t.view.size(); ++i) {
    const double h = 1.2 * (1 + 0.5 * static_cast<double>(i));
    t.view[i] = {-h, h, -h, h};
  }
  add_loss_panel(t, {t.scene.metrics}, 3, 0.5);
  RenderOptions o;
  o.panels = parse_panels({"loss", "activation3", "input"});  // drawn input, activation3, loss
  Renderer r(o);
  util::Frame f;
  r.render(t.scene, t.view, f);

  const Layout l = make_layout(1800, 600, 3, false);
  ASSERT_EQ(l.panels.size(), 3u);
  const auto at = [&](std::size_t slot, std::size_t panel, double x, double y) {
    const Viewport vp(l.panels[slot], t.view[panel]);
    return f.argb(static_cast<int>(std::floor(vp.px(x))), static_cast<int>(std::floor(vp.py(y))));
  };
  // Slot 0: the input panel; slot 1: activation 3 (scene panel 6), not hidden 1 (panel 1).
  for (std::size_t slot : {0u, 1u}) {
    const std::size_t panel = slot == 0 ? 0 : 6;
    EXPECT_LE(distance(at(slot, panel, -0.5, 0.5), seaborn().class_colour(0)), 3) << slot;
    EXPECT_LE(distance(at(slot, panel, 0.5, -0.5), seaborn().class_colour(1)), 3) << slot;
  }
  EXPECT_EQ(at(1, 1, -0.5, 0.5), 0xFFFFFFFFu);  // where panel 1 would have put its point
  // Slot 2: the loss panel, framed, with no mesh in it.
  const PixelRect& loss = l.panels[2];
  EXPECT_TRUE(is_dark(f.argb(loss.x - 1, loss.y + loss.height / 2)));  // the frame straddles the edge
  EXPECT_EQ(at(2, 0, -0.5, -0.5), 0xFFFFFFFFu);
  EXPECT_EQ(at(2, 0, 0.5, 0.5), 0xFFFFFFFFu);
  // Nothing right of the three panels: no fourth panel.
  EXPECT_EQ(f.argb(1790, 300), 0xFFFFFFFFu);
}

TEST(renderer, a_chosen_layer_the_scene_lacks_is_an_error) {
  const TestScene t = make_scene(3);
  RenderOptions o;
  o.panels = parse_panels({"input", "hidden2"});
  Renderer r(o);
  util::Frame f;
  EXPECT_THROW(r.render(t.scene, t.view, f), Error);
}

// A hand-made run of 20 epochs seen at epoch 10: loss falls linearly from 1.0 to 0.5 over the
// first 10, accuracy stays at 0.25.
TestScene loss_scene(bool validation) {
  TestScene t = make_scene(1);
  std::vector<train::Metrics> history;
  for (int e = 0; e <= 10; ++e) {
    train::Metrics m;
    m.epoch = e;
    m.loss = 1.0 - 0.05 * e;
    m.accuracy = 0.25;
    if (validation) {
      m.val_loss = m.loss - 0.3;
      m.val_accuracy = 0.75;
    }
    history.push_back(m);
  }
  t.scene.metrics = history.back();
  add_loss_panel(t, std::move(history), 20, 1.0);
  return t;
}

TEST(renderer, loss_panel_draws_the_curves_so_far_against_the_whole_run) {
  const TestScene t = loss_scene(false);
  RenderOptions o;
  o.panels = parse_panels({"loss"});
  Renderer r(o);
  util::Frame f;
  r.render(t.scene, t.view, f);

  const Layout l = make_layout(1800, 600, 1, false);
  const PixelRect plot = with_right_axis(l, l.panels[0]);
  const scene::Bounds& view = t.view.back();
  EXPECT_DOUBLE_EQ(view.xmax, 21.0);  // 20 epochs, 5% margin
  const Viewport loss(plot, view), accuracy(plot, accuracy_view(view, t.scene.panels.back().bounds.ymax));
  // Neutral greys: the curves are no class (issue 15), loss darker than accuracy.
  const Rgb loss_colour{0.25, 0.25, 0.25};
  const Rgb accuracy_colour{0.58, 0.58, 0.58};
  for (double e : {2.5, 5.0, 7.5}) {
    EXPECT_LE(nearest(f, loss.px(e), loss.py(1.0 - 0.05 * e), loss_colour), 12) << e;
    EXPECT_LE(nearest(f, accuracy.px(e), accuracy.py(0.25), accuracy_colour), 12) << e;
    // Above the curve and the x axis: white.
    EXPECT_EQ(f.argb(static_cast<int>(loss.px(e)), static_cast<int>(loss.py(0.1))), 0xFFFFFFFFu) << e;
  }
  // The current point is marked: a disc wider than the line, which ends there.
  EXPECT_LE(distance(f.argb(static_cast<int>(std::floor(loss.px(10) + 2.5)), static_cast<int>(std::floor(loss.py(0.5)))),
                     loss_colour),
            12);
  // Epochs still to come are empty, the axis already reaches them.
  for (double e : {12.0, 15.0, 19.0}) {
    EXPECT_EQ(nearest(f, loss.px(e), loss.py(0.5), {1, 1, 1}), 0) << e;
    EXPECT_EQ(nearest(f, accuracy.px(e), accuracy.py(0.25), {1, 1, 1}), 0) << e;
  }
  EXPECT_LT(loss.px(10), plot.x + 0.6 * plot.width);
}

// A long run puts many frames in one pixel column of the loss panel; the curve keeps each
// column's whole range (its lowest and highest values), whatever it leaves out to stay cheap.
TEST(renderer, a_long_runs_loss_curve_keeps_every_columns_range) {
  TestScene t = make_scene(0);
  std::vector<train::Metrics> history;
  const int epochs = 40000;
  for (int e = 0; e <= epochs; ++e) {
    train::Metrics m;
    m.epoch = e;
    // A sawtooth between 0.2 and 0.8 with a period of 7 frames: dozens of periods a column.
    m.loss = 0.2 + 0.6 * static_cast<double>(e % 7) / 6.0;
    m.accuracy = 0.5;
    history.push_back(m);
  }
  t.scene.metrics = history.back();
  add_loss_panel(t, std::move(history), epochs, 1.0);
  RenderOptions o;
  o.panels = parse_panels({"loss"});
  Renderer r(o);
  util::Frame f;
  r.render(t.scene, t.view, f);
  const Layout l = make_layout(1800, 600, 1, false);
  const PixelRect plot = with_right_axis(l, l.panels[0]);
  const Viewport loss(plot, t.view.back());
  const Rgb loss_colour{0.25, 0.25, 0.25};
  for (const double e : {5000.0, 17000.0, 33000.0}) {
    for (const double v : {0.22, 0.5, 0.78})
      EXPECT_LE(nearest(f, loss.px(e), loss.py(v), loss_colour), 12) << "epoch " << e << " loss " << v;
    EXPECT_EQ(f.argb(static_cast<int>(loss.px(e)), static_cast<int>(loss.py(0.95))), 0xFFFFFFFFu) << e;
  }
}

TEST(renderer, loss_panel_is_drawn_in_the_view_it_is_given) {
  // A planner may give the loss panel a wider view than its padded bounds (as `fixed` does when
  // a panel's bounds change): the curves and the right axis follow the view, not the bounds.
  TestScene t = loss_scene(false);
  t.view.back() = {-4, 44, -0.5, 1.5};
  RenderOptions o;
  o.panels = parse_panels({"loss"});
  Renderer r(o);
  util::Frame f;
  r.render(t.scene, t.view, f);
  const Layout l = make_layout(1800, 600, 1, false);
  const PixelRect plot = with_right_axis(l, l.panels[0]);
  const Viewport loss(plot, t.view.back()), accuracy(plot, accuracy_view(t.view.back(), 1.0));
  for (double e : {2.5, 5.0, 7.5}) {
    EXPECT_LE(nearest(f, loss.px(e), loss.py(1.0 - 0.05 * e), {0.25, 0.25, 0.25}), 12) << e;
    EXPECT_LE(nearest(f, accuracy.px(e), accuracy.py(0.25), {0.58, 0.58, 0.58}), 12) << e;
  }
  // Accuracy 1 sits at loss 1 (the bounds' top), accuracy 0 at loss 0.
  EXPECT_DOUBLE_EQ(accuracy.py(1.0), loss.py(1.0));
  EXPECT_DOUBLE_EQ(accuracy.py(0.0), loss.py(0.0));
}

TEST(renderer, a_chosen_loss_panel_the_scene_lacks_is_an_error) {
  const TestScene t = make_scene(3);  // no set_history: no loss panel
  RenderOptions o;
  o.panels = parse_panels({"input", "loss"});
  Renderer r(o);
  util::Frame f;
  EXPECT_THROW(r.render(t.scene, t.view, f), Error);
}

TEST(renderer, loss_panel_draws_validation_curves_dashed) {
  const TestScene t = loss_scene(true);
  RenderOptions o;
  o.panels = parse_panels({"loss"});
  Renderer r(o);
  util::Frame f;
  r.render(t.scene, t.view, f);
  const Layout l = make_layout(1800, 600, 1, false);
  const PixelRect plot = with_right_axis(l, l.panels[0]);
  const Viewport loss(plot, t.view.back());
  int on = 0, off = 0;
  for (int x = static_cast<int>(loss.px(1)); x < static_cast<int>(loss.px(9)); ++x) {
    const double e = loss.data_x(x + 0.5);
    (nearest(f, x, loss.py(0.7 - 0.05 * e), {0.25, 0.25, 0.25}, 2) <= 20 ? on : off) += 1;
  }
  EXPECT_GT(on, 10);
  EXPECT_GT(off, 3);  // the gaps of the dashes
}

TEST(renderer, loss_curves_are_not_in_the_class_colours) {
  // Every pixel of the plot area that is not white (curves, markers) is far from both class
  // colours (CIE76 dE > 20, palette.hpp's "clearly different") in both palettes: the curves must not read as a class.
  for (const std::string& name : palette_names()) {
    const TestScene t = loss_scene(true);
    RenderOptions o;
    o.palette = name;
    o.panels = parse_panels({"loss"});
    Renderer r(o);
    util::Frame f;
    r.render(t.scene, t.view, f);
    const Layout l = make_layout(1800, 600, 1, false);
    const PixelRect plot = with_right_axis(l, l.panels[0]);
    const Palette& pal = palette_by_name(name);
    int inked = 0;
    double closest = 1e9;
    for (int y = plot.y + 2; y < plot.bottom() - 2; ++y)
      for (int x = plot.x + 2; x < plot.right() - 2; ++x) {
        const Rgb c = from_argb(f.argb(x, y));
        if (delta_e76(c, {1, 1, 1}) < 20) continue;  // white or a faint antialiased edge
        ++inked;
        closest = std::min({closest, delta_e76(c, pal.class_colour(0)), delta_e76(c, pal.class_colour(1))});
      }
    EXPECT_GT(inked, 200) << name;  // the curves are there
    EXPECT_GT(closest, 20) << name;
  }
}

TEST(renderer, the_input_image_reaches_the_frame_where_the_scene_extends_the_grid) {
  // The mesh's grid (20 x 20 over [-1, 1]^2) extended by 4 steps per side reaches +-1.42, past
  // the view's +-1.2: the input panel's regions fill it to the frame; other panels keep white.
  TestScene t = make_scene(3);
  const int res = 20, b = 4, ext = res + 2 * b;
  t.scene.image_border = b;
  t.scene.image_prob.resize(ext * ext);
  for (int iy = 0; iy < ext; ++iy)
    for (int ix = 0; ix < ext; ++ix) t.scene.image_prob(iy * ext + ix) = -1 + 2.0 * (ix - b) / (res - 1) < 0 ? 0.0 : 1.0;
  Renderer r(RenderOptions{});
  util::Frame f;
  r.render(t.scene, t.view, f);
  const Probe input = probe(f, t, 0);
  for (const double y : {1.19, 0.0, -1.19}) {
    EXPECT_LE(distance(input.at(-1.19, y), from_argb(seaborn().region_argb(0.0))), 3) << y;
    EXPECT_LE(distance(input.at(1.19, y), from_argb(seaborn().region_argb(1.0))), 3) << y;
  }
  EXPECT_EQ(probe(f, t, 1).at(-1.15, 1.15), 0xFFFFFFFFu);
}

// Pixels of `f` in [x0, x1) x [y0, y1) within `tolerance` of `c`.
int count_near(const util::Frame& f, int x0, int x1, int y0, int y1, const Rgb& c, int tolerance = 3) {
  int n = 0;
  for (int y = std::max(0, y0); y < std::min(f.height, y1); ++y)
    for (int x = std::max(0, x0); x < std::min(f.width, x1); ++x) n += distance(f.argb(x, y), c) <= tolerance;
  return n;
}

TEST(renderer, the_key_shows_both_classes_and_the_probability_scale_unless_turned_off) {
  TestScene t = make_scene(3);
  for (const std::string name : {"seaborn", "okabe-ito"}) {
    for (const bool legend : {true, false}) {
      RenderOptions o;
      o.palette = name;
      o.legend = legend;
      Renderer r(o);
      util::Frame f;
      r.render(t.scene, t.view, f);
      const Layout& l = r.layout();
      const Palette& pal = palette_by_name(name);
      // The heading band right of the centred heading: over the last panel's right half.
      const int x0 = l.panels[2].x + l.panels[2].width / 2, x1 = l.width, y1 = static_cast<int>(l.heading_height);
      const int dots0 = count_near(f, x0, x1, 0, y1, pal.class_colour(0));
      const int dots1 = count_near(f, x0, x1, 0, y1, pal.class_colour(1));
      const int low = count_near(f, x0, x1, 0, y1, from_argb(pal.region_argb(0.0)), 6);
      const int high = count_near(f, x0, x1, 0, y1, from_argb(pal.region_argb(1.0)), 6);
      if (legend) {
        EXPECT_GT(dots0, 12) << name;  // a disc of the class colour each
        EXPECT_GT(dots1, 12) << name;
        EXPECT_GT(low, 6) << name;     // the bar's two ends in the regions' colours
        EXPECT_GT(high, 6) << name;
      } else {
        EXPECT_EQ(dots0 + dots1 + low + high, 0) << name;
      }
    }
  }
}

TEST(renderer, a_small_frames_tick_labels_stay_legible) {
  // At 600x200 the notebook's figure would scale its 10 pt tick labels to 4.6 px; the floor
  // keeps them at 9 px: their digits are 6-7 px of ink tall.
  const TestScene t = make_scene(3);
  RenderOptions o;
  o.width = 600;
  o.height = 200;
  Renderer r(o);
  util::Frame f;
  r.render(t.scene, t.view, f);
  const Layout& l = r.layout();
  const PixelRect& p = l.panels[0];
  // The x tick labels' band: under the frame, above the axis label.
  const int top = p.bottom() + 2, bottom = p.bottom() + static_cast<int>(l.text_pt * (3.5 + l.fonts.tick * 1.3)) + 2;
  int first = -1, last = -1;
  for (int y = top; y < bottom; ++y)
    for (int x = p.x; x < p.right(); ++x)
      if (((f.argb(x, y) >> 8) & 0xFF) < 128) {
        if (first < 0) first = y;
        last = y;
      }
  ASSERT_GE(first, 0) << "no tick label under the panel";
  EXPECT_GE(last - first + 1, 6);
}

TEST(renderer, a_folded_mesh_shows_its_near_sheet_over_its_far_one) {
  // Panel 1's mesh folded in half at column 10: columns 10..19 lie back over columns 0..10. The
  // left sheet is near (depth +1) with P = 1, the right far (depth -1) with P = 0. Row order
  // would draw the far sheet last, over the near one; by depth the near sheet covers it.
  TestScene t = make_scene(3);
  const int res = 20;
  scene::MeshPanel& m = std::get<scene::MeshPanel>(t.scene.panels[1].content);
  m.mesh_depth.resize(res * res);
  for (int iy = 0; iy < res; ++iy)
    for (int ix = 0; ix < res; ++ix) {
      const int k = iy * res + ix;
      m.mesh(k, 0) = -1 + 2.0 * std::abs(ix - 10) / 10;  // 0 and 20 at the left edge, 10 at the right
      m.mesh(k, 1) = -1 + 2.0 * iy / (res - 1);
      t.scene.mesh_prob(k) = ix <= 10 ? 1.0 : 0.0;
      m.mesh_depth(k) = ix <= 10 ? 1.0 : -1.0;
    }
  Renderer r(RenderOptions{});
  util::Frame f;
  r.render(t.scene, t.view, f);
  const Probe p = probe(f, t, 1);
  for (const double x : {-0.7, -0.2, 0.3, 0.6})
    for (const double y : {-0.8, 0.1, 0.75})  // off the data points and the grid lines
      EXPECT_LE(distance(p.at(x, y + 0.03), from_argb(seaborn().region_argb(1.0))), 3) << x << " " << y;
  // Without depths (a panel in its own two units) the cells go in row order: the far sheet on top.
  m.mesh_depth.resize(0);
  r.render(t.scene, t.view, f);
  EXPECT_LE(distance(probe(f, t, 1).at(0.3, 0.13), from_argb(seaborn().region_argb(0.0))), 3);
}

TEST(renderer, reuses_a_frame_and_redraws_it_completely) {
  const TestScene t = make_scene(3);
  Renderer r(RenderOptions{});
  util::Frame f;
  r.render(t.scene, t.view, f);
  const std::vector<std::uint8_t> first = f.pixels;
  std::fill(f.pixels.begin(), f.pixels.end(), std::uint8_t{0});
  r.render(t.scene, t.view, f);
  EXPECT_EQ(f.pixels, first);
}

TEST(renderer, mismatched_scenes_are_errors) {
  TestScene t = make_scene(3);
  Renderer r(RenderOptions{});
  util::Frame f;
  t.view.pop_back();
  EXPECT_THROW(r.render(t.scene, t.view, f), Error);
  t = make_scene(3);
  std::get<scene::MeshPanel>(t.scene.panels[1].content).mesh.conservativeResize(10, 2);
  EXPECT_THROW(r.render(t.scene, t.view, f), Error);
}

TEST(renderer, options_are_checked_up_front) {
  RenderOptions o;
  o.palette = "jet";
  EXPECT_THROW(Renderer{o}, UsageError);
  EXPECT_THROW(parse_style("dots"), UsageError);
  EXPECT_EQ(parse_style("points"), Style::points);
  EXPECT_EQ(style_name(parse_style("surface")), "surface");
}

}  // namespace
}  // namespace nnviz::render

namespace nnviz::render {
namespace {

// Pixels of `f` within `tolerance` of `c` on a ring of radius [r0, r1] around (cx, cy).
int count_on_ring(const util::Frame& f, double cx, double cy, double r0, double r1, const Rgb& c, int tolerance = 12) {
  int n = 0;
  for (int y = static_cast<int>(cy - r1) - 1; y <= static_cast<int>(cy + r1) + 1; ++y)
    for (int x = static_cast<int>(cx - r1) - 1; x <= static_cast<int>(cx + r1) + 1; ++x) {
      const double d = std::hypot(x + 0.5 - cx, y + 0.5 - cy);
      if (d >= r0 && d <= r1 && x >= 0 && y >= 0 && x < f.width && y < f.height) n += distance(f.argb(x, y), c) <= tolerance;
    }
  return n;
}

TEST(renderer, misclassified_points_get_a_ring_of_the_class_they_are_predicted) {
  TestScene t = make_scene(3);
  t.scene.data_prob = Eigen::Vector2d(0.8, 0.9);  // point 0 (class 0) is predicted class 1; point 1 is right
  const Palette& pal = seaborn();
  for (const bool on : {true, false}) {
    RenderOptions o;
    o.misclassified = on;
    Renderer r(o);
    util::Frame f;
    r.render(t.scene, t.view, f);
    const double pt = r.layout().pt;
    for (std::size_t panel = 0; panel < 3; ++panel) {
      const Probe p = probe(f, t, panel);
      const auto& data = std::get<scene::MeshPanel>(t.scene.panels[panel].content).data;
      // Beyond the dot and its white edge (2.75 + 0.6 pt), around the ring's radius (about 5.3 pt).
      const double r0 = 4.5 * pt, r1 = 6.3 * pt;
      const int wrong = count_on_ring(f, p.vp.px(data(0, 0)), p.vp.py(data(0, 1)), r0, r1, pal.class_colour(1));
      const int right = count_on_ring(f, p.vp.px(data(1, 0)), p.vp.py(data(1, 1)), r0, r1, pal.class_colour(0)) +
                        count_on_ring(f, p.vp.px(data(1, 0)), p.vp.py(data(1, 1)), r0, r1, pal.class_colour(1));
      if (on) {
        EXPECT_GT(wrong, 20) << "panel " << panel;  // a ring of the predicted class's colour
      } else {
        EXPECT_EQ(wrong, 0) << "panel " << panel;
      }
      EXPECT_EQ(right, 0) << "panel " << panel << (on ? " on" : " off");  // a right point has none
    }
  }
  const Misclassified n = misclassified_count(t.scene);
  EXPECT_EQ(n.train, 1);
  EXPECT_EQ(n.held_out, 0);
  t.scene.held_out = {true, false};
  t.scene.data_prob = Eigen::Vector2d(0.7, 0.2);  // both wrong, the first held out
  EXPECT_EQ(misclassified_count(t.scene).train, 1);
  EXPECT_EQ(misclassified_count(t.scene).held_out, 1);
}

}  // namespace
}  // namespace nnviz::render

namespace nnviz::render {
namespace {

// Pixel distance from the centre of pixel (x, y) to the line z = a x + b y + c drawn in `vp`.
double pixel_distance(const Viewport& vp, const scene::Line& l, int x, int y) {
  const double dx = vp.data_x(x + 0.5), dy = vp.data_y(y + 0.5);
  const double sx = vp.px(1) - vp.px(0), sy = vp.py(0) - vp.py(1);  // pixels per data unit
  return std::abs(l.a * dx + l.b * dy + l.c) / std::hypot(l.a / sx, l.b / sy);
}

TEST(renderer, a_unit_line_passes_where_its_pre_activation_changes_sign) {
  TestScene t = make_scene(3);
  auto& input = std::get<scene::MeshPanel>(t.scene.panels[0].content);
  const scene::Line lines[2] = {{1.0, -0.3, 0.2}, {0.5, 1.0, -0.1}};
  for (int u = 0; u < 2; ++u)
    input.unit_levels.push_back({.layer = 0, .unit = u, .label = "h" + std::to_string(u), .line = lines[u], .segments = {}});
  for (const bool on : {true, false}) {
    RenderOptions o;
    o.unit_lines = on;
    Renderer r(o);
    util::Frame f;
    r.render(t.scene, t.view, f);
    const Probe p = probe(f, t, 0);
    const PixelRect& rect = p.vp.rect();
    const double half_width = 0.5 * 1.6 * r.layout().pt;
    // The panel's inside, away from its edges where the labels sit.
    const int margin = 40;
    for (int u = 0; u < 2; ++u) {
      const Rgb& colour = unit_colour(u);
      int coloured = 0, astray = 0;
      for (int y = static_cast<int>(rect.y) + margin; y < static_cast<int>(rect.y + rect.height) - margin; ++y)
        for (int x = static_cast<int>(rect.x) + margin; x < static_cast<int>(rect.x + rect.width) - margin; ++x) {
          if (distance(f.argb(x, y), colour) > 12) continue;
          ++coloured;
          if (pixel_distance(p.vp, lines[u], x, y) > half_width + 1.0) ++astray;
        }
      if (!on) {
        EXPECT_EQ(coloured, 0) << "unit " << u;
        continue;
      }
      EXPECT_EQ(astray, 0) << "unit " << u << ": unit-coloured pixels off its line";
      // And the other way: along the line (where z changes sign), the pixel has the unit's colour.
      const scene::Line& l = lines[u];
      int on_line = 0, samples = 0;
      for (double s = -0.8; s <= 0.8; s += 0.05) {
        // Points on a x + b y + c = 0: the foot of the origin plus s along (-b, a).
        const double n2 = l.a * l.a + l.b * l.b;
        const double x0 = -l.a * l.c / n2 - s * l.b, y0 = -l.b * l.c / n2 + s * l.a;
        const double px = p.vp.px(x0), py = p.vp.py(y0);
        if (px < rect.x + margin || px > rect.x + rect.width - margin || py < rect.y + margin ||
            py > rect.y + rect.height - margin)
          continue;
        ++samples;
        // Skip where the other unit's line crosses or a data point sits.
        bool near_other = false;
        for (int k = 0; k < 2; ++k)
          if (k != u && pixel_distance(p.vp, lines[k], static_cast<int>(px), static_cast<int>(py)) < 6) near_other = true;
        for (int k = 0; k < 2; ++k)
          if (std::hypot(px - p.vp.px(input.data(k, 0)), py - p.vp.py(input.data(k, 1))) < 12) near_other = true;
        if (near_other) {
          --samples;
          continue;
        }
        on_line += distance(f.argb(static_cast<int>(px), static_cast<int>(py)), colour) <= 40;
      }
      EXPECT_GT(samples, 10) << "unit " << u;
      EXPECT_EQ(on_line, samples) << "unit " << u;
    }
  }
}

TEST(renderer, a_deeper_units_contour_is_drawn_only_with_unit_contours) {
  TestScene t = make_scene(3);
  auto& input = std::get<scene::MeshPanel>(t.scene.panels[0].content);
  // A circle of radius 0.5 as 64 chords: a second-layer unit's zero level set.
  const int n = 64;
  Eigen::MatrixXd segments(n, 4);
  for (int k = 0; k < n; ++k) {
    const double a0 = 2 * M_PI * k / n, a1 = 2 * M_PI * (k + 1) / n;
    segments.row(k) << 0.5 * std::cos(a0), 0.5 * std::sin(a0), 0.5 * std::cos(a1), 0.5 * std::sin(a1);
  }
  input.unit_levels.push_back({.layer = 1, .unit = 1, .label = "L2 h1", .line = std::nullopt, .segments = segments});
  const Rgb& colour = unit_colour(1 + 3);
  for (const bool on : {true, false}) {
    RenderOptions o;
    o.unit_lines = true;
    o.unit_contours = on;
    Renderer r(o);
    util::Frame f;
    r.render(t.scene, t.view, f);
    const Probe p = probe(f, t, 0);
    // The panel's x and y scales may differ: the circle is an ellipse in pixels.
    const double cx = p.vp.px(0), cy = p.vp.py(0), sx = p.vp.px(1) - cx, sy = cy - p.vp.py(1);
    const double radius = 0.5 * sy;
    const double half_width = 0.5 * 1.1 * r.layout().pt;
    int coloured = 0, astray = 0;
    const PixelRect& rect = p.vp.rect();
    for (int y = static_cast<int>(cy - 1.5 * radius); y < static_cast<int>(cy + 1.5 * radius); ++y)
      for (int x = static_cast<int>(rect.x) + 4; x < static_cast<int>(rect.x + rect.width) - 4; ++x) {
        if (distance(f.argb(x, y), colour) > 12) continue;
        ++coloured;
        // Within the stroke's half width (and the chords' sagitta, under a pixel) of the circle,
        // except for the label's text, just inside the circle's top.
        const double d = std::abs(std::hypot((x + 0.5 - cx) / sx, (y + 0.5 - cy) / sy) - 0.5) * std::min(sx, sy);
        const double below_top = y + 0.5 - (cy - radius);
        const bool label = std::abs(x + 0.5 - cx) < 40 && below_top > -4 && below_top < 32;
        if (d > half_width + 1.0 && !label) ++astray;
      }
    if (on) {
      EXPECT_GT(coloured, static_cast<int>(2 * M_PI * 0.5 * std::min(sx, sy)));  // the circumference, stroked
      EXPECT_EQ(astray, 0);
    } else {
      EXPECT_EQ(coloured, 0);
    }
  }
}

}  // namespace
}  // namespace nnviz::render

namespace nnviz::render {
namespace {

TEST(renderer, a_morph_panel_keeps_one_scale_for_x_and_y) {
  const PixelRect wide{10, 20, 600, 300};
  const scene::Bounds view{-1, 1, -1, 1};
  const Viewport vp(wide, equal_aspect(view, wide));
  EXPECT_NEAR(vp.scale_x(), vp.scale_y(), 1e-9);
  EXPECT_NEAR(vp.view().ymin, -1, 1e-12);  // the tighter axis keeps its range,
  EXPECT_NEAR(vp.view().xmin, -2, 1e-12);  // the other widens about its centre
  const PixelRect tall{0, 0, 100, 400};
  const scene::Bounds shifted{3, 5, 0, 1};
  const scene::Bounds e = equal_aspect(shifted, tall);
  EXPECT_NEAR(e.xmin, 3, 1e-12);
  EXPECT_NEAR(e.xmax, 5, 1e-12);
  EXPECT_NEAR(0.5 * (e.ymin + e.ymax), 0.5, 1e-12);
  EXPECT_NEAR(e.height(), 8, 1e-12);
  // The heading names the morph's stage after the epoch.
  scene::Scene s;
  s.metrics.epoch = 29;
  s.stage = "layer 2: tanh";
  EXPECT_EQ(heading_text(s), "Epoch 29 \u00b7 layer 2: tanh");
}

TEST(renderer, a_fading_decision_line_is_drawn_at_its_opacity) {
  // The activation panel's decision line x = 0.25, at opacity 0 (none), 0.5 and 1.
  int dark[3] = {0, 0, 0};
  const double opacities[3] = {0.0, 0.5, 1.0};
  for (int k = 0; k < 3; ++k) {
    TestScene t = make_scene(1);
    t.scene.panels[0].kind = scene::PanelKind::morph;
    auto& m = std::get<scene::MeshPanel>(t.scene.panels[0].content);
    m.boundary = scene::Line{1, 0, -0.25};
    m.boundary_opacity = opacities[k];
    Renderer r(RenderOptions{});
    util::Frame f;
    r.render(t.scene, t.view, f);
    const Probe p = probe(f, t, 0);
    const Viewport vp(p.vp.rect(), equal_aspect(t.view[0], p.vp.rect()));
    const int x = static_cast<int>(vp.px(0.25));
    // The darkest pixel across the line, down the panel's middle half.
    int least = 255;
    for (int y = static_cast<int>(vp.py(0.5)); y < static_cast<int>(vp.py(-0.5)); ++y)
      for (int dx = -2; dx <= 2; ++dx) least = std::min(least, static_cast<int>((f.argb(x + dx, y) >> 8) & 0xFF));
    dark[k] = least;
  }
  // A morph frame is drawn whatever panels the run's frames show.
  {
    TestScene t = make_scene(1);
    t.scene.panels[0].kind = scene::PanelKind::morph;
    RenderOptions o;
    o.panels = parse_panels({"input", "activation", "loss"});
    Renderer r(o);
    util::Frame f;
    EXPECT_NO_THROW(r.render(t.scene, t.view, f));
  }
  EXPECT_GT(dark[0], dark[1] + 30);  // half-faded: darker than none
  EXPECT_GT(dark[1], dark[2] + 30);  // full: darker still
}

}  // namespace
}  // namespace nnviz::render

namespace nnviz::render {
namespace {

// A neurons panel over [-1, 1]^2: unit 0 is x, unit 1 is -y/2, unit 2 max(0, x) on a sequential map.
TEST(renderer, a_neuron_pictures_colour_follows_the_units_value_there) {
  TestScene t = make_scene(1, 41);
  t.scene.panels[0].kind = scene::PanelKind::neurons;
  auto& mesh = std::get<scene::MeshPanel>(t.scene.panels[0].content);
  scene::NeuronsPanel n;
  n.grid = mesh.mesh;
  n.values.resize(n.grid.rows(), 2);
  n.values.col(0) = n.grid.col(0);
  n.values.col(1) = -0.5 * n.grid.col(1);
  n.units = 2;
  // The data points far from where the test looks: two corners.
  n.data.resize(2, 2);
  n.data << -0.95, 0.95, 0.95, -0.95;
  scene::Panel panel = t.scene.panels[0];
  panel.content = n;
  t.scene.panels[0] = panel;
  RenderOptions o;
  o.panels = parse_panels({"neurons"});
  Renderer r(o);
  util::Frame f;
  r.render(t.scene, t.view, f);
  const Layout l = make_layout(f.width, f.height, PanelSet::in_order(1), false);
  const NeuronsGeometry g = neurons_geometry(n, l.panels[0], l);
  ASSERT_EQ(g.pictures.size(), 2U);
  int checked = 0;
  for (int unit = 0; unit < 2; ++unit) {
    const Viewport vp(g.pictures[static_cast<std::size_t>(unit)], g.plane);
    for (const double x : {-0.6, -0.2, 0.3, 0.7})
      for (const double y : {-0.5, 0.1, 0.6}) {
        const double value = unit == 0 ? x : -0.5 * y;
        const std::uint32_t pixel = f.argb(static_cast<int>(vp.px(x)), static_cast<int>(vp.py(y)));
        EXPECT_LE(distance(pixel, neuron_colour(n, value)), 10) << "unit " << unit << " at " << x << ", " << y;
        // The sign shows as the hue: green for positive values, purple for negative.
        const int red = (pixel >> 16) & 0xFF, green = (pixel >> 8) & 0xFF;
        if (std::abs(value) > 0.15) EXPECT_EQ(green > red, value > 0) << "unit " << unit << " at " << x << ", " << y;
        ++checked;
      }
  }
  EXPECT_EQ(checked, 24);
  // A larger value is a stronger colour: further from the white of 0.
  const Rgb weak = neuron_colour(n, 0.2), strong = neuron_colour(n, 0.9);
  EXPECT_GT(weak.r + weak.g + weak.b, strong.r + strong.g + strong.b);
  // A one-sided map: its floor is the lightest colour.
  n.diverging = false;
  n.low = 0;
  n.high = 2;
  const Rgb floor = neuron_colour(n, 0.0), top = neuron_colour(n, 2.0);
  EXPECT_GT(floor.r + floor.g + floor.b, 2.7);
  EXPECT_LT(top.r + top.g + top.b, 0.6);
}

TEST(renderer, neuron_pictures_fill_their_area_in_a_grid) {
  // 8 square pictures in a wide area: 4 x 2 or 8 x 1, whichever is larger; all inside, none overlapping.
  const PixelRect area{0, 0, 800, 300};
  const auto cells = neuron_cells(area, 8, 1.0, 12, 4);
  ASSERT_EQ(cells.size(), 8U);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const PixelRect& c = cells[i];
    EXPECT_GE(c.x, 0);
    EXPECT_LE(c.right(), 800);
    EXPECT_GE(c.y, 12);
    EXPECT_LE(c.bottom(), 300);
    EXPECT_EQ(c.width, c.height);
    for (std::size_t j = 0; j < i; ++j) {
      const PixelRect& o = cells[j];
      EXPECT_TRUE(c.x >= o.right() || o.x >= c.right() || c.y >= o.bottom() || o.y >= c.bottom());
    }
  }
  EXPECT_GE(cells[0].width, 130);  // 4 x 2: (300 - 24 - 4) / 2 = 136
  EXPECT_TRUE(neuron_cells(PixelRect{0, 0, 5, 5}, 64, 1.0, 12, 4).empty());  // no room: none
}

}  // namespace
}  // namespace nnviz::render

namespace nnviz::render {
namespace {

// 64 of a layer's 100 units in small pictures: every picture's name stays clear of its
// neighbour's (a white column between any two names of a row), names are drawn, and the note of
// the units left out never runs into the colour bar's labels.
TEST(renderer, neuron_names_never_touch_their_neighbours) {
  for (const auto& [w, h] : {std::pair{900, 300}, std::pair{600, 200}, std::pair{1800, 600}}) {
    SCOPED_TRACE(std::to_string(w) + "x" + std::to_string(h));
    TestScene t = make_scene(1, 21);
    t.scene.panels[0].kind = scene::PanelKind::neurons;
    const auto& mesh = std::get<scene::MeshPanel>(t.scene.panels[0].content);
    scene::NeuronsPanel n;
    n.grid = mesh.mesh;
    n.values = Eigen::MatrixXd::Zero(n.grid.rows(), 64);
    n.units = 100;
    n.data.resize(2, 2);
    n.data << -0.95, 0.95, 0.95, -0.95;
    t.scene.panels[0].content = n;
    RenderOptions o;
    o.width = w;
    o.height = h;
    o.panels = parse_panels({"neurons"});
    Renderer r(o);
    util::Frame f;
    r.render(t.scene, t.view, f);
    const Layout l = make_layout(f.width, f.height, PanelSet::in_order(1), false);
    const NeuronsGeometry g = neurons_geometry(n, l.panels[0], l);
    ASSERT_EQ(g.pictures.size(), 64U);
    const auto white = [&](int x, int y) { return (f.argb(x, y) & 0xFFFFFF) == 0xFFFFFF; };
    int inked_titles = 0;
    for (std::size_t k = 0; k + 1 < g.pictures.size(); ++k) {
      const PixelRect& a = g.pictures[k];
      const PixelRect& b = g.pictures[k + 1];
      if (a.y != b.y) continue;  // the next row
      // The title band above the pictures, between the two pictures' centres.
      const int top = std::max(0, a.y - static_cast<int>(1.6 * l.fonts.tick * l.text_pt)), bottom = a.y - 1;
      bool clear_column = false, ink = false;
      for (int x = a.x + a.width / 2; x <= b.x + b.width / 2; ++x) {
        bool column_white = true;
        for (int y = top; y <= bottom; ++y) column_white = column_white && white(x, y);
        clear_column = clear_column || column_white;
        ink = ink || !column_white;
      }
      EXPECT_TRUE(clear_column) << "the names of units " << k << " and " << k + 1 << " touch";
      inked_titles += ink;
    }
    // At 600x200 the pictures are narrower than a number: none is named there.
    if (w >= 900) EXPECT_GT(inked_titles, 0) << "no picture has a name";
  }
}

}  // namespace
}  // namespace nnviz::render
