#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "encode_test_support.hpp"
#include "nnviz/encode/encoder.hpp"

namespace nnviz::encode {
namespace {

TEST(raw, writes_packed_bgra_frames) {
  testing::ScratchDir dir;
  const auto path = dir / "out.bgra";
  EncodeOptions o;
  o.width = 33;  // odd is fine
  o.height = 17;
  o.fps = 5;
  o.hold_last = 0.4;  // 2 copies
  auto encoder = Encoder::open(path, o);
  // A padded stride: the padding must not reach the file.
  util::Frame padded = testing::gradient_frame(33, 17, 1);
  util::Frame wide;
  wide.width = 33;
  wide.height = 17;
  wide.stride = 4 * 33 + 12;
  wide.pixels.assign(static_cast<std::size_t>(wide.stride) * 17, 0xee);
  for (int y = 0; y < 17; ++y)
    std::copy_n(padded.pixels.begin() + y * padded.stride, 4 * 33, wide.pixels.begin() + y * wide.stride);
  encoder->write(testing::gradient_frame(33, 17, 0));
  encoder->write(wide);
  encoder->finish();
  EXPECT_EQ(encoder->frames_written(), 4);

  const std::string bytes = testing::read_bytes(path);
  ASSERT_EQ(bytes.size(), 4u * 33 * 17 * 4);
  const std::size_t frame_bytes = 33 * 17 * 4;
  for (std::size_t f = 1; f < 4; ++f)
    EXPECT_EQ(bytes.compare(f * frame_bytes, frame_bytes, reinterpret_cast<const char*>(padded.pixels.data()),
                            frame_bytes),
              0)
        << "frame " << f;
  EXPECT_EQ(dir.files(), std::vector<std::string>{"out.bgra"});
}

TEST(raw, writes_to_stdout_for_dash) {
  testing::ScratchDir dir;
  const auto captured = dir / "stdout.bgra";
  EncodeOptions o;
  o.format = Format::raw;
  o.width = 8;
  o.height = 6;
  // Point fd 1 at a file for the duration of the encoding.
  std::fflush(stdout);
  const int saved = ::dup(1);
  const int fd = ::open(captured.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  ::dup2(fd, 1);
  ::close(fd);
  {
    auto encoder = Encoder::open("-", o);
    for (int i = 0; i < 3; ++i) encoder->write(testing::gradient_frame(8, 6, i));
    encoder->finish();
  }
  std::fflush(stdout);
  ::dup2(saved, 1);
  ::close(saved);
  EXPECT_EQ(testing::read_bytes(captured).size(), 3u * 8 * 6 * 4);
}

}  // namespace
}  // namespace nnviz::encode
