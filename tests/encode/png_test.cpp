#include <gtest/gtest.h>

#include "encode_test_support.hpp"
#include "nnviz/encode/encoder.hpp"
#include "nnviz/util/error.hpp"

namespace nnviz::encode {
namespace {

EncodeOptions small_png() {
  EncodeOptions o;
  o.format = Format::png;
  o.width = 161;  // odd sizes are fine for PNG
  o.height = 121;
  return o;
}

TEST(png, writes_numbered_files_into_a_folder) {
  testing::ScratchDir dir;
  auto encoder = Encoder::open(dir.path(), small_png());
  for (int i = 0; i < 3; ++i) encoder->write(testing::gradient_frame(161, 121, i));
  encoder->finish();
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"0000.png", "0001.png", "0002.png"}));

  const testing::Decoded d = testing::decode_file(dir / "0002.png");
  EXPECT_EQ(d.codec, "png");
  EXPECT_EQ(d.pix_fmt, "rgb24");
  EXPECT_EQ(d.width, 161);
  EXPECT_EQ(d.height, 121);
  const util::Frame source = testing::gradient_frame(161, 121, 2);
  for (const auto& [x, y] : {std::pair{0, 0}, std::pair{160, 120}, std::pair{30, 50}, std::pair{100, 7}})
    EXPECT_EQ(testing::colour_distance(d.first.argb(x, y), source.argb(x, y)), 0) << x << "," << y;
}

TEST(png, follows_a_printf_pattern_and_holds) {
  testing::ScratchDir dir;
  EncodeOptions o = small_png();
  o.format.reset();  // from the pattern
  o.fps = 2;
  o.hold_last = 1.0;  // 2 more files
  auto encoder = Encoder::open(dir / "f_%03d.png", o);
  for (int i = 0; i < 2; ++i) encoder->write(testing::gradient_frame(161, 121, i));
  encoder->finish();
  EXPECT_EQ(encoder->frames_written(), 4);
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"f_000.png", "f_001.png", "f_002.png", "f_003.png"}));
}

TEST(png, rejects_a_plain_png_file_name_and_bad_patterns) {
  testing::ScratchDir dir;
  EXPECT_THROW(Encoder::open(dir / "one.png", small_png()), UsageError);
  EXPECT_THROW(Encoder::open(dir / "%d_%d.png", small_png()), UsageError);
  // A missing folder is created (by the commit), but only one level: its parent must exist.
  EXPECT_THROW(Encoder::open(dir / "missing" / "deeper" / "%04d.png", small_png()), UsageError);
}

TEST(png, refuses_to_overwrite_frames_when_asked) {
  testing::ScratchDir dir;
  {
    auto encoder = Encoder::open(dir.path(), small_png());
    encoder->write(testing::gradient_frame(161, 121, 0));
    encoder->finish();
  }
  EncodeOptions o = small_png();
  o.overwrite = false;
  EXPECT_THROW(Encoder::open(dir.path(), o), UsageError);
}

}  // namespace
}  // namespace nnviz::encode
