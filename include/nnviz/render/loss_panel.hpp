#pragma once
// The loss panel's second y axis. Its first (loss) and its epochs are the panel's planned view,
// as every panel's (scene::plan_views of the curve panel's bounds).
#include "nnviz/scene/scene.hpp"

namespace nnviz::render {

// Accuracy [0, 1] on the right axis, mapped onto loss [0, top] of the left one (`top` the
// curve panel's bounds.ymax, the run's largest loss), so that the two zeros and the two tops
// line up whatever margin the planned `loss_view` has. Same x range.
scene::Bounds accuracy_view(const scene::Bounds& loss_view, double top);

}  // namespace nnviz::render
