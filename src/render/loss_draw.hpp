#pragma once
// The loss panel's curves: loss (left axis) and accuracy (right axis) per epoch, validation
// curves dashed, each curve's current point marked.
#include <cairo.h>

#include <vector>

#include "axes.hpp"
#include "nnviz/render/viewport.hpp"
#include "nnviz/train/checkpoint.hpp"

namespace nnviz::render {

struct LossCurves {
  const std::vector<train::Metrics>& history;  // frames 0..k, the current frame last
  Rgb loss_colour;
  Rgb accuracy_colour;
  double steps_per_epoch = 0.0;  // > 0: frames after gradient steps, placed at step / steps_per_epoch
};

// The legend entries of the curves `draw_loss_curves` draws for this history.
std::vector<LegendEntry> loss_legend(const LossCurves& curves);

// Lines `line_width` wide (pixels), dashes `dash` long; markers `marker` across. Clipped to
// the plot area; non-finite values (a diverged run) break a line.
void draw_loss_curves(cairo_t* cr, const LossCurves& curves, const Viewport& loss, const Viewport& accuracy,
                      double line_width, double dash, double marker);

}  // namespace nnviz::render
