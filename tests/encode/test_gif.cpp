#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "encode_test_support.hpp"
#include "nnviz/encode/encoder.hpp"

namespace nnviz::encode {
namespace {

EncodeOptions small_gif() {
  EncodeOptions o;
  o.format = Format::gif;
  o.width = 160;
  o.height = 120;
  o.fps = 5;
  return o;
}

TEST(gif, has_codec_size_frame_count_and_duration) {
  testing::ScratchDir dir;
  const auto path = dir / "out.gif";
  auto encoder = Encoder::open(path, small_gif());
  for (int i = 0; i < 12; ++i) encoder->write(testing::gradient_frame(160, 120, i));
  encoder->finish();

  const testing::Decoded d = testing::decode_file(path);
  EXPECT_EQ(d.codec, "gif");
  EXPECT_EQ(d.width, 160);
  EXPECT_EQ(d.height, 120);
  EXPECT_EQ(d.frames, 12);
  EXPECT_NEAR(d.duration, 12.0 / 5.0, 1e-6);
  EXPECT_NEAR(d.container_duration, 12.0 / 5.0, 1e-6);
  for (std::size_t i = 1; i < d.pts.size(); ++i) EXPECT_LT(d.pts[i - 1], d.pts[i]);
  EXPECT_EQ(dir.files(), std::vector<std::string>{"out.gif"});
}

TEST(gif, loops_forever) {
  testing::ScratchDir dir;
  const auto path = dir / "loop.gif";
  auto encoder = Encoder::open(path, small_gif());
  for (int i = 0; i < 3; ++i) encoder->write(testing::gradient_frame(160, 120, i));
  encoder->finish();
  const std::string bytes = testing::read_bytes(path);
  // Application extension: 21 FF 0B "NETSCAPE2.0" 03 01 <loop count, little-endian> 00.
  const auto at = bytes.find("NETSCAPE2.0");
  ASSERT_NE(at, std::string::npos);
  ASSERT_GE(at, 3u);
  EXPECT_EQ(bytes.substr(at - 3, 3), std::string("\x21\xff\x0b", 3));
  ASSERT_GE(bytes.size(), at + 16);
  EXPECT_EQ(bytes.substr(at + 11, 5), std::string("\x03\x01\x00\x00\x00", 5));
}

TEST(gif, keeps_a_solid_colour) {
  testing::ScratchDir dir;
  const auto path = dir / "solid.gif";
  const std::uint32_t colour = 0xffd95f3b;
  auto encoder = Encoder::open(path, small_gif());
  for (int i = 0; i < 4; ++i) encoder->write(testing::solid_frame(160, 120, colour & 0xffffff));
  encoder->finish();
  const testing::Decoded d = testing::decode_file(path);
  EXPECT_LE(testing::colour_distance(d.first.argb(80, 60), colour), 2);
  EXPECT_LE(testing::colour_distance(d.last.argb(5, 100), colour), 2);
}

TEST(gif, renders_smooth_gradients_closely) {
  testing::ScratchDir dir;
  const auto path = dir / "gradient.gif";
  auto encoder = Encoder::open(path, small_gif());
  const util::Frame source = testing::gradient_frame(160, 120, 0);
  encoder->write(source);
  encoder->write(testing::gradient_frame(160, 120, 1));
  encoder->finish();
  const testing::Decoded d = testing::decode_file(path);
  // Dithering trades per-pixel error for the right average colour, so compare what the eye
  // sees: the mean colour of 4x4 blocks, per channel.
  double worst = 0.0;
  double total = 0.0;
  int blocks = 0;
  for (int by = 0; by < 120; by += 4) {
    for (int bx = 0; bx < 160; bx += 4) {
      for (int shift = 0; shift < 24; shift += 8) {
        double got = 0.0;
        double want = 0.0;
        for (int y = by; y < by + 4; ++y)
          for (int x = bx; x < bx + 4; ++x) {
            got += (d.first.argb(x, y) >> shift) & 0xff;
            want += (source.argb(x, y) >> shift) & 0xff;
          }
        const double error = std::abs(got - want) / 16.0;
        worst = std::max(worst, error);
        total += error;
      }
      ++blocks;
    }
  }
  EXPECT_LT(total / (3 * blocks), 1.5);
  EXPECT_LT(worst, 12.0);  // the square's edges
}

TEST(gif, keeps_time_at_rates_that_do_not_divide_100) {
  testing::ScratchDir dir;
  const auto path = dir / "thirty.gif";
  EncodeOptions o = small_gif();
  o.fps = 30;  // 3.33/100 s per frame: delays of 3 and 4 hundredths that add up
  auto encoder = Encoder::open(path, o);
  for (int i = 0; i < 15; ++i) encoder->write(testing::gradient_frame(160, 120, i));
  encoder->finish();
  const testing::Decoded d = testing::decode_file(path);
  EXPECT_EQ(d.frames, 15);
  EXPECT_NEAR(d.duration, 0.5, 0.0101);  // one GIF tick
  for (std::size_t i = 1; i < d.pts.size(); ++i) EXPECT_LT(d.pts[i - 1], d.pts[i]);
}

TEST(gif, holds_the_last_frame) {
  testing::ScratchDir dir;
  const auto path = dir / "hold.gif";
  EncodeOptions o = small_gif();
  o.fps = 4;
  o.hold_last = 0.5;  // 2 copies
  auto encoder = Encoder::open(path, o);
  for (int i = 0; i < 5; ++i) encoder->write(testing::gradient_frame(160, 120, i));
  encoder->finish();
  const testing::Decoded d = testing::decode_file(path);
  EXPECT_EQ(d.frames, 7);
  EXPECT_NEAR(d.duration, 7.0 / 4.0, 1e-6);
}

}  // namespace
}  // namespace nnviz::encode
