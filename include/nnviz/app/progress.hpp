#pragma once
// Progress of rendering + encoding on stderr: one live line redrawn in place on a terminal, a
// plain log line every few seconds otherwise, nothing with -q. The clock and the writer are
// injected so the formatting and the throttling are testable.
#include <functional>
#include <string>

#include "nnviz/train/checkpoint.hpp"

namespace nnviz::app {

enum class ProgressMode { off, live, log };

// live on a terminal, log otherwise, off when info logs are off (-q) or `enabled` is false.
ProgressMode stderr_progress_mode(bool enabled = true);

struct ProgressState {
  int done = 0;   // frames rendered and handed to the encoder
  int total = 0;  // frames to render
  train::Metrics metrics;  // of the last frame done
  double elapsed_seconds = 0.0;
};

// "frame 12/41  epoch 11  loss 0.4123  accuracy 0.870  8.3 frames/s  ETA 3 s"; frames/s and
// the ETA appear once a rate is known.
std::string progress_line(const ProgressState& state);
// The line in at most `width` characters (it is ASCII): the whole line when it fits, else
// without the rate, else short ("12/41 ep 11 loss 0.4123 acc 0.870 ETA 3 s"), else that cut.
std::string progress_line(const ProgressState& state, int width);

// The columns of the terminal `fd` is (TIOCGWINSZ); when it is none, or says 0, $COLUMNS;
// else 80.
int terminal_columns(int fd);

class Progress {
 public:
  using Now = std::function<double()>;                     // seconds, monotonic
  using Write = std::function<void(const std::string&)>;  // live: raw terminal text; log: one line
  using Columns = std::function<int()>;                   // live: the terminal's width now

  // `now` defaults to std::chrono::steady_clock; `write` to stderr (live) or spdlog::info (log);
  // `columns` to terminal_columns(STDERR_FILENO), asked before each redraw (so a resized
  // terminal gets lines of its new width).
  Progress(ProgressMode mode, int total, Now now = {}, Write write = {}, Columns columns = {});
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress();  // finish()

  // After each frame. Redraws at most every live_interval (live) or log_interval (log) seconds,
  // and always for the last frame (live). A live line is one character narrower than the
  // terminal (a line filling the last column leaves the cursor waiting to wrap), never wraps,
  // and clears what a longer earlier line left.
  void frame_done(const train::Metrics& metrics);
  // Live: clears the line, so logs after it start on a clean line. Idempotent.
  void finish();

  static constexpr double live_interval = 0.1;
  static constexpr double log_interval = 5.0;

 private:
  ProgressMode mode_;
  ProgressState state_;
  Now now_;
  Write write_;
  Columns columns_;
  double start_ = 0.0;
  double last_shown_ = 0.0;
  bool drawn_ = false;  // a live line is on the screen
};

}  // namespace nnviz::app
