#include "nnviz/app/progress.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>

namespace nnviz::app {

ProgressMode stderr_progress_mode(bool enabled) {
  if (!enabled || spdlog::get_level() > spdlog::level::info) return ProgressMode::off;
  // With -v the debug lines would tear a live line apart: plain log lines then.
  if (spdlog::get_level() < spdlog::level::info) return ProgressMode::log;
  return ::isatty(STDERR_FILENO) ? ProgressMode::live : ProgressMode::log;
}

std::string progress_line(const ProgressState& s) {
  const int width = static_cast<int>(std::to_string(s.total).size());
  std::string line = fmt::format("frame {:>{}}/{}  epoch {}  loss {:.4f}  accuracy {:.3f}", s.done, width, s.total,
                                 s.metrics.epoch, s.metrics.loss, s.metrics.accuracy);
  if (s.done > 0 && s.elapsed_seconds > 0.0) {
    const double rate = s.done / s.elapsed_seconds;
    line += fmt::format("  {:.1f} frames/s", rate);
    if (s.done < s.total) line += fmt::format("  ETA {:.0f} s", std::ceil((s.total - s.done) / rate));
  }
  return line;
}

Progress::Progress(ProgressMode mode, int total, Now now, Write write)
    : mode_(mode), now_(std::move(now)), write_(std::move(write)) {
  state_.total = total;
  if (!now_)
    now_ = [] { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); };
  if (!write_) {
    if (mode_ == ProgressMode::live) {
      write_ = [](const std::string& text) {
        std::fputs(text.c_str(), stderr);
        std::fflush(stderr);
      };
    } else {
      write_ = [](const std::string& line) { spdlog::info("{}", line); };
    }
  }
  start_ = now_();
  last_shown_ = start_;
}

Progress::~Progress() { finish(); }

void Progress::frame_done(const train::Metrics& metrics) {
  if (mode_ == ProgressMode::off) return;
  ++state_.done;
  state_.metrics = metrics;
  const double t = now_();
  state_.elapsed_seconds = t - start_;
  if (mode_ == ProgressMode::live) {
    // \r back to the start, \x1b[K clears what a longer previous line left.
    if (t - last_shown_ < live_interval && state_.done < state_.total && drawn_) return;
    write_("\r" + progress_line(state_) + "\x1b[K");
    drawn_ = true;
  } else {
    if (t - last_shown_ < log_interval) return;
    write_(progress_line(state_));
  }
  last_shown_ = t;
}

void Progress::finish() {
  if (mode_ == ProgressMode::live && drawn_) write_("\r\x1b[K");
  drawn_ = false;
}

}  // namespace nnviz::app
