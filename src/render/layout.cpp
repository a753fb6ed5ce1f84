#include "nnviz/render/layout.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "nnviz/util/error.hpp"

namespace nnviz::render {

namespace {

constexpr double max_aspect = 1.2;  // panel width / height; wider cells leave gaps between panels
constexpr double right_margin_pt = 12;

struct Margins {  // in pixels, around one panel's plot area inside its grid cell
  double left, right, top, bottom;
};

Margins cell_margins(const FontSizes& f, double pt) {
  // Tick labels like "−0.5" are about 2.6 em wide; 3.5 pt padding as matplotlib's.
  return {pt * (f.tick * 2.6 + 3.5 + f.label * 1.3 + 4), pt * right_margin_pt, pt * (f.title * 1.3 + 6),
          pt * (f.tick * 1.3 + 3.5 + f.label * 1.3 + 4)};
}

// A cell of the arrangement: column, and row (a fraction centres a panel between rows).
struct Cell {
  int column;
  double row;
};

Layout try_layout(int width, int height, const std::vector<Cell>& cells, int columns, int rows, bool caption,
                  double scale) {
  Layout l;
  l.width = width;
  l.height = height;
  l.columns = columns;
  l.rows = rows;
  // Text and marks follow the size of a panel's cell: the notebook's cell (a third of an 18x6 in
  // figure at 100 dpi, 6x6 in) is the reference, so a square frame's larger panels get larger
  // text and a deep network's smaller ones smaller (down to the text floor). The cell as a panel
  // can use it (at most max_aspect as wide as tall, or as tall as wide), their geometric mean.
  const double cw = static_cast<double>(width) / columns, ch = static_cast<double>(height) / rows;
  const double usable = std::sqrt(std::min(cw, max_aspect * ch) * std::min(ch, max_aspect * cw));
  l.pt = scale * usable / 6.0 / 72.0;
  l.text_pt = std::max(l.pt, Layout::min_text_pt);
  const FontSizes& f = l.fonts;
  const double pt = l.text_pt;  // the heading and the margins hold text
  l.heading_top = pt * 8;
  const double heading_h =
      l.heading_top + pt * (f.heading * 1.25 + f.metrics * 1.3 + (caption ? f.caption * 1.3 : 0) + 4);
  l.heading_height = heading_h;
  const double outer_side = l.pt * 8, outer_bottom = l.pt * 4;
  const double cell_w = (width - 2 * outer_side) / columns;
  const double cell_h = (height - heading_h - outer_bottom) / l.rows;
  const Margins m = cell_margins(f, pt);
  // At most max_aspect wide or tall: a square or tall figure gives square-ish panels, centred in
  // their cells, not stretched ones.
  const double room_h = std::floor(cell_h - m.top - m.bottom);
  const double panel_w = std::floor(std::min(cell_w - m.left - m.right, room_h * max_aspect));
  const double panel_h = std::floor(std::min(room_h, panel_w * max_aspect));
  if (panel_w < 24 || panel_h < 24) return l;  // no panels: too small to show anything
  // Rows as tall as their panels need, the heading and the rows centred as a block: panels capped
  // by their width (a square figure) leave no gaps between the rows or under the heading.
  const double row_h = std::min(cell_h, panel_h + m.top + m.bottom);
  const double spare = 0.5 * (cell_h - row_h) * l.rows;
  const double block_top = heading_h + spare;
  l.heading_top += spare;
  double left = width, right = 0;
  for (const Cell& c : cells) {
    const double cell_x = outer_side + c.column * cell_w;
    // Centre the plot area plus its margins in the cell.
    const double used = m.left + panel_w + m.right;
    const double x = cell_x + 0.5 * (cell_w - used) + m.left;
    const double y = block_top + c.row * row_h + m.top;
    l.panels.push_back({static_cast<int>(std::lround(x)), static_cast<int>(std::lround(y)),
                        static_cast<int>(panel_w), static_cast<int>(panel_h)});
    left = std::min(left, static_cast<double>(l.panels.back().x));
    right = std::max(right, static_cast<double>(l.panels.back().right()));
  }
  l.heading_centre_x = 0.5 * (left + right);  // over the panels as a whole
  return l;
}

// `n` panels in order, `columns` to a row.
Layout try_grid(int width, int height, int n, int columns, bool caption, double scale) {
  std::vector<Cell> cells;
  for (int i = 0; i < n; ++i) cells.push_back({i % columns, static_cast<double>(i / columns)});
  return try_layout(width, height, cells, columns, (n + columns - 1) / columns, caption, scale);
}

// PanelSet::layered(): input | one column per layer (pre above activation) | loss.
Layout try_layers(int width, int height, const PanelSet& set, bool caption, double scale) {
  std::vector<Cell> cells;
  int column = 0;
  if (set.input) cells.push_back({column++, 0.5});
  for (int l = 0; l < set.layers; ++l, ++column) {
    cells.push_back({column, 0.0});
    cells.push_back({column, 1.0});
  }
  if (set.loss) cells.push_back({column++, 0.5});
  if (set.stats) cells.push_back({column++, 0.5});
  return try_layout(width, height, cells, column, 2, caption, scale);
}

// PanelSet::layered() in rows of `columns` cells: the input panel, each layer's pair side by side
// (a pair that would not fit the rest of a row starts the next one, leaving a cell empty), the
// loss panel: for square and tall frames, where one column per layer leaves rows of white.
Layout try_pair_rows(int width, int height, const PanelSet& set, int columns, bool caption, double scale) {
  std::vector<Cell> cells;
  int row = 0, column = 0;
  const auto place = [&](int span) {
    if (column + span > columns) ++row, column = 0;
    for (int k = 0; k < span; ++k) cells.push_back({column++, static_cast<double>(row)});
  };
  if (set.input) place(1);
  for (int l = 0; l < set.layers; ++l) place(2);
  if (set.loss) place(1);
  if (set.stats) place(1);
  return try_layout(width, height, cells, columns, row + 1, caption, scale);
}

}  // namespace

PixelRect with_right_axis(const Layout& layout, const PixelRect& panel) {
  // Tick labels such as "1.0" (about 2 em), their padding, the rotated label: axes.cpp's right
  // axis, less the right margin every panel has anyway.
  const FontSizes& f = layout.fonts;
  const double room = layout.text_pt * (3.5 + 1 + f.tick * 2.0 + 2 + f.label * 1.3 + 2 - right_margin_pt);
  PixelRect r = panel;
  r.width = std::max(panel.width / 2, panel.width - static_cast<int>(std::ceil(std::max(0.0, room))));
  return r;
}

namespace {

// Whether the panels (their plot areas) span at least half the frame's width and of its height
// under the heading (at the smallest sizes legible text takes much of the height): a row
// of many panels in a wide frame leaves white bands above and below it.
bool fills_frame(const Layout& l) {
  int x0 = l.width, x1 = 0, y0 = l.height, y1 = 0;
  for (const PixelRect& p : l.panels) {
    x0 = std::min(x0, p.x), x1 = std::max(x1, p.right());
    y0 = std::min(y0, p.y), y1 = std::max(y1, p.bottom());
  }
  return 2 * (x1 - x0) >= l.width && 2 * (y1 - y0) >= l.height - l.heading_height;
}

// The candidate with the largest panels (by their shorter side) among those that fill the frame
// (fills_frame), else among all; an earlier candidate keeps its place unless a later one's panels
// are more than 5% larger, so the notebook's row stays a row.
Layout best_layout(int width, int height, const PanelSet& set, bool with_caption, double scale) {
  const int panel_count = set.count;
  Layout best;
  double best_side = -1;
  bool best_fills = false;
  const auto consider = [&](Layout l) {
    if (l.panels.empty()) return;
    const double side = std::min(l.panels[0].width, l.panels[0].height);
    const bool fills = fills_frame(l);
    if (best_side < 0 || (fills && !best_fills) || (fills == best_fills && side > best_side * 1.05)) {
      best_side = side;
      best_fills = fills;
      best = std::move(l);
    }
  };
  // One row first (the notebook's figure), then what uses a tall or square frame better:
  // a network's layers one column per layer (each pair together), other panels as grids.
  consider(try_grid(width, height, panel_count, panel_count, with_caption, scale));
  if (set.layered()) {
    consider(try_layers(width, height, set, with_caption, scale));
    for (int columns = std::min(panel_count - 1, 4); columns >= 2; --columns)
      consider(try_pair_rows(width, height, set, columns, with_caption, scale));
  } else {
    for (int columns = panel_count - 1; columns >= 1; --columns)
      consider(try_grid(width, height, panel_count, columns, with_caption, scale));
  }
  return best;
}

}  // namespace

std::optional<std::pair<int, int>> minimum_figure_size(int width, int height, const PanelSet& panels,
                                                       bool with_caption, double scale) {
  if (panels.count < 1 || width < 1 || height < 1) return std::nullopt;
  // Text and margins grow with the figure, so a too-small figure needs more pixels at the same
  // shape: the smallest one (by its longer side) that fits, up to the 16384 limit.
  const int longer = std::max(width, height);
  for (int side = longer; side <= 16384; ++side) {
    const int w = static_cast<int>(std::lround(static_cast<double>(width) * side / longer));
    const int h = static_cast<int>(std::lround(static_cast<double>(height) * side / longer));
    if (w < 1 || h < 1 || w > 16384 || h > 16384) continue;
    if (!best_layout(w, h, panels, with_caption, scale).panels.empty()) return std::pair{w, h};
  }
  return std::nullopt;
}

void check_figure_size(int width, int height, const PanelSet& set, bool with_caption, double scale) {
  if (!best_layout(width, height, set, with_caption, scale).panels.empty()) return;
  const int panel_count = set.count;
  const std::string size = std::to_string(width) + "x" + std::to_string(height);
  const std::string panels = std::to_string(panel_count) + (panel_count == 1 ? " panel" : " panels");
  const auto least = minimum_figure_size(width, height, set, with_caption, scale);
  throw UsageError("size", "figure size " + size + " is too small for " + panels +
                               (least ? "; the smallest of this shape is " + std::to_string(least->first) + "x" +
                                            std::to_string(least->second)
                                      : "; no size of this shape up to 16384 pixels fits them: make it less narrow"));
}

Layout make_layout(int width, int height, const PanelSet& panels, bool with_caption, double scale) {
  if (panels.count < 1) throw Error("layout: a figure needs at least one panel");
  if (width < 1 || height < 1) throw UsageError("figure size must be positive");
  if (!(scale > 0.0 && scale <= 16.0)) throw UsageError("render scale must be in (0, 16]");
  check_figure_size(width, height, panels, with_caption, scale);
  return best_layout(width, height, panels, with_caption, scale);
}

Layout make_layout(int width, int height, int panel_count, bool with_caption, double scale) {
  return make_layout(width, height, PanelSet::in_order(panel_count), with_caption, scale);
}

}  // namespace nnviz::render
