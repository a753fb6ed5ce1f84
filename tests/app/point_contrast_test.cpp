// Every data point reads as its class on either region: on a real frame (the notebook's run with
// held-out points), in both styles and both palettes, a filled point's centre differs from the
// region under it by a clear colour difference, and a held-out (hollow) point's does not.
#include <gtest/gtest.h>

#include <cmath>
#include <variant>

#include "nnviz/app/train_run.hpp"
#include "nnviz/render/layout.hpp"
#include "nnviz/render/palette.hpp"
#include "nnviz/render/renderer.hpp"
#include "nnviz/render/viewport.hpp"
#include "nnviz/scene/run_scenes.hpp"
#include "nnviz/util/interrupt.hpp"

namespace {

using nnviz::render::delta_e76;
using nnviz::render::from_argb;

struct Contrast {
  double filled_clear = 0;  // fraction of filled points whose centre is >= 20 dE from the region
  double hollow_clear = 0;  // the same for hollow points (should be small: the region shows through)
  int filled = 0, hollow = 0;
};

Contrast measure(nnviz::render::Style style, const std::string& palette) {
  nnviz::app::TrainRequest request;  // the notebook's blobs and net, 30% held out
  request.validation_split = 0.3;
  request.training.epochs = 60;
  request.training.stop_loss = 0.0;
  const nnviz::util::InterruptFlag never;
  const nnviz::run::RunRecord run = nnviz::app::train_record(request, never);
  const nnviz::scene::RunScenes scenes(run, 200, run.checkpoints.size(), never);
  const auto views = scenes.plan_views(nnviz::scene::AxesMode::smooth, never);
  const std::size_t last = scenes.size() - 1;

  nnviz::render::RenderOptions o;
  o.style = style;
  o.palette = palette;
  nnviz::render::Renderer renderer(o);
  const nnviz::scene::Scene scene = scenes.scene(last);
  nnviz::util::Frame with_points, regions;
  renderer.render(scene, views[last], with_points);
  // The same frame with every data point moved far outside its panel: the bare regions.
  nnviz::scene::Scene bare = scene;
  for (auto& panel : bare.panels)
    if (auto* m = std::get_if<nnviz::scene::MeshPanel>(&panel.content)) m->data.array() += 1e6;
  renderer.render(bare, views[last], regions);

  const nnviz::render::Layout layout = nnviz::render::make_layout(o.width, o.height, 3, false);
  const nnviz::render::Viewport vp(layout.panels[0], views[last][0]);
  const auto& data = std::get<nnviz::scene::MeshPanel>(scene.panels[0].content).data;
  Contrast c;
  int filled_clear = 0, hollow_clear = 0;
  for (Eigen::Index i = 0; i < data.rows(); ++i) {
    const int x = static_cast<int>(std::floor(vp.px(data(i, 0))));
    const int y = static_cast<int>(std::floor(vp.py(data(i, 1))));
    const double de = delta_e76(from_argb(with_points.argb(x, y)), from_argb(regions.argb(x, y)));
    const bool hollow = !scene.held_out.empty() && scene.held_out[static_cast<std::size_t>(i)];
    (hollow ? c.hollow : c.filled) += 1;
    (hollow ? hollow_clear : filled_clear) += de >= 20.0;
  }
  c.filled_clear = static_cast<double>(filled_clear) / c.filled;
  c.hollow_clear = static_cast<double>(hollow_clear) / c.hollow;
  return c;
}

class point_contrast : public testing::TestWithParam<std::tuple<nnviz::render::Style, std::string>> {};

TEST_P(point_contrast, filled_points_stand_out_from_either_region_and_hollow_ones_show_it) {
  const auto [style, palette] = GetParam();
  const Contrast c = measure(style, palette);
  ASSERT_GT(c.filled, 200);
  ASSERT_GT(c.hollow, 80);
  // Nearly all: a point drawn under another point of the same class keeps that one's colour.
  EXPECT_GE(c.filled_clear, 0.97) << c.filled << " filled points";
  // A hollow point's centre is the region itself, unless another point covers it.
  EXPECT_LE(c.hollow_clear, 0.25) << c.hollow << " hollow points";
}

INSTANTIATE_TEST_SUITE_P(styles_and_palettes, point_contrast,
                         testing::Combine(testing::Values(nnviz::render::Style::surface, nnviz::render::Style::points),
                                          testing::Values(std::string("seaborn"), std::string("okabe-ito"))));

}  // namespace
