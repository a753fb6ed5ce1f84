#include <gtest/gtest.h>

#include "encode_test_support.hpp"
#include "nnviz/encode/encoder.hpp"

namespace nnviz::encode {
namespace {

TEST(webm, has_codec_size_frame_count_and_duration) {
  testing::ScratchDir dir;
  const auto path = dir / "out.webm";
  EncodeOptions o;
  o.width = 160;
  o.height = 120;
  o.fps = 10;  // format from the extension
  auto encoder = Encoder::open(path, o);
  for (int i = 0; i < 15; ++i) encoder->write(testing::gradient_frame(160, 120, i));
  encoder->finish();

  const testing::Decoded d = testing::decode_file(path);
  EXPECT_EQ(d.codec, "vp9");
  EXPECT_EQ(d.pix_fmt, "yuv420p");
  EXPECT_EQ(d.width, 160);
  EXPECT_EQ(d.height, 120);
  EXPECT_EQ(d.frames, 15);
  EXPECT_NEAR(d.duration, 1.5, 1e-3);
  EXPECT_NEAR(d.container_duration, 1.5, 1e-3);
  EXPECT_NEAR(d.avg_frame_rate, 10.0, 1e-6);
  for (std::size_t i = 1; i < d.pts.size(); ++i) EXPECT_LT(d.pts[i - 1], d.pts[i]);
  EXPECT_LE(testing::colour_distance(d.first.argb(120, 10), testing::gradient_frame(160, 120, 0).argb(120, 10)), 8);
  EXPECT_EQ(dir.files(), std::vector<std::string>{"out.webm"});
}

}  // namespace
}  // namespace nnviz::encode
