#include <gtest/gtest.h>

#include <cmath>
#include <csignal>
#include <cstdint>
#include <vector>

#include "encode_test_support.hpp"
#include "nnviz/encode/encoder.hpp"
#include "nnviz/util/interrupt.hpp"

namespace nnviz::encode {
namespace {

EncodeOptions small_mp4() {
  EncodeOptions o;
  o.format = Format::mp4;
  o.width = 160;
  o.height = 120;
  o.fps = 5;
  o.threads = 1;
  return o;
}

TEST(mp4, has_codec_size_frame_count_and_duration) {
  testing::ScratchDir dir;
  const auto path = dir / "out.mp4";
  auto encoder = Encoder::open(path, small_mp4());
  for (int i = 0; i < 12; ++i) encoder->write(testing::gradient_frame(160, 120, i));
  encoder->finish();
  EXPECT_EQ(encoder->frames_written(), 12);

  const testing::Decoded d = testing::decode_file(path);
  EXPECT_EQ(d.codec, "h264");
  EXPECT_EQ(d.pix_fmt, "yuv420p");
  EXPECT_EQ(d.width, 160);
  EXPECT_EQ(d.height, 120);
  EXPECT_EQ(d.frames, 12);
  EXPECT_NEAR(d.duration, 12.0 / 5.0, 1e-3);
  EXPECT_NEAR(d.container_duration, 12.0 / 5.0, 1e-3);
  EXPECT_NEAR(d.avg_frame_rate, 5.0, 1e-6);
  for (std::size_t i = 1; i < d.pts.size(); ++i) EXPECT_LT(d.pts[i - 1], d.pts[i]);
  EXPECT_EQ(dir.files(), std::vector<std::string>{"out.mp4"});  // no temporary left
}

TEST(mp4, is_faststart_moov_before_mdat) {
  testing::ScratchDir dir;
  const auto path = dir / "fast.mp4";
  auto encoder = Encoder::open(path, small_mp4());
  for (int i = 0; i < 10; ++i) encoder->write(testing::gradient_frame(160, 120, i));
  encoder->finish();
  const std::string bytes = testing::read_bytes(path);
  const auto moov = bytes.find("moov");
  const auto mdat = bytes.find("mdat");
  ASSERT_NE(moov, std::string::npos);
  ASSERT_NE(mdat, std::string::npos);
  EXPECT_LT(moov, mdat);
}

TEST(mp4, keeps_a_solid_colour) {
  testing::ScratchDir dir;
  const auto path = dir / "solid.mp4";
  const std::uint32_t colour = 0xff3a7bd5;  // a saturated blue, like the class-0 colour
  auto encoder = Encoder::open(path, small_mp4());
  for (int i = 0; i < 10; ++i) encoder->write(testing::solid_frame(160, 120, colour & 0xffffff));
  encoder->finish();
  const testing::Decoded d = testing::decode_file(path);
  EXPECT_LE(testing::colour_distance(d.first.argb(80, 60), colour), 3);
  EXPECT_LE(testing::colour_distance(d.last.argb(10, 10), colour), 3);
}

TEST(mp4, holds_the_last_frame_for_whole_frames) {
  testing::ScratchDir dir;
  const auto path = dir / "hold.mp4";
  EncodeOptions o = small_mp4();
  o.hold_last = 1.1;  // round(1.1 * 5) = 6 copies
  o.preset = "ultrafast";
  o.crf = 30;
  auto encoder = Encoder::open(path, o);
  for (int i = 0; i < 10; ++i) encoder->write(testing::gradient_frame(160, 120, i));
  EXPECT_EQ(encoder->frames_written(), 10);
  encoder->finish();
  EXPECT_EQ(encoder->frames_written(), 16);
  const testing::Decoded d = testing::decode_file(path);
  EXPECT_EQ(d.frames, 16);
  EXPECT_NEAR(d.duration, 16.0 / 5.0, 1e-3);
}

TEST(mp4, a_raised_interrupt_flag_cuts_the_hold_and_finishes_the_file) {
  // A signal during a long hold: finish() writes no more copies, the file is complete.
  testing::ScratchDir dir;
  const auto path = dir / "cut.mp4";
  util::InterruptFlag interrupt;
  EncodeOptions o = small_mp4();
  o.hold_last = 600.0;  // 3000 copies at 5 fps
  o.interrupt = &interrupt;
  auto encoder = Encoder::open(path, o);
  for (int i = 0; i < 4; ++i) encoder->write(testing::gradient_frame(160, 120, i));
  interrupt.raise(SIGINT);
  encoder->finish();
  EXPECT_EQ(encoder->frames_written(), 4);
  EXPECT_EQ(testing::decode_file(path).frames, 4);
  EXPECT_EQ(dir.files(), std::vector<std::string>{"cut.mp4"});
}

// A signal at finish(): with no flush budget left, the encoder stops at the first point where
// the frames it has muxed are the first k of the video. The file plays and holds exactly those
// k frames, in order, and frames_written() says k. x264 keeps up to 10 frames in look-ahead,
// so some are lost; VP9 is told to hold none (lag-in-frames 0), so it keeps every frame.
void check_cut_flush(Format format, bool keeps_all) {
  testing::ScratchDir dir;
  const auto path = dir / (format == Format::mp4 ? "cut.mp4" : "cut.webm");
  util::InterruptFlag interrupt;
  EncodeOptions o = small_mp4();
  o.format = format;
  o.interrupt = &interrupt;
  o.flush_budget_ms = 0;
  constexpr int written = 60;
  std::vector<util::Frame> frames;
  for (int i = 0; i < written; ++i) {
    const auto level = static_cast<std::uint32_t>(40 + 3 * i);  // each frame its own grey
    frames.push_back(testing::solid_frame(160, 120, level << 16 | level << 8 | level));
  }
  auto encoder = Encoder::open(path, o);
  for (const util::Frame& f : frames) encoder->write(f);
  interrupt.raise(SIGTERM);
  encoder->finish();
  const int kept = encoder->frames_written();
  EXPECT_GT(kept, 0);
  if (keeps_all) {
    EXPECT_EQ(kept, written) << "frames were still held in the codec at the signal";
  } else {
    EXPECT_LT(kept, written) << "the whole look-ahead was flushed despite the signal";
    EXPECT_GE(kept, written - 20) << "more frames were held than the look-ahead explains";
  }
  const testing::Decoded d = testing::decode_file(path, true);
  ASSERT_EQ(d.frames, kept);
  for (int i = 0; i < kept; ++i) {
    // Decoded frame i is source frame i, not a neighbour: greys are 3 levels apart.
    EXPECT_LT(testing::mean_abs_error(d.all[static_cast<std::size_t>(i)], frames[static_cast<std::size_t>(i)]), 1.5)
        << "frame " << i;
  }
  EXPECT_EQ(dir.files(), std::vector<std::string>{path.filename().string()});
}

TEST(flush, a_signal_cuts_the_mp4_flush_at_a_whole_prefix_of_the_video) { check_cut_flush(Format::mp4, false); }
TEST(flush, a_signal_leaves_no_webm_frame_in_the_codec) { check_cut_flush(Format::webm, true); }

TEST(flush, without_a_signal_every_frame_is_flushed) {
  testing::ScratchDir dir;
  const auto path = dir / "all.mp4";
  util::InterruptFlag interrupt;
  EncodeOptions o = small_mp4();
  o.interrupt = &interrupt;
  o.flush_budget_ms = 0;
  auto encoder = Encoder::open(path, o);
  for (int i = 0; i < 60; ++i) encoder->write(testing::gradient_frame(160, 120, i));
  encoder->finish();
  EXPECT_EQ(encoder->frames_written(), 60);
  EXPECT_EQ(testing::decode_file(path).frames, 60);
}

TEST(mp4, encodes_120_fps_with_automatic_threads) {
  testing::ScratchDir dir;
  const auto path = dir / "fast.mp4";
  EncodeOptions o = small_mp4();
  o.fps = 120;
  o.threads = 0;
  o.preset = "veryfast";
  auto encoder = Encoder::open(path, o);
  for (int i = 0; i < 20; ++i) encoder->write(testing::gradient_frame(160, 120, i));
  encoder->finish();
  const testing::Decoded d = testing::decode_file(path);
  EXPECT_EQ(d.frames, 20);
  EXPECT_NEAR(d.duration, 20.0 / 120.0, 1e-3);
}

}  // namespace
}  // namespace nnviz::encode
