#include <gtest/gtest.h>

#include <set>

#include "nnviz/app/encode_thread.hpp"
#include "nnviz/util/error.hpp"

namespace {

// Records the first pixel byte of every frame it gets, and where the frame's memory was.
class RecordingEncoder : public nnviz::encode::Encoder {
 public:
  explicit RecordingEncoder(int fail_at = -1) : fail_at_(fail_at) {}
  void write(const nnviz::util::Frame& frame) override {
    if (static_cast<int>(seen.size()) == fail_at_) throw nnviz::Error("disk full");
    seen.push_back(frame.pixels.at(0));
    buffers.insert(frame.pixels.data());
  }
  void set_palette_sample(const std::vector<const nnviz::util::Frame*>& /*frames*/) override {}
  void finish() override {}
  [[nodiscard]] int frames_written() const override { return static_cast<int>(seen.size()); }
  std::vector<std::uint8_t> seen;
  std::set<const std::uint8_t*> buffers;

 private:
  int fail_at_;
};

TEST(encode_thread, every_sink_gets_every_frame_in_order) {
  RecordingEncoder a;
  RecordingEncoder b;
  {
    nnviz::app::EncodeThread pipeline({&a, &b}, 2);
    for (int i = 0; i < 50; ++i) {
      nnviz::util::Frame& f = pipeline.acquire();
      f.resize(8, 4);
      f.pixels[0] = static_cast<std::uint8_t>(i);
      pipeline.submit();
    }
    pipeline.drain();
  }
  ASSERT_EQ(a.seen.size(), 50U);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(a.seen[static_cast<std::size_t>(i)], i);
  EXPECT_EQ(a.seen, b.seen);
  // Memory is bounded: the frames cycle through depth + 1 buffers.
  EXPECT_LE(a.buffers.size(), 3U);
}

TEST(encode_thread, an_encoder_error_reaches_the_renderer) {
  RecordingEncoder failing(5);
  nnviz::app::EncodeThread pipeline({&failing}, 2);
  bool thrown = false;
  try {
    for (int i = 0; i < 100; ++i) {
      nnviz::util::Frame& f = pipeline.acquire();
      f.resize(4, 4);
      pipeline.submit();
    }
    pipeline.drain();
  } catch (const nnviz::Error& e) {
    thrown = true;
    EXPECT_STREQ(e.what(), "disk full");
  }
  EXPECT_TRUE(thrown);
  EXPECT_EQ(failing.seen.size(), 5U);
}

}  // namespace
