#pragma once
// The loss panel's data ranges: the training curves of the frames so far, against the epochs of
// the whole run, so the axes stay put while the curves grow.
#include "nnviz/scene/scene.hpp"

namespace nnviz::render {

// x: epochs [0, the run's last epoch] in both; y: loss [0, the run's largest loss] (left axis)
// and accuracy [0, 1] (right axis), each padded by the same 5% per side (matplotlib's margin),
// so that the two zeros and the two tops line up.
struct LossViews {
  scene::Bounds loss;
  scene::Bounds accuracy;
};
LossViews loss_views(const scene::Scene& scene);

}  // namespace nnviz::render
