#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <random>
#include <set>
#include <thread>

#include "nnviz/app/encode_thread.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"

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
    nnviz::app::EncodeThread pipeline({&a, &b}, 50, 2);
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
  nnviz::app::EncodeThread pipeline({&failing}, 100, 2);
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

// Several renderers taking frames in turn and finishing them in any order (random delays): the
// encoder still gets 0, 1, 2..., and the frames cycle through depth + renderers buffers.
TEST(encode_thread, frames_drawn_by_several_threads_reach_the_encoder_in_order) {
  RecordingEncoder sink;
  constexpr std::size_t count = 200;
  constexpr std::size_t renderers = 3;
  {
    nnviz::app::EncodeThread pipeline({&sink}, count, 2, renderers);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < renderers; ++t)
      threads.emplace_back([&pipeline, t] {
        std::mt19937 rng(static_cast<unsigned>(t));
        while (const auto job = pipeline.next()) {
          job->frame->resize(8, 4);
          job->frame->pixels[0] = static_cast<std::uint8_t>(job->index);
          std::this_thread::sleep_for(std::chrono::microseconds(rng() % 400));
          pipeline.submit(job->index);
        }
      });
    std::size_t seen = 0;
    std::vector<std::size_t> progress;
    while (true) {
      const std::size_t n = pipeline.wait_submitted(seen);
      if (n == seen) break;
      for (; seen < n; ++seen) progress.push_back(seen);
    }
    for (std::thread& t : threads) t.join();
    pipeline.drain();
    ASSERT_EQ(progress.size(), count);
    for (std::size_t i = 0; i < count; ++i) EXPECT_EQ(progress[i], i);
  }
  ASSERT_EQ(sink.seen.size(), count);
  for (std::size_t i = 0; i < count; ++i) EXPECT_EQ(sink.seen[i], static_cast<std::uint8_t>(i)) << i;
  EXPECT_LE(sink.buffers.size(), 2 + renderers);
}

// A signal stops the handing out from frame 1 on; what was handed out is a whole prefix and
// all of it reaches the encoder.
TEST(encode_thread, a_signal_leaves_a_whole_prefix) {
  RecordingEncoder sink;
  nnviz::util::InterruptFlag flag;
  std::atomic<bool> raised{false};
  {
    nnviz::app::EncodeThread pipeline({&sink}, 1000, 2, 2);
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t)
      threads.emplace_back([&] {
        while (const auto job = pipeline.next(&flag)) {
          job->frame->resize(4, 4);
          job->frame->pixels[0] = static_cast<std::uint8_t>(job->index);
          if (job->index == 37 && !raised.exchange(true)) flag.raise(2);
          pipeline.submit(job->index);
        }
      });
    for (std::thread& t : threads) t.join();
    pipeline.drain();
    const std::size_t handed = pipeline.handed_out();
    EXPECT_GE(handed, 38U);
    EXPECT_LT(handed, 1000U);
    EXPECT_EQ(pipeline.wait_submitted(0), handed);
  }
  for (std::size_t i = 0; i < sink.seen.size(); ++i) EXPECT_EQ(sink.seen[i], static_cast<std::uint8_t>(i)) << i;
  EXPECT_GE(sink.seen.size(), 38U);
}

// Raised before the first frame: the output still gets frame 0, and no more.
TEST(encode_thread, a_signal_before_the_first_frame_still_hands_out_frame_0) {
  RecordingEncoder sink;
  nnviz::util::InterruptFlag flag;
  flag.raise(2);
  {
    nnviz::app::EncodeThread pipeline({&sink}, 10, 2, 1);
    std::size_t drawn = 0;
    while (const auto job = pipeline.next(&flag)) {
      job->frame->resize(4, 4);
      pipeline.submit(job->index);
      ++drawn;
    }
    pipeline.drain();
    EXPECT_EQ(drawn, 1U);
  }
  EXPECT_EQ(sink.seen.size(), 1U);
}

// A renderer's error stops the others and reaches whoever waits.
TEST(encode_thread, a_renderer_error_stops_the_others) {
  RecordingEncoder sink;
  nnviz::app::EncodeThread pipeline({&sink}, 100000, 2, 2);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t)
    threads.emplace_back([&] {
      try {
        while (const auto job = pipeline.next()) {
          if (job->index == 20) throw nnviz::Error("cairo failed");
          job->frame->resize(4, 4);
          pipeline.submit(job->index);
        }
      } catch (...) {
        pipeline.fail(std::current_exception());
      }
    });
  bool thrown = false;
  try {
    std::size_t seen = 0;
    while (true) {
      const std::size_t n = pipeline.wait_submitted(seen);
      if (n == seen) break;
      seen = n;
    }
  } catch (const nnviz::Error& e) {
    thrown = true;
    EXPECT_STREQ(e.what(), "cairo failed");
  }
  for (std::thread& t : threads) t.join();
  EXPECT_TRUE(thrown);
  EXPECT_LT(pipeline.handed_out(), 100U);
}

}  // namespace
