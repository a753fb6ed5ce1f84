// The comparison video as a table of the sweep: rows are settings, columns the seeds (or the
// widest axis), headers name them, tiles are sized from their count, an early-stopped run says so.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>

#include "nnviz/app/train_run.hpp"
#include "nnviz/render/palette.hpp"
#include "nnviz/render/renderer.hpp"
#include "nnviz/scene/run_scenes.hpp"
#include "nnviz/sweep/compare_video.hpp"
#include "nnviz/sweep/grid.hpp"
#include "nnviz/sweep/tiles.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"
#include "sweep_test_util.hpp"

namespace {
namespace fs = std::filesystem;
using namespace nnviz;
using sweep::Axis;
using Settings = std::vector<std::vector<std::pair<std::string, std::string>>>;

Axis axis(const std::string& key, const std::string& prefix, std::vector<std::string> values) {
  return Axis{key, "--" + key, prefix, std::move(values), {}};
}

// The 3x2x5 sweep of the issue, in grid order.
std::vector<Axis> issue_axes() {
  return {axis("activation", "", {"tanh", "relu", "sigmoid"}), axis("lr", "lr", {"0.1", "0.03"}),
          axis("seed", "seed", {"1", "2", "3", "4", "5"})};
}

void grid_of(const std::vector<Axis>& axes, Settings& settings, std::vector<std::string>& labels) {
  for (const sweep::GridRun& r : sweep::expand_grid(axes)) {
    settings.push_back(r.settings);
    labels.push_back(r.label);
  }
}

TEST(table, rows_are_settings_and_columns_are_seeds) {
  Settings settings;
  std::vector<std::string> labels;
  grid_of(issue_axes(), settings, labels);
  ASSERT_EQ(labels.size(), 30U);
  const sweep::TableShape t = sweep::shape_table(issue_axes(), settings, labels, 7);
  EXPECT_EQ(t.rows, 6);
  EXPECT_EQ(t.columns, 5);  // not 7: the five seeds of a setting line up
  EXPECT_FALSE(t.wrapped);
  ASSERT_EQ(t.cells.size(), 30U);
  for (std::size_t i = 0; i < 30; ++i) {
    // Grid order: activation slowest, then lr, the seed fastest.
    const int setting = static_cast<int>(i / 5);
    EXPECT_EQ(t.cells[i], std::make_pair(setting, static_cast<int>(i % 5))) << labels[i];
  }
  EXPECT_EQ(t.row_headers.at(1), "tanh \u00b7 lr 0.03");
  EXPECT_EQ(t.row_headers.at(4), "sigmoid \u00b7 lr 0.1");
  EXPECT_EQ(t.column_headers.at(2), "seed 3");
  EXPECT_EQ(t.rows_title, "activation \u00b7 lr");
  EXPECT_EQ(t.columns_title, "seed");
  // The same runs listed in another order land in the same cells.
  Settings reversed(settings.rbegin(), settings.rend());
  std::vector<std::string> reversed_labels(labels.rbegin(), labels.rend());
  const sweep::TableShape r = sweep::shape_table(issue_axes(), reversed, reversed_labels, 7);
  EXPECT_EQ(r.cells.front(), std::make_pair(5, 4));
}

TEST(table, without_seeds_the_widest_axis_is_the_columns_and_one_axis_wraps_in_order) {
  const std::vector<Axis> axes{axis("activation", "", {"tanh", "relu", "sigmoid"}), axis("lr", "lr", {"0.1", "0.03"}),
                               axis("epochs", "epochs", {"10"})};
  Settings settings;
  std::vector<std::string> labels;
  grid_of(axes, settings, labels);
  const sweep::TableShape t = sweep::shape_table(axes, settings, labels, 8);
  EXPECT_EQ(t.columns, 3);  // activation: 3 values
  EXPECT_EQ(t.rows, 2);
  EXPECT_EQ(t.column_headers.at(1), "relu");
  EXPECT_EQ(t.row_headers.at(1), "lr 0.03");  // the one-value axis is not shown
  EXPECT_EQ(t.cells.at(1), std::make_pair(1, 0));  // tanh, lr 0.03

  std::vector<std::string> seeds;
  for (int s = 1; s <= 12; ++s) seeds.push_back(std::to_string(s));
  const std::vector<Axis> one{axis("seed", "seed", seeds)};
  Settings s12;
  std::vector<std::string> l12;
  grid_of(one, s12, l12);
  const sweep::TableShape w = sweep::shape_table(one, s12, l12, 8);
  EXPECT_TRUE(w.wrapped);
  EXPECT_EQ(w.rows, 2);
  EXPECT_EQ(w.columns, 6);
  EXPECT_EQ(w.cells.at(7), std::make_pair(1, 1));
  EXPECT_EQ(w.column_headers.at(7), "seed 8");  // each wrapped row names its own values
  EXPECT_TRUE(w.row_headers.empty());
}

sweep::CompareVideoOptions mp4_options(const fs::path& out) {
  sweep::CompareVideoOptions o;
  o.output = out;
  o.encode.format = encode::Format::mp4;
  o.sweep_axes = issue_axes();
  return o;
}

std::vector<sweep::CompareTile> planned(const std::vector<Axis>& axes) {
  std::vector<sweep::CompareTile> tiles;
  for (const sweep::GridRun& r : sweep::expand_grid(axes)) tiles.push_back({r.label, nullptr, r.settings});
  return tiles;
}

long long macroblocks(const sweep::TableGeometry& g) {
  return ((g.width + 15LL) / 16) * ((g.height + 15LL) / 16);
}

TEST(table, tile_size_comes_from_the_count_within_the_limits_and_the_text_floors) {
  sweep::CompareVideoOptions o = mp4_options("compare.mp4");
  const sweep::CompareCanvas c30 = sweep::plan_compare_canvas(planned(issue_axes()), o);
  EXPECT_LE(c30.geometry.width, 8192);
  EXPECT_LE(c30.geometry.height, 8192);
  EXPECT_LE(macroblocks(c30.geometry), 36864);
  EXPECT_GE(c30.geometry.fonts.header, 12.0);
  EXPECT_GE(c30.geometry.fonts.figure, 9.0);
  EXPECT_GE(c30.geometry.tile_width, 240);
  EXPECT_EQ(c30.geometry.width % 2, 0);
  EXPECT_EQ(c30.geometry.height % 2, 0);
  // The header bands are part of the canvas.
  EXPECT_GT(c30.geometry.width, 5 * c30.geometry.tile_width);
  EXPECT_GT(c30.geometry.height, 6 * c30.geometry.tile_height);

  // Few runs: larger tiles than the default 360x320, the canvas about full-HD wide at most.
  o.sweep_axes = {axis("seed", "seed", {"1", "2", "3"})};
  const sweep::CompareCanvas c3 = sweep::plan_compare_canvas(planned(o.sweep_axes), o);
  EXPECT_GT(c3.geometry.tile_width, 360);
  EXPECT_LE(c3.geometry.width, 1920);

  // Many runs: smaller tiles, still within H.264 level 5.2 and the floors.
  std::vector<std::string> seeds;
  for (int s = 1; s <= 8; ++s) seeds.push_back(std::to_string(s));
  o.sweep_axes = {axis("activation", "", {"tanh", "relu", "sigmoid"}), axis("lr", "lr", {"1", "0.3", "0.1", "0.03"}),
                  axis("seed", "seed", seeds)};  // 96 runs: 12 rows of 8
  const sweep::CompareCanvas c240 = sweep::plan_compare_canvas(planned(o.sweep_axes), o);
  EXPECT_LT(c240.geometry.tile_width, 360);
  EXPECT_LE(macroblocks(c240.geometry), 36864);
  EXPECT_GE(c240.geometry.fonts.header, 12.0);
  EXPECT_GE(c240.geometry.fonts.figure, 9.0);

  // Too many for any legible tile: refused, naming the way out.
  std::vector<std::string> many;
  for (int s = 1; s <= 600; ++s) many.push_back(std::to_string(s));
  o.sweep_axes = {axis("seed", "seed", many)};
  try {
    (void)sweep::plan_compare_canvas(planned(o.sweep_axes), o);
    ADD_FAILURE() << "600 tiles were accepted";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("compare fewer runs"), std::string::npos) << e.what();
  }

  // A given --tile-size is honoured.
  o.sweep_axes = issue_axes();
  o.tile_width = 200;
  o.tile_height = 180;
  const sweep::CompareCanvas given = sweep::plan_compare_canvas(planned(issue_axes()), o);
  EXPECT_EQ(given.geometry.tile_width, 200);
  EXPECT_EQ(given.geometry.tile_height, 180);
}

// --- a rendered canvas --------------------------------------------------------------------

std::shared_ptr<run::RunRecord> trained(const std::string& activation, std::uint32_t seed, int epochs) {
  app::TrainRequest r;
  r.seed = seed;
  r.dataset.samples = 60;
  r.architecture.activations = {model::Activation::parse(activation)};
  r.training.epochs = epochs;
  r.training.stop_loss = 0.0;
  return std::make_shared<run::RunRecord>(app::train_record(r, util::InterruptFlag()));
}

// Frame `index` of a raw BGRA file of width x height frames.
util::Frame raw_frame(const fs::path& path, int width, int height, int index) {
  util::Frame f;
  f.resize(width, height);
  std::ifstream in(path, std::ios::binary);
  const std::size_t bytes = static_cast<std::size_t>(width) * height * 4;
  in.seekg(static_cast<std::streamoff>(bytes) * index);
  std::vector<char> row(static_cast<std::size_t>(width) * 4);
  for (int y = 0; y < height; ++y) {
    in.read(row.data(), static_cast<std::streamsize>(row.size()));
    std::memcpy(f.pixels.data() + static_cast<std::size_t>(y) * f.stride, row.data(), row.size());
  }
  EXPECT_TRUE(in.good()) << "frame " << index << " of " << path;
  return f;
}

// Pixels in [x0, x1) x [y0, y1) darker than light grey (text), and strongly red ones.
int dark(const util::Frame& f, int x0, int y0, int x1, int y1) {
  int n = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const std::uint32_t p = f.argb(x, y);
      n += ((p >> 16) & 0xFF) < 140 && ((p >> 8) & 0xFF) < 140 && (p & 0xFF) < 140;
    }
  return n;
}
int red(const util::Frame& f, int x0, int y0, int x1, int y1) {
  int n = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const std::uint32_t p = f.argb(x, y);
      n += ((p >> 16) & 0xFF) > 140 && ((p >> 8) & 0xFF) < 90 && (p & 0xFF) < 90;
    }
  return n;
}

bool same_region(const util::Frame& a, int ax, int ay, const util::Frame& b, int bx, int by, int w, int h) {
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      if (a.argb(ax + x, ay + y) != b.argb(bx + x, by + y)) return false;
  return true;
}

TEST(table, tiles_sit_in_their_row_and_column_under_headers_and_a_stopped_run_says_so) {
  const fs::path dir = sweep_test::scratch("table");
  const std::vector<Axis> axes{axis("activation", "", {"tanh", "relu"}), axis("seed", "seed", {"1", "2", "3"})};
  std::vector<sweep::CompareTile> tiles;
  const int epochs = 4;
  for (const sweep::GridRun& r : sweep::expand_grid(axes)) {
    const bool short_run = r.label == "relu, seed 2";
    auto record = trained(r.settings[0].second, static_cast<std::uint32_t>(std::stoul(r.settings[1].second)),
                          short_run ? 1 : epochs);
    if (short_run) record->reason = train::StopReason::stop_loss;
    tiles.push_back({r.label, record, r.settings});
  }
  sweep::CompareVideoOptions o;
  o.output = dir / "compare.bgra";
  o.encode.format = encode::Format::raw;
  o.encode.hold_last = 0;
  o.sweep_axes = axes;
  o.tile_width = 240;
  o.tile_height = 214;
  o.mesh_resolution = 40;
  o.jobs = 2;
  const sweep::CompareCanvas plan = sweep::plan_compare_canvas(tiles, o);
  const sweep::TableGeometry& g = plan.geometry;
  ASSERT_EQ(plan.shape.rows, 2);
  ASSERT_EQ(plan.shape.columns, 3);
  ASSERT_EQ(sweep::write_compare_video(tiles, o, util::InterruptFlag()), epochs + 1);
  const util::Frame first = raw_frame(o.output, g.width, g.height, 0);
  const util::Frame last = raw_frame(o.output, g.width, g.height, epochs);

  // Each run's tile, rendered alone the way the video renders it, is found in its own cell.
  render::RenderOptions look;
  look.width = g.tile_width;
  look.height = g.tile_height;
  look.heading = false;
  look.panels = {render::PanelChoice{scene::PanelKind::input}};
  look.scale = 1.0;  // as the video draws its tiles (compare_video.cpp)
  std::vector<util::Frame> alone(tiles.size());
  int panel_top = 0;
  for (std::size_t i = 0; i < tiles.size(); ++i) {
    render::Renderer renderer(look);
    scene::RunScenes scenes(*tiles[i].record, o.mesh_resolution, tiles[i].record->checkpoints.size(), util::InterruptFlag());
    const auto views = scenes.plan_views(o.axes, util::InterruptFlag());
    scene::Scene s = scenes.scene(0);
    for (scene::Panel& p : s.panels) p.title.clear();
    renderer.render(s, views[0], alone[i]);
    panel_top = renderer.layout().panels.at(0).y;
  }
  const int below = g.tile_height - panel_top;  // the panel and its axes: no text of the canvas
  for (std::size_t i = 0; i < tiles.size(); ++i) {
    const int row = static_cast<int>(i / 3), column = static_cast<int>(i % 3);
    EXPECT_TRUE(same_region(first, g.tile_x(column), g.tile_y(row, false) + panel_top, alone[i], 0, panel_top,
                            g.tile_width, below))
        << tiles[i].label << " is not at row " << row << ", column " << column;
    // ...and not in a neighbour's cell (the check can tell tiles apart).
    const std::size_t other = (i + 1) % tiles.size();
    EXPECT_FALSE(same_region(first, g.tile_x(column), g.tile_y(row, false) + panel_top, alone[other], 0, panel_top,
                             g.tile_width, below));
  }

  // Column headers in the band over each column, row headers left of each row, the heading.
  for (int c = 0; c < 3; ++c)
    EXPECT_GT(dark(first, g.tile_x(c) + g.tile_width / 4, g.heading_height, g.tile_x(c) + 3 * g.tile_width / 4,
                   g.heading_height + g.header_height),
              10)
        << "column " << c;
  for (int r = 0; r < 2; ++r)
    EXPECT_GT(dark(first, 0, g.tile_y(r, false) + g.tile_height / 3, g.row_header_width, g.tile_y(r, false) + 2 * g.tile_height / 3), 10)
        << "row " << r;
  EXPECT_GT(dark(first, g.width / 3, 0, 2 * g.width / 3, g.heading_height), 50);
  // Nothing in the header bands between the columns' centres and the tiles' edges is a tile:
  // the band over the row headers' column is white below its title.
  EXPECT_EQ(dark(first, 0, g.tile_y(1, false) + g.tile_height - 4, g.row_header_width / 4, g.tile_y(1, false) + g.tile_height), 0);

  // relu, seed 2 (row 1, column 1) stopped after one epoch: red text in its tile's figures band
  // once it holds, none before, none in any other tile; its panel holds its last frame.
  const int sx = g.tile_x(1), sy = g.tile_y(1, false);
  EXPECT_GT(red(last, sx, sy, sx + g.tile_width, sy + panel_top), 20);
  EXPECT_EQ(red(first, sx, sy, sx + g.tile_width, sy + panel_top), 0);
  EXPECT_EQ(red(last, g.tile_x(0), sy, g.tile_x(0) + g.tile_width, sy + panel_top), 0);
  EXPECT_EQ(red(last, sx, g.tile_y(0, false), sx + g.tile_width, g.tile_y(0, false) + panel_top), 0);
  const util::Frame held = raw_frame(o.output, g.width, g.height, 1);  // its last epoch
  EXPECT_TRUE(same_region(last, sx, sy + panel_top, held, sx, sy + panel_top, g.tile_width, below));
  // The others moved on (the held tile is not just a still video).
  EXPECT_FALSE(same_region(last, g.tile_x(0), sy + panel_top, held, g.tile_x(0), sy + panel_top, g.tile_width, below));
}

TEST(table, the_canvas_has_one_key_at_its_headings_right_unless_turned_off) {
  const fs::path dir = sweep_test::scratch("table-key");
  std::vector<sweep::CompareTile> tiles;
  for (std::uint32_t seed = 1; seed <= 4; ++seed) tiles.push_back({"seed " + std::to_string(seed), trained("tanh", seed, 1), {}});
  const render::Palette& pal = render::palette_by_name("seaborn");
  for (const bool legend : {true, false}) {
    sweep::CompareVideoOptions o;
    o.output = dir / (legend ? "on.bgra" : "off.bgra");
    o.encode.format = encode::Format::raw;
    o.tile_width = 320;
    o.tile_height = 260;
    o.mesh_resolution = 40;
    o.legend = legend;
    const sweep::TableGeometry g = sweep::plan_compare_canvas(tiles, o).geometry;
    ASSERT_EQ(sweep::write_compare_video(tiles, o, util::InterruptFlag()), 2);
    const util::Frame f = raw_frame(o.output, g.width, g.height, 1);
    // The heading band's right quarter: the class dots and the bar's two ends, or nothing.
    int dots0 = 0, dots1 = 0, low = 0, high = 0;
    for (int y = 0; y < g.heading_height; ++y)
      for (int x = g.width * 3 / 4; x < g.width; ++x) {
        const render::Rgb c = render::from_argb(f.argb(x, y));
        dots0 += render::delta_e76(c, pal.class_colour(0)) < 3;
        dots1 += render::delta_e76(c, pal.class_colour(1)) < 3;
        low += render::delta_e76(c, render::from_argb(pal.region_argb(0.0))) < 3;
        high += render::delta_e76(c, render::from_argb(pal.region_argb(1.0))) < 3;
      }
    if (legend) {
      EXPECT_GT(dots0, 10);
      EXPECT_GT(dots1, 10);
      EXPECT_GT(low, 5);
      EXPECT_GT(high, 5);
    } else {
      EXPECT_EQ(dots0 + dots1 + low + high, 0);
    }
  }
}

// A narrow canvas (two small tiles) cannot hold the whole second heading line: it is shortened,
// never cut off at the canvas's edges (no ink in the outer columns of the heading band), and
// still says what the columns are.
TEST(table, a_narrow_canvas_shortens_its_second_heading_line_instead_of_cutting_it) {
  const fs::path dir = sweep_test::scratch("table-narrow");
  std::vector<sweep::CompareTile> tiles;
  tiles.push_back({"tanh", trained("tanh", 1, 1), {}});
  tiles.push_back({"relu", trained("relu", 1, 1), {}});
  tiles[0].settings = {{"activation", "tanh"}};
  tiles[1].settings = {{"activation", "relu"}};
  sweep::CompareVideoOptions o;
  o.output = dir / "narrow.bgra";
  o.encode.format = encode::Format::raw;
  o.tile_width = 160;
  o.tile_height = 144;
  o.mesh_resolution = 20;
  o.legend = false;
  const sweep::TableGeometry g = sweep::plan_compare_canvas(tiles, o).geometry;
  ASSERT_LE(g.width, 400);
  ASSERT_EQ(sweep::write_compare_video(tiles, o, util::InterruptFlag()), 2);
  const util::Frame f = raw_frame(o.output, g.width, g.height, 1);
  const int edge = std::max(2, static_cast<int>(g.fonts.header / 2));
  int ink_at_edges = 0, ink = 0;
  for (int y = 0; y < g.heading_height; ++y)
    for (int x = 0; x < g.width; ++x) {
      const bool inked = (f.argb(x, y) & 0xFFFFFF) != 0xFFFFFF;
      ink += inked;
      if (x < edge || x >= g.width - edge) ink_at_edges += inked;
    }
  EXPECT_GT(ink, 100) << "no heading";
  EXPECT_EQ(ink_at_edges, 0) << "the heading runs off the canvas";
}

}  // namespace
