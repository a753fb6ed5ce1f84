// The progress line's text and how often it is shown, with an injected clock and writer.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <unistd.h>
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
    Progress p(
        ProgressMode::live, 30, [&f] { return f.now; }, [&f](const std::string& s) { f.written.push_back(s); },
        [] { return 200; });
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

// What a live redraw shows: the text between "\r" and "\x1b[K".
std::string shown(const std::string& written) {
  EXPECT_EQ(written.rfind('\r', 0), 0U) << written;
  const std::size_t clear = written.find("\x1b[K");
  EXPECT_NE(clear, std::string::npos) << written;
  EXPECT_EQ(clear + 3, written.size()) << "the clear ends the redraw";
  return written.substr(1, clear - 1);
}

ProgressState wide_state() {
  ProgressState s;
  s.done = 12;
  s.total = 2001;
  s.metrics = metrics(11);
  s.elapsed_seconds = 4.0;
  return s;
}

TEST(progress, a_line_fits_any_width_dropping_the_rate_then_shortening_then_cutting) {
  const ProgressState s = wide_state();
  const std::string full = nnviz::app::progress_line(s);
  ASSERT_EQ(full, "frame   12/2001  epoch 11  loss 0.3900  accuracy 0.750  3.0 frames/s  ETA 663 s");
  EXPECT_EQ(nnviz::app::progress_line(s, 200), full);
  EXPECT_EQ(nnviz::app::progress_line(s, static_cast<int>(full.size())), full);
  EXPECT_EQ(nnviz::app::progress_line(s, 78), "frame   12/2001  epoch 11  loss 0.3900  accuracy 0.750  ETA 663 s");
  EXPECT_EQ(nnviz::app::progress_line(s, 59), "12/2001 ep 11 loss 0.3900 acc 0.750 ETA 663 s");
  EXPECT_EQ(nnviz::app::progress_line(s, 20), "12/2001 ep 11 loss 0");
  for (int width = 1; width <= 120; ++width) {
    const std::string line = nnviz::app::progress_line(s, width);
    EXPECT_LE(line.size(), static_cast<std::size_t>(width)) << line;
    EXPECT_FALSE(line.empty());
    EXPECT_EQ(line.find('\n'), std::string::npos);
  }
}

TEST(progress, live_lines_stay_one_column_short_of_the_terminal_asked_at_each_redraw) {
  Fake f;
  int columns = 60;
  {
    Progress p(
        ProgressMode::live, 2001, [&f] { return f.now; }, [&f](const std::string& s) { f.written.push_back(s); },
        [&columns] { return columns; });
    for (int i = 0; i < 2001; ++i) {
      f.now += 0.05;  // a redraw every other frame
      if (i == 1000) columns = 80;  // the terminal is resized
      p.frame_done(metrics(i % 50));
    }
  }
  ASSERT_GT(f.written.size(), 100U);
  bool saw_80 = false;
  for (std::size_t i = 0; i + 1 < f.written.size(); ++i) {
    const std::string line = shown(f.written[i]);
    EXPECT_LE(line.size(), i < 400 ? 59U : 79U) << line;
    if (line.size() > 59) saw_80 = true;
  }
  EXPECT_TRUE(saw_80) << "after the resize, lines use the 80 columns";
  EXPECT_EQ(f.written.back(), "\r\x1b[K");
}

TEST(progress, terminal_columns_of_a_pipe_come_from_columns_or_are_80) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const char* saved = std::getenv("COLUMNS");
  const std::string old = saved ? saved : "";
  ::setenv("COLUMNS", "57", 1);
  EXPECT_EQ(nnviz::app::terminal_columns(fds[1]), 57);
  ::setenv("COLUMNS", "wide", 1);
  EXPECT_EQ(nnviz::app::terminal_columns(fds[1]), 80);
  ::unsetenv("COLUMNS");
  EXPECT_EQ(nnviz::app::terminal_columns(fds[1]), 80);
  if (saved) ::setenv("COLUMNS", old.c_str(), 1);
  ::close(fds[0]);
  ::close(fds[1]);
}

}  // namespace
