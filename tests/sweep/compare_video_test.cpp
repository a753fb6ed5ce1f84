// The comparison video: one tile per run, as many frames as the longest run, decoded back.
#include "nnviz/sweep/compare_video.hpp"

#include <gtest/gtest.h>

#include "nnviz/app/train_run.hpp"
#include "nnviz/util/interrupt.hpp"
#include "sweep_test_util.hpp"

namespace {
namespace fs = std::filesystem;
using namespace nnviz;

std::shared_ptr<const run::RunRecord> trained(int epochs) {
  app::TrainRequest r;
  r.seed = 3;
  r.dataset.samples = 100;
  r.architecture.activations = {model::Activation::parse("tanh")};
  r.training.epochs = epochs;
  r.training.stop_loss = 0.0;
  return std::make_shared<const run::RunRecord>(app::train_record(r, util::InterruptFlag()));
}

TEST(compare_video, has_the_longest_runs_frames_and_the_canvas_size) {
  ASSERT_TRUE(sweep_test::have_ffprobe()) << "the tests need ffprobe (scripts/install-deps --tests)";
  const fs::path dir = sweep_test::scratch("compare-video");
  sweep::CompareVideoOptions o;
  o.output = dir / "compare.mp4";
  o.encode.format = encode::Format::mp4;
  o.tile_width = 160;
  o.tile_height = 120;
  o.jobs = 2;
  const std::vector<sweep::CompareTile> tiles{{"short", trained(2), {}}, {"long", trained(5), {}}, {"mid", trained(3), {}}};
  EXPECT_EQ(sweep::write_compare_video(tiles, o, util::InterruptFlag()), 6);
  // 3 tiles of 160x120 without a sweep's axes: one row headed by their labels, under the heading.
  const sweep::TableGeometry g = sweep::plan_compare_canvas(tiles, o).geometry;
  EXPECT_EQ(g.width, 480);
  EXPECT_EQ(g.height, g.heading_height + g.header_height + 120 + (g.heading_height + g.header_height) % 2);
  EXPECT_EQ(sweep_test::probe(o.output), std::to_string(g.width) + "," + std::to_string(g.height) + ",6");
}

TEST(compare_video, all_panels_and_gif_work_too) {
  ASSERT_TRUE(sweep_test::have_ffprobe()) << "the tests need ffprobe (scripts/install-deps --tests)";
  const fs::path dir = sweep_test::scratch("compare-gif");
  sweep::CompareVideoOptions o;
  o.output = dir / "compare.gif";
  o.encode.format = encode::Format::gif;
  o.tile_width = 480;
  o.tile_height = 160;
  o.all_panels = true;
  const std::vector<sweep::CompareTile> tiles{{"a", trained(1), {}}};
  EXPECT_EQ(sweep::write_compare_video(tiles, o, util::InterruptFlag()), 2);
  const sweep::TableGeometry g = sweep::plan_compare_canvas(tiles, o).geometry;
  EXPECT_EQ(g.tile_width, 480);
  EXPECT_EQ(sweep_test::probe(o.output), std::to_string(g.width) + "," + std::to_string(g.height) + ",2");
}

TEST(compare_video, interrupted_before_the_first_frame_writes_nothing) {
  const fs::path dir = sweep_test::scratch("compare-int");
  sweep::CompareVideoOptions o;
  o.output = dir / "compare.mp4";
  o.encode.format = encode::Format::mp4;
  o.tile_width = 160;
  o.tile_height = 120;
  util::InterruptFlag raised;
  raised.raise(2);
  EXPECT_EQ(sweep::write_compare_video({{"a", trained(1), {}}}, o, raised), 0);
  EXPECT_TRUE(fs::is_empty(dir));
}

}  // namespace
