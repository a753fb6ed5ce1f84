#include "nnviz/sweep/tiles.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "nnviz/util/error.hpp"

namespace nnviz::sweep {
namespace {

std::string shown_value(const Axis& a, std::size_t v) {
  const std::string& text = a.labels.empty() ? a.values[v] : a.labels[v];
  return a.prefix.empty() ? text : a.prefix + " " + text;
}

std::string axis_name(const Axis& a) { return a.prefix.empty() ? a.key : a.prefix; }

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : " \u00b7 ") + p;
  return out;
}

// One axis of `count` values wrapped into at most `wrap` columns, rows as even as possible.
void wrap_one_row(TableShape& t, std::size_t count, int wrap, const std::vector<std::string>& headers) {
  const int limit = std::max(1, wrap);
  const int rows = static_cast<int>((count + limit - 1) / limit);
  t.columns = static_cast<int>((count + rows - 1) / rows);
  t.rows = rows;
  t.wrapped = rows > 1;
  t.cells.clear();
  for (std::size_t i = 0; i < count; ++i)
    t.cells.emplace_back(static_cast<int>(i) / t.columns, static_cast<int>(i) % t.columns);
  t.column_headers.assign(static_cast<std::size_t>(t.rows * t.columns), std::string());
  for (std::size_t i = 0; i < count; ++i)
    t.column_headers[t.wrapped ? i : i % static_cast<std::size_t>(t.columns)] = headers[i];
  if (!t.wrapped) t.column_headers.resize(static_cast<std::size_t>(t.columns));
}

}  // namespace

TableShape shape_table(const std::vector<Axis>& axes,
                       const std::vector<std::vector<std::pair<std::string, std::string>>>& settings,
                       const std::vector<std::string>& labels, int wrap) {
  if (settings.size() != labels.size()) throw Error("tiles: settings and labels disagree");
  if (labels.empty()) throw Error("tiles: nothing to lay out");
  std::vector<std::size_t> varying;
  for (std::size_t a = 0; a < axes.size(); ++a)
    if (axes[a].values.size() > 1) varying.push_back(a);
  // Each tile's value index on every varying axis; a tile that has none falls back to labels.
  std::vector<std::vector<std::size_t>> index(labels.size(), std::vector<std::size_t>(varying.size()));
  bool known = !varying.empty();
  for (std::size_t i = 0; i < labels.size() && known; ++i)
    for (std::size_t k = 0; k < varying.size() && known; ++k) {
      const Axis& a = axes[varying[k]];
      const auto s = std::find_if(settings[i].begin(), settings[i].end(), [&](const auto& kv) { return kv.first == a.key; });
      const auto v = s == settings[i].end() ? a.values.end() : std::find(a.values.begin(), a.values.end(), s->second);
      if (v == a.values.end()) known = false;
      else index[i][k] = static_cast<std::size_t>(v - a.values.begin());
    }
  TableShape t;
  if (!known) {
    wrap_one_row(t, labels.size(), wrap, labels);
    return t;
  }
  // The column axis: the seed when swept, else the widest (the later one of equals: it varies
  // faster, so its values already sit side by side).
  std::size_t col = varying.size();
  for (std::size_t k = 0; k < varying.size(); ++k)
    if (axes[varying[k]].key == "seed") col = k;
  if (col == varying.size()) {
    col = 0;
    for (std::size_t k = 1; k < varying.size(); ++k)
      if (axes[varying[k]].values.size() >= axes[varying[col]].values.size()) col = k;
  }
  const Axis& column_axis = axes[varying[col]];
  t.columns_title = axis_name(column_axis);
  std::vector<std::string> column_headers;
  for (std::size_t v = 0; v < column_axis.values.size(); ++v) column_headers.push_back(shown_value(column_axis, v));
  if (varying.size() == 1) {
    std::vector<std::string> headers(labels.size());
    std::vector<std::size_t> order(labels.size());  // tiles by their value, in the axis's order
    for (std::size_t i = 0; i < labels.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return index[a][0] < index[b][0]; });
    for (std::size_t i = 0; i < labels.size(); ++i) headers[i] = column_headers[index[order[i]][0]];
    wrap_one_row(t, labels.size(), wrap, headers);
    // Place tile order[i] in slot i; report's missing runs close up rather than leave holes.
    std::vector<std::pair<int, int>> cells(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) cells[order[i]] = t.cells[i];
    t.cells = std::move(cells);
    if (!t.wrapped) {  // one row holds every value: missing ones keep their column
      t.columns = static_cast<int>(column_axis.values.size());
      t.column_headers = column_headers;
      for (std::size_t i = 0; i < labels.size(); ++i) t.cells[i] = {0, static_cast<int>(index[i][0])};
    }
    return t;
  }
  t.columns = static_cast<int>(column_axis.values.size());
  t.column_headers = std::move(column_headers);
  // Rows: the other varying axes, mixed radix, the first slowest.
  std::vector<std::string> row_names;
  std::size_t rows = 1;
  for (std::size_t k = 0; k < varying.size(); ++k)
    if (k != col) {
      rows *= axes[varying[k]].values.size();
      row_names.push_back(axis_name(axes[varying[k]]));
    }
  t.rows = static_cast<int>(rows);
  t.rows_title = joined(row_names);
  t.row_headers.resize(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    std::vector<std::string> parts;
    std::size_t rest = r;
    for (std::size_t k = varying.size(); k-- > 0;) {
      if (k == col) continue;
      const Axis& a = axes[varying[k]];
      parts.insert(parts.begin(), shown_value(a, rest % a.values.size()));
      rest /= a.values.size();
    }
    t.row_headers[r] = joined(parts);
  }
  std::vector<int> taken(rows * static_cast<std::size_t>(t.columns), -1);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    std::size_t r = 0;
    for (std::size_t k = 0; k < varying.size(); ++k)
      if (k != col) r = r * axes[varying[k]].values.size() + index[i][k];
    const int c = static_cast<int>(index[i][col]);
    int& slot = taken[r * static_cast<std::size_t>(t.columns) + static_cast<std::size_t>(c)];
    if (slot >= 0) throw Error("tiles: two runs share one cell of the table");
    slot = static_cast<int>(i);
    t.cells.emplace_back(static_cast<int>(r), c);
  }
  return t;
}

TableGeometry table_geometry(const TableShape& shape, int tile_width, int tile_height, const TextWidth& text_width) {
  if (tile_width < 1 || tile_height < 1) throw UsageError("--tile-size: must be positive");
  TableGeometry g;
  g.tile_width = tile_width;
  g.tile_height = tile_height;
  // Headers grow with the tile (a 360x320 tile: 14 px), never under 12 px nor over 20 px.
  const double side = std::min(tile_width, tile_height);
  g.fonts.header = std::clamp(side * 0.045, 12.0, 20.0);
  g.fonts.heading = std::round(g.fonts.header * 1.45);
  g.fonts.figure = std::clamp(side * 0.036, 9.0, 16.0);
  const double line = g.fonts.header * 1.25;
  g.heading_height = static_cast<int>(std::ceil(g.fonts.heading * 1.3 + line + g.fonts.header * 0.8));
  g.header_height = static_cast<int>(std::ceil(line + g.fonts.header * 0.5));
  if (!shape.row_headers.empty()) {
    double widest = text_width(shape.rows_title, g.fonts.header);
    for (const std::string& h : shape.row_headers) widest = std::max(widest, text_width(h, g.fonts.header));
    g.row_header_width = static_cast<int>(std::ceil(widest + 2 * g.fonts.header));
  }
  const long long bands = shape.wrapped ? shape.rows : 1;
  const long long w = g.row_header_width + static_cast<long long>(shape.columns) * tile_width;
  const long long h = g.heading_height + bands * g.header_height + static_cast<long long>(shape.rows) * tile_height;
  constexpr long long cap = 1 << 20;  // far past any limit; keeps int arithmetic safe
  g.width = static_cast<int>(std::min(cap, w + (w % 2)));
  g.height = static_cast<int>(std::min(cap, h + (h % 2)));
  return g;
}

TileGrid plan_tiles(std::size_t count, int tile_width, int tile_height, int max_side, long long max_macroblocks) {
  if (count == 0) throw Error("tiles: nothing to lay out");
  if (tile_width < 1 || tile_height < 1) throw UsageError("--tile-size: must be positive");
  TileGrid best;
  double best_score = -1;
  for (std::size_t c = 1; c <= count; ++c) {
    TileGrid g{static_cast<int>(c), static_cast<int>((count + c - 1) / c), tile_width, tile_height};
    if (static_cast<long long>(g.columns) * tile_width > max_side ||
        static_cast<long long>(g.rows) * tile_height > max_side)
      continue;
    const long long macroblocks = ((static_cast<long long>(g.width()) + 15) / 16) * ((static_cast<long long>(g.height()) + 15) / 16);
    if (max_macroblocks > 0 && macroblocks > max_macroblocks) continue;
    // Distance from 16:9 in log space, so too wide and too tall weigh alike.
    const double score = std::fabs(std::log(double(g.width()) / g.height() / (16.0 / 9.0)));
    if (best_score < 0 || score < best_score) {
      best = g;
      best_score = score;
    }
  }
  if (best_score < 0)
    throw UsageError("--tile-size " + std::to_string(tile_width) + "x" + std::to_string(tile_height) + ": " +
                     std::to_string(count) + " tile(s) do not fit in " + std::to_string(max_side) + " pixels a side" +
                     (max_macroblocks > 0 ? " and " + std::to_string(max_macroblocks * 256) + " pixels" : std::string()) +
                     "; give a smaller tile size");
  return best;
}

void blit(const util::Frame& tile, int x, int y, util::Frame& canvas) {
  const int x0 = std::max(0, x);
  const int y0 = std::max(0, y);
  const int x1 = std::min(canvas.width, x + tile.width);
  const int y1 = std::min(canvas.height, y + tile.height);
  if (x1 <= x0 || y1 <= y0) return;
  const std::size_t bytes = static_cast<std::size_t>(x1 - x0) * 4;
  for (int row = y0; row < y1; ++row) {
    const std::uint8_t* src = tile.pixels.data() + static_cast<std::size_t>(row - y) * tile.stride + 4 * (x0 - x);
    std::uint8_t* dst = canvas.pixels.data() + static_cast<std::size_t>(row) * canvas.stride + 4 * x0;
    std::memcpy(dst, src, bytes);
  }
}

void fill(util::Frame& frame, std::uint32_t argb) {
  // Frame pixels are native-endian 32-bit words (see util/frame.hpp): B, G, R, A bytes here.
  const std::uint8_t bgra[4] = {static_cast<std::uint8_t>(argb), static_cast<std::uint8_t>(argb >> 8),
                                static_cast<std::uint8_t>(argb >> 16), static_cast<std::uint8_t>(argb >> 24)};
  for (int row = 0; row < frame.height; ++row) {
    std::uint8_t* p = frame.pixels.data() + static_cast<std::size_t>(row) * frame.stride;
    for (int col = 0; col < frame.width; ++col) std::memcpy(p + 4 * col, bgra, 4);
  }
}

}  // namespace nnviz::sweep
