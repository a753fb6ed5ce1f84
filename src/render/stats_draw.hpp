#pragma once
// The stats panel (scene/stats.hpp): per hidden layer, three heat strips stacked (weights,
// pre-activations, gradients: x the epochs, y the value, each bin's grey darker with
// log(1 + count)), then one strip with each layer's dead or saturated fraction of units as a line
// over [0, 1]. Its own title, epoch ticks and strip labels, in the layout's fonts.
#include <cairo.h>

#include <vector>

#include "nnviz/render/layout.hpp"
#include "nnviz/render/palette.hpp"
#include "nnviz/render/viewport.hpp"
#include "nnviz/scene/scene.hpp"
#include "text.hpp"

namespace nnviz::render {

struct StatsStyle {
  double line_width = 1.5;  // the fraction lines, pixels
  double marker = 6.5;      // the current snapshot's point on them
};

// The grey of a bin holding `count` values in a strip whose fullest bin over the run holds
// max_log = log(1 + max count): light for one value, near black for the fullest; white for none.
Rgb stats_bin_colour(double count, double max_log);

// The strips' places in the plot area `plot` (the layout's panel rect), top to bottom: for a
// figure with `hidden_layers` hidden layers (and a fraction strip when `fractions`). For tests.
struct StatsStrip {
  PixelRect rect;
  int layer = -1;     // hidden layer, 0-based; -1 the fraction strip
  int quantity = -1;  // scene::StatQuantity, -1 the fraction strip
};
std::vector<StatsStrip> stats_strips(const PixelRect& plot, int hidden_layers, bool fractions, const Layout& layout,
                                     Text& text);

// Draws the panel in `plot`; `view` is its planned view (only the x range is used: epochs).
void draw_stats_panel(cairo_t* cr, const scene::Panel& panel, const scene::StatsPanel& stats, const PixelRect& plot,
                      const scene::Bounds& view, const Layout& layout, Text& text, const StatsStyle& style);

}  // namespace nnviz::render
