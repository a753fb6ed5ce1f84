// The progress line's text and how often it is shown, with an injected clock and writer.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nnviz/app/progress.hpp"

namespace {
using nnviz::app::Progress;
using nnviz::app::ProgressMode;
using nnviz::app::ProgressState;

nnviz::train::Metrics metrics(int epoch) {
  nnviz::train::Metrics m;
  m.epoch = epoch;
  m.loss = 0.5 - epoch * 0.01;
  m.accuracy = 0.75;
  return m;
}

TEST(progress, the_line_names_frame_epoch_metrics_rate_and_eta) {
  ProgressState s;
  s.done = 12;
  s.total = 41;
  s.metrics = metrics(11);
  s.elapsed_seconds = 4.0;  // 3 frames/s; 29 frames to go -> ceil(9.67) = 10 s
  EXPECT_EQ(nnviz::app::progress_line(s), "frame 12/41  epoch 11  loss 0.3900  accuracy 0.750  3.0 frames/s  ETA 10 s");
}

TEST(progress, the_last_frame_has_no_eta_and_no_rate_before_time_passes) {
  ProgressState s;
  s.done = 5;
  s.total = 5;
  s.metrics = metrics(4);
  s.elapsed_seconds = 2.0;
  EXPECT_EQ(nnviz::app::progress_line(s), "frame 5/5  epoch 4  loss 0.4600  accuracy 0.750  2.5 frames/s");
  s.elapsed_seconds = 0.0;
  EXPECT_EQ(nnviz::app::progress_line(s), "frame 5/5  epoch 4  loss 0.4600  accuracy 0.750");
}

struct Fake {
  double now = 100.0;
  std::vector<std::string> written;
};

TEST(progress, live_mode_redraws_in_place_at_most_ten_times_a_second_and_always_the_last_frame) {
  Fake f;
  {
    Progress p(ProgressMode::live, 30, [&f] { return f.now; }, [&f](const std::string& s) { f.written.push_back(s); });
    for (int i = 0; i < 30; ++i) {
      f.now += 0.01;  // 100 frames/s: 3 frames within each 0.1 s (first, 0.1 s later..., and the last)
      p.frame_done(metrics(i));
    }
    ASSERT_FALSE(f.written.empty());
    EXPECT_EQ(f.written.front().rfind("\rframe  1/30", 0), 0U) << f.written.front();
    EXPECT_NE(f.written.front().find("\x1b[K"), std::string::npos);
    EXPECT_NE(f.written.back().find("frame 30/30"), std::string::npos);
    EXPECT_LE(f.written.size(), 6U);
  }
  EXPECT_EQ(f.written.back(), "\r\x1b[K");  // finish() (the destructor) clears the line
}

TEST(progress, log_mode_writes_a_plain_line_every_five_seconds) {
  Fake f;
  Progress p(ProgressMode::log, 100, [&f] { return f.now; }, [&f](const std::string& s) { f.written.push_back(s); });
  for (int i = 0; i < 100; ++i) {
    f.now += 0.5;  // 50 s in all: a line at 5, 10, ..., 50 s
    p.frame_done(metrics(i));
  }
  p.finish();
  EXPECT_EQ(f.written.size(), 10U);
  for (const std::string& line : f.written) {
    EXPECT_EQ(line.find('\r'), std::string::npos);
    EXPECT_EQ(line.rfind("frame ", 0), 0U);
  }
  EXPECT_NE(f.written.front().find("frame  10/100"), std::string::npos) << f.written.front();
}

TEST(progress, off_mode_writes_nothing) {
  Fake f;
  Progress p(ProgressMode::off, 3, [&f] { return f.now += 10; }, [&f](const std::string& s) { f.written.push_back(s); });
  for (int i = 0; i < 3; ++i) p.frame_done(metrics(i));
  p.finish();
  EXPECT_TRUE(f.written.empty());
}

}  // namespace
