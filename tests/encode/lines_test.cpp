// The mp4/webm defaults keep what nnviz draws: 1-px dark lines on white (panel spines) next to
// smooth gradients and dots, at a small frame size; and yuv444p keeps full colour resolution.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "encode_test_support.hpp"
#include "nnviz/encode/encoder.hpp"
#include "nnviz/util/error.hpp"

namespace nnviz::encode {
namespace {

constexpr int width = 600;
constexpr int height = 200;
constexpr std::uint8_t spine = 38;  // render's spine grey (#262626)

void put(util::Frame& f, int x, int y, int r, int g, int b) {
  std::uint8_t* p = f.pixels.data() + static_cast<std::size_t>(y) * f.stride + 4 * x;
  p[0] = static_cast<std::uint8_t>(b);
  p[1] = static_cast<std::uint8_t>(g);
  p[2] = static_cast<std::uint8_t>(r);
  p[3] = 255;
}

// Frame `index` of three panels like nnviz's figure at 600x200: a box of 1-px spines on white,
// a blue-to-red gradient surface 8 px inside it that drifts, and dots that move.
util::Frame panels_frame(int index) {
  util::Frame f = testing::solid_frame(width, height, 0xffffff);
  for (int p = 0; p < 3; ++p) {
    const int x0 = 33 + p * 203, x1 = x0 + 162, y0 = 30, y1 = 175;
    for (int y = y0 + 8; y < y1 - 8; ++y)
      for (int x = x0 + 8; x < x1 - 8; ++x) {
        const double t = ((x - x0) + (y - y0) + 3 * index) % 160 / 160.0;
        put(f, x, y, static_cast<int>(171 + 60 * t), static_cast<int>(199 - 40 * t), static_cast<int>(208 - 50 * t));
      }
    for (int x = x0; x <= x1; ++x) {
      put(f, x, y0, spine, spine, spine);
      put(f, x, y1, spine, spine, spine);
    }
    for (int y = y0; y <= y1; ++y) {
      put(f, x0, y, spine, spine, spine);
      put(f, x1, y, spine, spine, spine);
    }
    for (int k = 0; k < 12; ++k) {
      const int cx = x0 + 20 + (k * 37 + 2 * index) % 120, cy = y0 + 20 + (k * 53) % 100;
      for (int dy = -2; dy <= 2; ++dy)
        for (int dx = -2; dx <= 2; ++dx)
          if (dx * dx + dy * dy <= 5) put(f, cx + dx, cy + dy, 50, 110, 140);
    }
  }
  return f;
}

int channel(std::uint32_t argb, int shift) { return static_cast<int>((argb >> shift) & 0xff); }

struct LineErrors {
  int spine_lighter = 0;  // most a spine pixel came out lighter, in code values
  int white_darker = 0;   // most a white pixel came out darker (a ghost mark)
};

LineErrors line_errors(const std::filesystem::path& path, int frames) {
  const testing::Decoded d = testing::decode_file(path, true);
  EXPECT_EQ(static_cast<int>(d.all.size()), frames);
  LineErrors e;
  for (int i = 0; i < frames && i < static_cast<int>(d.all.size()); ++i) {
    const util::Frame source = panels_frame(i);
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x) {
        const std::uint32_t s = source.argb(x, y) & 0xffffff, o = d.all[i].argb(x, y);
        const int lo = std::min({channel(o, 0), channel(o, 8), channel(o, 16)});
        const int hi = std::max({channel(o, 0), channel(o, 8), channel(o, 16)});
        if (s == 0x262626) e.spine_lighter = std::max(e.spine_lighter, hi - spine);
        if (s == 0xffffff) e.white_darker = std::max(e.white_darker, 255 - lo);
      }
  }
  return e;
}

// x264's deblocking (tune animation's 1:1, the old default with crf 20) left grey ghosts of the
// spines on the white beside them, up to 57 code values dark here; without it (and crf 17) 15,
// yuv420p's colour bleed next to the dots and the surface. The spines stay within 3 either way.
TEST(lines, the_mp4_defaults_keep_one_pixel_spines_without_ghost_marks) {
  testing::ScratchDir dir;
  const auto path = dir / "panels.mp4";
  EncodeOptions o;
  o.width = width;
  o.height = height;
  o.threads = 1;
  auto encoder = Encoder::open(path, o);
  for (int i = 0; i < 20; ++i) encoder->write(panels_frame(i));
  encoder->finish();
  const LineErrors e = line_errors(path, 20);
  EXPECT_LE(e.spine_lighter, 20);
  EXPECT_LE(e.white_darker, 35);
}

TEST(lines, small_frames_get_a_lower_default_crf) {
  EXPECT_EQ(default_x264_crf(1800, 600), 20);
  EXPECT_EQ(default_x264_crf(3840, 2160), 20);
  EXPECT_EQ(default_x264_crf(1280, 720), 20);
  EXPECT_EQ(default_x264_crf(1200, 450), 19);  // exactly half the pixels
  EXPECT_EQ(default_x264_crf(900, 300), 18);
  EXPECT_EQ(default_x264_crf(600, 200), 17);
  EXPECT_EQ(default_x264_crf(160, 120), 16);
  EXPECT_EQ(default_x264_crf(2, 2), 16);
}

// A thin red line on white: yuv420p shares one colour sample between 2x2 pixels, so the line's
// red spreads and fades; yuv444p keeps it to its column.
void check_yuv444p(Format format, const std::string& codec) {
  testing::ScratchDir dir;
  const auto path = dir / ("full." + format_name(format));
  EncodeOptions o;
  o.format = format;
  o.width = 161;  // odd sides are fine without subsampling
  o.height = 121;
  o.threads = 1;
  o.pix_fmt = PixelFormat::yuv444p;
  util::Frame f = testing::solid_frame(o.width, o.height, 0xffffff);
  for (int y = 0; y < o.height; ++y) put(f, 81, y, 220, 30, 30);
  auto encoder = Encoder::open(path, o);
  for (int i = 0; i < 5; ++i) encoder->write(f);
  encoder->finish();
  const testing::Decoded d = testing::decode_file(path);
  EXPECT_EQ(d.codec, codec);
  EXPECT_EQ(d.pix_fmt, "yuv444p");
  EXPECT_EQ(d.width, 161);
  EXPECT_EQ(d.frames, 5);
  EXPECT_LE(testing::colour_distance(d.first.argb(81, 60), 0xffdc1e1e), 24);
  EXPECT_LE(testing::colour_distance(d.first.argb(80, 60), 0xffffffff), 24);
  EXPECT_LE(testing::colour_distance(d.first.argb(82, 60), 0xffffffff), 24);
}

TEST(lines, yuv444p_mp4_is_full_colour_h264) { check_yuv444p(Format::mp4, "h264"); }
TEST(lines, yuv444p_webm_is_full_colour_vp9) { check_yuv444p(Format::webm, "vp9"); }

TEST(lines, yuv444p_is_refused_where_it_does_not_apply) {
  testing::ScratchDir dir;
  for (const Format format : {Format::gif, Format::png, Format::raw}) {
    EncodeOptions o;
    o.format = format;
    o.width = 160;
    o.height = 120;
    o.pix_fmt = PixelFormat::yuv444p;
    try {
      check_options(format, o);
      ADD_FAILURE() << format_name(format) << " took yuv444p";
    } catch (const UsageError& e) {
      EXPECT_EQ(e.field(), "pix_fmt");
      EXPECT_NE(std::string(e.what()).find("applies to mp4, webm, nut and y4m only"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(parse_pixel_format("YUV444P"), PixelFormat::yuv444p);
  try {
    parse_pixel_format("yuv422p");
    ADD_FAILURE() << "yuv422p parsed";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.field(), "pix_fmt");
  }
}

}  // namespace
}  // namespace nnviz::encode
