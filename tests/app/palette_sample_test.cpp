// A GIF with one palette for the whole run takes it from a sample of the run's frames.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "../encode/encode_test_support.hpp"
#include "nnviz/app/train_run.hpp"
#include "nnviz/encode/encoder.hpp"
#include "nnviz/encode/palette_sample.hpp"
#include "nnviz/util/interrupt.hpp"

namespace {
namespace fs = std::filesystem;
using nnviz::encode::palette_sample_indices;

TEST(palette_sample, first_last_and_evenly_spaced_between) {
  EXPECT_EQ(palette_sample_indices(200), (std::vector<std::size_t>{0, 50, 100, 149, 199}));
  EXPECT_EQ(palette_sample_indices(31, 3), (std::vector<std::size_t>{0, 15, 30}));
  EXPECT_EQ(palette_sample_indices(3), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(palette_sample_indices(1), (std::vector<std::size_t>{0}));
  EXPECT_EQ(palette_sample_indices(2, 5), (std::vector<std::size_t>{0, 1}));
  EXPECT_TRUE(palette_sample_indices(0).empty());
  EXPECT_TRUE(palette_sample_indices(10, 0).empty());
  for (std::size_t count = 1; count < 60; ++count) {
    const auto picks = palette_sample_indices(count, 4);
    EXPECT_EQ(picks.front(), 0U);
    EXPECT_EQ(picks.back(), count - 1);
    EXPECT_EQ(picks.size(), std::min<std::size_t>(count, 4));
    for (std::size_t j = 1; j < picks.size(); ++j) EXPECT_LT(picks[j - 1], picks[j]);
  }
}

// Mean |a - b| per colour channel over two frames of one size, after averaging each over 4x4
// blocks: the dither's pattern averages out, a palette's missing colours do not.
double mean_error(const nnviz::util::Frame& a, const nnviz::util::Frame& b) {
  EXPECT_EQ(a.width, b.width);
  EXPECT_EQ(a.height, b.height);
  constexpr int n = 4;
  double sum = 0;
  int blocks = 0;
  for (int y = 0; y + n <= a.height; y += n) {
    for (int x = 0; x + n <= a.width; x += n, ++blocks) {
      for (int shift : {0, 8, 16}) {
        int da = 0, db = 0;
        for (int j = 0; j < n; ++j)
          for (int i = 0; i < n; ++i) {
            da += (a.argb(x + i, y + j) >> shift) & 255;
            db += (b.argb(x + i, y + j) >> shift) & 255;
          }
        sum += std::abs(da - db) / double(n * n);
      }
    }
  }
  return sum / (3.0 * blocks);
}

TEST(palette_sample, a_runs_gif_keeps_the_colours_of_its_last_frame) {
  // The notebook's run: its first frame's regions are pale (probabilities near 0.5), its last
  // one's saturated; the palette of the first frame alone draws the last one less faithfully.
  nnviz::app::TrainRequest request;
  request.training.epochs = 60;
  request.training.stop_loss = 0.0;
  const nnviz::util::InterruptFlag never;
  const nnviz::run::RunRecord run = nnviz::app::train_record(request, never);
  const nnviz::encode::testing::ScratchDir dir;
  std::vector<fs::path> outputs;

  nnviz::app::VideoRequest video;
  video.render.width = 450;
  video.render.height = 150;
  video.output = dir / "frames.bgra";  // the exact frames, to compare with
  nnviz::app::render_record(run, video, never, outputs);
  video.output = dir / "run.gif";      // the app's GIF: global palette from a sample
  nnviz::app::render_record(run, video, never, outputs);

  // The same frames through a GIF encoder given no sample (the palette of the first frame).
  std::ifstream raw(dir / "frames.bgra", std::ios::binary);
  nnviz::encode::EncodeOptions options;
  options.width = 450;
  options.height = 150;
  const auto plain = nnviz::encode::Encoder::open(dir / "first.gif", options);
  nnviz::util::Frame frame, last;
  frame.resize(450, 150);
  while (raw.read(reinterpret_cast<char*>(frame.pixels.data()), static_cast<std::streamsize>(frame.pixels.size()))) {
    plain->write(frame);
    last = frame;
  }
  plain->finish();
  ASSERT_EQ(plain->frames_written(), static_cast<int>(run.checkpoints.size()));

  const auto app_gif = nnviz::encode::testing::decode_file(dir / "run.gif");
  const auto first_only = nnviz::encode::testing::decode_file(dir / "first.gif");
  ASSERT_EQ(app_gif.frames, static_cast<int>(run.checkpoints.size()));
  const double with_sample = mean_error(app_gif.last, last);
  const double without = mean_error(first_only.last, last);
  // Measured: 0.88 with the sample, 1.01 with the first frame's palette (4x4 block means, 60
  // epochs: at 30, since `smooth` shows the first frame at its own scale, the first frame's
  // palette already held the last one's colours).
  EXPECT_LT(with_sample, 1.5);
  EXPECT_LT(with_sample, 0.95 * without) << "with the sample " << with_sample << ", first frame only " << without;
}

}  // namespace
