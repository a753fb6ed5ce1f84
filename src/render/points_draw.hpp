#pragma once
// The data points of one panel, as pre-rendered dots in their class colours.
#include <Eigen/Core>
#include <vector>

#include "nnviz/render/viewport.hpp"
#include "sprite.hpp"

namespace nnviz::render {

// Dots per class: filled (training points) and hollow (held-out points); the rings that mark a
// misclassified point, in the colour of the class it is predicted to be.
struct DotSprites {
  Sprite filled[2];
  Sprite hollow[2];
  Sprite wrong[2];
};

struct PointsData {
  const Eigen::MatrixXd& points;     // (n, 2) in the panel's data coordinates
  const Eigen::VectorXd& labels;     // (n) 0/1
  const std::vector<bool>& held_out;  // (n) or empty
  const DotSprites& sprites;
  // (n) P(class 1) of each point: when given, each misclassified point (P > 0.5 against label
  // 0, or not against 1) gets a ring in its predicted class's colour, over every dot.
  const Eigen::VectorXd* prob = nullptr;
};

// In row order, clipped to the panel; then the misclassified points' rings.
void draw_data_points(cairo_t* cr, const PointsData& data, const Viewport& vp);

// A point the network puts in the other class: P(class 1) > 0.5 decides class 1, as accuracy does.
inline bool misclassified(double label, double prob) { return (prob > 0.5) != (label > 0.5); }

}  // namespace nnviz::render
