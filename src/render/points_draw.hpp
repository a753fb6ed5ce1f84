#pragma once
// The data points of one panel, as pre-rendered dots in their class colours.
#include <Eigen/Core>
#include <vector>

#include "nnviz/render/viewport.hpp"
#include "sprite.hpp"

namespace nnviz::render {

// Dots per class: filled (training points) and hollow (held-out points).
struct DotSprites {
  Sprite filled[2];
  Sprite hollow[2];
};

struct PointsData {
  const Eigen::MatrixXd& points;     // (n, 2) in the panel's data coordinates
  const Eigen::VectorXd& labels;     // (n) 0/1
  const std::vector<bool>& held_out;  // (n) or empty
  const DotSprites& sprites;
};

// In row order, clipped to the panel.
void draw_data_points(cairo_t* cr, const PointsData& data, const Viewport& vp);

}  // namespace nnviz::render
