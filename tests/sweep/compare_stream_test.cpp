// The streamed comparison video: the canvas frames written as raw BGRA and read back, each tile
// checked against the tile drawn the way it was before the canvas was streamed (one renderer
// per run, every run's frames planned up front, the figures drawn over the canvas), and the
// memory bound checked by what write_compare_video holds at once.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "nnviz/app/train_run.hpp"
#include "nnviz/render/annotate.hpp"
#include "nnviz/scene/run_scenes.hpp"
#include "nnviz/sweep/compare_video.hpp"
#include "nnviz/util/interrupt.hpp"
#include "sweep_test_util.hpp"

namespace {
namespace fs = std::filesystem;
using namespace nnviz;

std::shared_ptr<const run::RunRecord> trained(int epochs, std::uint32_t seed, double validation = 0.0) {
  app::TrainRequest r;
  r.seed = seed;
  r.validation_split = validation;
  r.dataset.samples = 100;
  r.architecture.activations = {model::Activation::parse("tanh")};
  r.training.epochs = epochs;
  r.training.stop_loss = 0.0;
  return std::make_shared<const run::RunRecord>(app::train_record(r, util::InterruptFlag()));
}

std::vector<std::uint8_t> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Raw BGRA canvas frames of `tiles` as write_compare_video writes them.
struct Written {
  sweep::TableGeometry geometry;
  sweep::TableShape shape;
  std::vector<util::Frame> frames;
};

sweep::CompareVideoOptions raw_options(const fs::path& dir, int jobs, int tween) {
  sweep::CompareVideoOptions o;
  o.output = dir / "compare.raw";
  o.encode.format = encode::Format::raw;
  o.tile_width = 160;
  o.tile_height = 120;
  o.jobs = jobs;
  o.tween = tween;
  return o;
}

Written write_raw(const std::vector<sweep::CompareTile>& tiles, const sweep::CompareVideoOptions& o,
                  sweep::CompareVideoStats* stats = nullptr) {
  Written w;
  const int count = sweep::write_compare_video(tiles, o, util::InterruptFlag(), stats);
  const sweep::CompareCanvas plan = sweep::plan_compare_canvas(tiles, o);
  w.geometry = plan.geometry;
  w.shape = plan.shape;
  const std::vector<std::uint8_t> bytes = read_bytes(o.output);
  const std::size_t frame_bytes = static_cast<std::size_t>(w.geometry.width) * w.geometry.height * 4;
  EXPECT_EQ(bytes.size(), frame_bytes * static_cast<std::size_t>(count));
  for (std::size_t at = 0; at + frame_bytes <= bytes.size(); at += frame_bytes) {
    util::Frame f;
    f.resize(w.geometry.width, w.geometry.height);
    std::memcpy(f.pixels.data(), bytes.data() + at, frame_bytes);
    w.frames.push_back(std::move(f));
  }
  return w;
}

// Pixels of the w x h rectangle at (x, y) that differ between two frames of one size.
int differing(const util::Frame& a, const util::Frame& b, int x, int y, int w, int h) {
  int n = 0;
  for (int row = y; row < y + h; ++row)
    for (int col = x; col < x + w; ++col) n += a.argb(col, row) != b.argb(col, row) ? 1 : 0;
  return n;
}

TEST(compare_stream, each_tile_is_the_tile_drawn_alone_in_every_frame) {
  const fs::path dir = sweep_test::scratch("compare-stream");
  const int tween = 1;
  const sweep::CompareVideoOptions o = raw_options(dir, 2, tween);
  // Runs of different lengths (the short ones hold their last frame and say why), one with a
  // validation split (its figures have a second part), different seeds (different meshes).
  const std::vector<sweep::CompareTile> tiles{{"a", trained(2, 3), {}},
                                              {"b", trained(5, 4, 0.25), {}},
                                              {"c", trained(3, 5), {}},
                                              {"d", trained(5, 6), {}}};
  const Written w = write_raw(tiles, o);
  const sweep::TableGeometry& g = w.geometry;
  ASSERT_EQ(w.frames.size(), scene::RunScenes::frame_count(6, tween));

  // Before the canvas was streamed: one renderer per run, its views planned over all its frames,
  // the tile copied into a canvas and the figures drawn there, at canvas coordinates.
  render::RenderOptions look;
  look.width = g.tile_width;
  look.height = g.tile_height;
  look.heading = false;
  look.panels = {render::PanelChoice{scene::PanelKind::input}};
  render::TextPainter painter;
  const render::TextStyle figure{g.fonts.figure, false};
  const render::TextStyle stopped{g.fonts.figure, true, 0xFFB2182B};
  util::Frame canvas;
  canvas.resize(g.width, g.height);
  for (std::size_t i = 0; i < tiles.size(); ++i) {
    const run::RunRecord& record = *tiles[i].record;
    const scene::RunScenes scenes(record, o.mesh_resolution, record.checkpoints.size(), util::InterruptFlag(), tween);
    const auto views = scenes.plan_views(o.axes, util::InterruptFlag());
    render::Renderer renderer(look);
    util::Frame tile;
    const int x = g.tile_x(w.shape.cells[i].second);
    const int y = g.tile_y(w.shape.cells[i].first, w.shape.wrapped);
    for (std::size_t f = 0; f < w.frames.size(); ++f) {
      const std::size_t k = std::min(f, scenes.size() - 1);
      scene::Scene sc = scenes.scene(k);
      for (scene::Panel& p : sc.panels) p.title.clear();
      renderer.render(sc, views[k], tile);
      sweep::blit(tile, x, y, canvas);
      const double fy = y + sweep::tile_figures_y(renderer.layout(), false, g.fonts);
      painter.draw(canvas, sweep::tile_figures(record.checkpoints[scenes.point(k).snapshot].metrics), figure,
                   x + 0.5 * g.tile_width, fy, 0.5, 0);
      if (scenes.size() < w.frames.size() && f + 1 >= scenes.size())
        painter.draw(canvas, sweep::tile_stopped_text(record), stopped, x + 0.5 * g.tile_width,
                     fy + 1.2 * g.fonts.figure, 0.5, 0);
      EXPECT_EQ(differing(w.frames[f], canvas, x, y, g.tile_width, g.tile_height), 0)
          << "tile " << tiles[i].label << ", frame " << f;
    }
  }
  // The canvas moves: the heading's epoch and the tiles change from the first frame to the last.
  EXPECT_GT(differing(w.frames.front(), w.frames.back(), 0, 0, g.width, g.heading_height), 0);
}

TEST(compare_stream, the_frames_do_not_depend_on_the_number_of_workers) {
  const fs::path dir = sweep_test::scratch("compare-stream-jobs");
  const std::vector<sweep::CompareTile> tiles{
      {"a", trained(3, 3), {}}, {"b", trained(1, 4), {}}, {"c", trained(4, 5), {}}, {"d", trained(2, 6), {}},
      {"e", trained(4, 7), {}}};
  fs::create_directories(dir / "one");
  fs::create_directories(dir / "three");
  const Written one = write_raw(tiles, raw_options(dir / "one", 1, 0));
  const Written three = write_raw(tiles, raw_options(dir / "three", 3, 0));
  ASSERT_EQ(one.frames.size(), 5U);
  ASSERT_EQ(three.frames.size(), one.frames.size());
  for (std::size_t f = 0; f < one.frames.size(); ++f)
    EXPECT_EQ(one.frames[f].pixels, three.frames[f].pixels) << "frame " << f;
}

TEST(compare_stream, holds_one_renderer_tile_and_scene_per_worker_whatever_the_tiles) {
  const fs::path dir = sweep_test::scratch("compare-stream-bound");
  std::vector<sweep::CompareTile> tiles;
  for (std::uint32_t s = 0; s < 9; ++s) tiles.push_back({"run " + std::to_string(s), trained(1 + s % 3, 10 + s), {}});
  sweep::CompareVideoStats stats;
  EXPECT_EQ(sweep::write_compare_video(tiles, raw_options(dir, 2, 0), util::InterruptFlag(), &stats), 4);
  EXPECT_EQ(stats.renderers, 2U);
  EXPECT_EQ(stats.tile_frames, 2U);
  EXPECT_GE(stats.peak_scenes, 1U);
  EXPECT_LE(stats.peak_scenes, 2U);
  // More workers than tiles: one per tile.
  sweep::CompareVideoStats few;
  EXPECT_EQ(sweep::write_compare_video({tiles[0], tiles[1]}, raw_options(dir, 8, 0), util::InterruptFlag(), &few), 3);
  EXPECT_EQ(few.renderers, 2U);
  EXPECT_LE(few.peak_scenes, 2U);
}

}  // namespace
