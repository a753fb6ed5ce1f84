// The PCA panels of a deep run move continuously from frame to frame (scene::RunScenes chains
// the projections), on the run that showed mirrored frames when each frame was fitted alone.
#include <gtest/gtest.h>

#include <algorithm>
#include <variant>
#include <vector>

#include "nnviz/app/train_run.hpp"
#include "nnviz/scene/run_scenes.hpp"
#include "nnviz/util/interrupt.hpp"

namespace {

using nnviz::scene::MeshPanel;

// Per consecutive pair of frames, the mean displacement of the data points in panel `p`.
std::vector<double> jumps(const std::vector<nnviz::scene::Scene>& frames, std::size_t p) {
  std::vector<double> out;
  for (std::size_t f = 1; f < frames.size(); ++f) {
    const auto& a = std::get<MeshPanel>(frames[f - 1].panels[p].content).data;
    const auto& b = std::get<MeshPanel>(frames[f].panels[p].content).data;
    out.push_back((b - a).rowwise().norm().mean());
  }
  return out;
}

// The largest ratio of a jump to the median of the 15 jumps before it (from the 16th on): a
// mirrored or swapped frame jumps by the whole spread of the points, far above the motion of
// training around it.
double worst_ratio(const std::vector<double>& j) {
  double worst = 0;
  for (std::size_t i = 15; i < j.size(); ++i) {
    std::vector<double> window(j.begin() + static_cast<long>(i - 15), j.begin() + static_cast<long>(i));
    std::nth_element(window.begin(), window.begin() + 7, window.end());
    worst = std::max(worst, j[i] / std::max(window[7], 1e-12));
  }
  return worst;
}

TEST(deep_projection, no_pca_panel_of_a_deep_spiral_run_jumps_between_frames) {
  nnviz::app::TrainRequest request;
  request.dataset.name = "spiral";
  request.architecture.hidden = {8, 8, 4};
  request.architecture.activations = {nnviz::model::Activation::parse("tanh"), nnviz::model::Activation::parse("relu"),
                                      nnviz::model::Activation::parse("tanh")};
  request.training.optimizer.lr = 0.01;
  request.training.stop_loss = 0.0;
  request.training.epochs = 160;
  const nnviz::util::InterruptFlag never;
  const nnviz::run::RunRecord run = nnviz::app::train_record(request, never);
  ASSERT_EQ(run.checkpoints.size(), 161U);

  const nnviz::scene::RunScenes scenes(run, 10, run.checkpoints.size(), never);  // the mesh does not matter here
  std::vector<nnviz::scene::Scene> chained, alone;
  for (std::size_t f = 0; f < scenes.size(); ++f) {
    chained.push_back(scenes.scene(f));
    const auto& c = run.checkpoints[f];
    alone.push_back(nnviz::scene::make_scene(c.network(), run.train, run.validation, scenes.mesh(), c.metrics));
  }
  // Panels: input, then pre/post per layer; all three layers are projected (8, 8, 4 units).
  double worst_alone = 0;
  for (std::size_t p = 1; p <= 6; ++p) {
    ASSERT_NE(chained[0].panels[p].title.find("PCA"), std::string::npos) << chained[0].panels[p].title;
    const double w = worst_ratio(jumps(chained, p));
    EXPECT_LT(w, 6.0) << chained[0].panels[p].title;
    worst_alone = std::max(worst_alone, worst_ratio(jumps(alone, p)));
  }
  // The measure is sharp enough to see what fitting every frame alone did on this run.
  EXPECT_GT(worst_alone, 6.0);
}

}  // namespace
