// The stats panel's pixels: a bin holding more values is darker; frames not shown yet are white.
#include <gtest/gtest.h>

#include <memory>

#include "nnviz/render/panels.hpp"
#include "nnviz/render/renderer.hpp"
#include "nnviz/scene/stats.hpp"
#include "stats_draw.hpp"
#include "text.hpp"

namespace nnviz::render {
namespace {

// One hidden tanh layer and the output, 4 bins over [-1, 1], two snapshots (epochs 0 and 10).
std::shared_ptr<scene::RunStats> hand_stats() {
  auto s = std::make_shared<scene::RunStats>();
  s->hidden_layers = 1;
  s->layers.resize(2);
  for (scene::LayerBins& lb : s->layers)
    for (scene::Bins& b : lb.bins) b = scene::Bins{-1, 1, 4};
  s->layers[0].fraction = scene::UnitFraction::saturated;
  s->layers[0].activation = "tanh";
  for (int k = 0; k < 2; ++k) {
    scene::FrameStats f;
    f.metrics.epoch = 10 * k;
    f.counts.resize(2);
    for (auto& layer : f.counts)
      for (auto& q : layer) q = {0, 0, 0, 0};
    f.fractions = {0.5};
    s->frames.push_back(f);
  }
  // Weights, frame 0: bin 0 empty, bin 1 one value, bin 2 a hundred, bin 3 ten.
  s->frames[0].counts[0][0] = {0, 1, 100, 10};
  // Frame 1: all hundred in bin 0.
  s->frames[1].counts[0][0] = {100, 0, 0, 0};
  return s;
}

double grey(std::uint32_t argb) { return ((argb >> 16 & 0xFF) + (argb >> 8 & 0xFF) + (argb & 0xFF)) / 3.0; }

struct Drawn {
  util::Frame frame;
  StatsStrip weights;
  Viewport epochs;
};

Drawn draw_frame(std::size_t shown, int width, int height) {
  scene::Scene s;
  s.mesh_resolution = 2;
  s.mesh_prob = Eigen::VectorXd::Constant(4, 0.5);
  set_stats(s, hand_stats(), shown);
  RenderOptions o;
  o.width = width;
  o.height = height;
  o.panels = {PanelChoice{scene::PanelKind::stats}};
  Renderer r(o);
  const scene::Bounds view{-0.5, 10.5, 0, 1};
  Drawn d{{}, {}, Viewport({0, 0, 1, 1}, view)};
  r.render(s, {view}, d.frame);
  Text text;
  text.set_sizes(r.layout().fonts, r.layout().text_pt);
  const PixelRect plot = r.layout().panels.at(0);
  const std::vector<StatsStrip> strips = stats_strips(plot, 1, true, r.layout(), text);
  EXPECT_EQ(strips.size(), 4u);  // weights, pre-activations, gradients, fractions
  d.weights = strips.at(0);
  d.epochs = Viewport(d.weights.rect, view);
  return d;
}

// The pixel at epoch `x` in the middle of bin `bin` (of 4) of `strip`.
std::uint32_t bin_pixel(const Drawn& d, double x, int bin) {
  const PixelRect& r = d.weights.rect;
  const double y = r.y + (3 - bin + 0.5) * r.height / 4.0;
  return d.frame.argb(static_cast<int>(d.epochs.px(x)), static_cast<int>(y));
}

TEST(stats_panel, a_bin_with_more_values_is_darker) {
  for (const auto& [w, h] : {std::pair{1800, 600}, {1200, 1200}, {640, 360}}) {
    const Drawn d = draw_frame(1, w, h);
    const double empty = grey(bin_pixel(d, 2.5, 0)), one = grey(bin_pixel(d, 2.5, 1)),
                 hundred = grey(bin_pixel(d, 2.5, 2)), ten = grey(bin_pixel(d, 2.5, 3));
    EXPECT_EQ(empty, 255.0) << w << "x" << h;
    EXPECT_LT(one, 235.0) << w << "x" << h;  // a lone value is visible
    EXPECT_LT(ten, one - 20) << w << "x" << h;
    EXPECT_LT(hundred, ten - 20) << w << "x" << h;
    EXPECT_LT(hundred, 40.0) << w << "x" << h;  // the fullest bin of the run is near black
    // Frame 1's column (epochs 5..15): its hundred values in bin 0, as dark as frame 0's hundred.
    EXPECT_NEAR(grey(bin_pixel(d, 8.0, 0)), hundred, 2.0);
    EXPECT_EQ(grey(bin_pixel(d, 8.0, 2)), 255.0);
  }
}

TEST(stats_panel, frames_not_shown_yet_stay_white) {
  const Drawn d = draw_frame(0, 1800, 600);
  EXPECT_LT(grey(bin_pixel(d, 2.5, 2)), 60.0);
  EXPECT_EQ(grey(bin_pixel(d, 8.0, 0)), 255.0);  // frame 1 is not drawn at frame 0
}

TEST(stats_panel, bin_colour_darkens_with_log_count) {
  const double top = std::log1p(1000.0);
  EXPECT_EQ(stats_bin_colour(0, top).r, 1.0);
  EXPECT_GT(stats_bin_colour(1, top).r, stats_bin_colour(10, top).r);
  EXPECT_GT(stats_bin_colour(10, top).r, stats_bin_colour(1000, top).r);
  // The darkness is linear in log(1 + count).
  const double a = stats_bin_colour(1, top).r, b = stats_bin_colour(31, top).r, c = stats_bin_colour(1000, top).r;
  EXPECT_NEAR((a - b) / (a - c), (std::log1p(31.0) - std::log1p(1.0)) / (top - std::log1p(1.0)), 1e-9);
}

TEST(stats_panel, parse_panels_takes_stats_and_the_default_leaves_it_out) {
  EXPECT_EQ(parse_panels({"stats"}), (std::vector<PanelChoice>{{scene::PanelKind::stats}}));
  EXPECT_TRUE(shows_stats(parse_panels({"input", "stats"})));
  EXPECT_FALSE(shows_stats(parse_panels({"all"})));
  scene::Panel p;
  p.kind = scene::PanelKind::stats;
  EXPECT_FALSE(is_chosen({}, p));
  EXPECT_EQ(panel_name({scene::PanelKind::stats}), "stats");
  // Laid out like loss: after the layer panels of a layered set.
  const PanelSet set = shown_panel_set(parse_panels({"input", "hidden", "activation", "loss", "stats"}), 1);
  EXPECT_TRUE(set.layered());
  EXPECT_TRUE(set.stats);
  EXPECT_EQ(set.count, 5);
}

}  // namespace
}  // namespace nnviz::render
