#pragma once
// Where things go in a figure: the heading on top, then the panels in one row, one column per
// network layer, or a grid (whichever fits the frame's shape best), each with room for its title, tick labels and axis
// labels. Pure geometry, no Cairo.
#include <optional>
#include <utility>
#include <vector>

#include "nnviz/render/viewport.hpp"

namespace nnviz::render {

// Font sizes in typographic points; multiplied by Layout::pt for pixels.
struct FontSizes {
  double heading = 14;  // "Epoch N", bold (the notebook's title at 18x6 in, 100 dpi)
  double metrics = 12;  // "Accuracy 0.xxx - Loss 0.xxx"
  double caption = 11;  // RenderOptions::title
  double title = 12;    // per panel
  double label = 11;    // axis labels
  double tick = 10;     // tick labels
};

// What a figure shows, as the layout arranges it: `count` panels, drawn in order. When they are a
// network's layers (`layers` > 0: the input panel if `input`, then `layers` pre-activation /
// activation pairs in network order, then the loss panel if `loss`), they are laid out in one
// row, or one column per hidden layer, its pre-activation panel above its activation panel, the
// input panel in the first column and the loss panel in the last, each centred between the two
// rows (a deep network reads left to right, layer by layer; a square frame's three panels use
// its height), whichever gives the larger panels (the row unless the columns' are more than 5%
// larger). Other panels: one row, or the grid with the largest panels.
// The stats panel is laid out as the loss panel is (after it, in a column or cell of its own).
struct PanelSet {
  int count = 3;
  int layers = 0;
  bool input = false, loss = false, stats = false;
  [[nodiscard]] bool layered() const { return layers > 0 && count == layers * 2 + input + loss + stats; }
  static PanelSet in_order(int count) { return PanelSet{count, 0, false, false, false}; }
  bool operator==(const PanelSet&) const = default;
};

struct Layout {
  int width = 0, height = 0;
  int columns = 1, rows = 1;
  // Pixels per point: 100/72 for the notebook's 1800x600 (18x6 in at 100 dpi, three 6x6 in
  // cells); scales with the panels' cells (make_layout), so text fits the panels it labels.
  double pt = 100.0 / 72.0;
  // Pixels per point for text and the margins that hold it: pt, but never under
  // min_text_pt, so a small figure or a small grid cell keeps legible text (tick labels at
  // least 9 px, the heading at least 12.6 px) and gives the panels less room instead.
  double text_pt = 100.0 / 72.0;
  static constexpr double min_text_pt = 0.9;
  FontSizes fonts;
  double heading_centre_x = 0;  // the middle of the top row of panels
  double heading_top = 0;       // y of the heading's first line
  double heading_height = 0;    // the heading band's height (its lines and margins)
  std::vector<PixelRect> panels;  // each panel's plot area (inside its frame)
};

// A panel's plot area narrowed (from the right) to leave room for a second y axis's tick labels
// and label on its right, as the loss panel has.
PixelRect with_right_axis(const Layout& layout, const PixelRect& panel);

// The smallest figure of the shape of width x height (same aspect, at least as big) that has room
// for `panel_count` panels; nullopt when none up to 16384 pixels has.
std::optional<std::pair<int, int>> minimum_figure_size(int width, int height, const PanelSet& panels,
                                                       bool with_caption, double scale = 1.0);
// UsageError (field "size") naming the smallest size that fits when the figure is too small for
// `panel_count` panels: callable before any work (app checks it before training).
void check_figure_size(int width, int height, const PanelSet& panels, bool with_caption, double scale = 1.0);

// Throws UsageError (as check_figure_size) when the figure is too small for `panel_count` panels. `scale` multiplies
// the pixels per point (RenderOptions::scale).
Layout make_layout(int width, int height, const PanelSet& panels, bool with_caption, double scale = 1.0);
// `panel_count` panels in order (PanelSet::in_order).
Layout make_layout(int width, int height, int panel_count, bool with_caption, double scale = 1.0);

}  // namespace nnviz::render
