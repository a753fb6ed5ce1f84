#include "nnviz/app/progress.hpp"

#include <spdlog/spdlog.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

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

std::string progress_line(const ProgressState& s, int width) {
  width = std::max(width, 1);
  std::string line = progress_line(s);
  if (static_cast<int>(line.size()) <= width) return line;
  const bool rate = s.done > 0 && s.elapsed_seconds > 0.0;
  const double per_second = rate ? s.done / s.elapsed_seconds : 0.0;
  std::string eta;
  if (rate && s.done < s.total) eta = fmt::format("ETA {:.0f} s", std::ceil((s.total - s.done) / per_second));
  const int digits = static_cast<int>(std::to_string(s.total).size());
  line = fmt::format("frame {:>{}}/{}  epoch {}  loss {:.4f}  accuracy {:.3f}", s.done, digits, s.total, s.metrics.epoch,
                     s.metrics.loss, s.metrics.accuracy);
  if (!eta.empty()) line.append("  ").append(eta);
  if (static_cast<int>(line.size()) <= width) return line;
  line = fmt::format("{}/{} ep {} loss {:.4f} acc {:.3f}", s.done, s.total, s.metrics.epoch, s.metrics.loss,
                     s.metrics.accuracy);
  if (!eta.empty()) line.append(" ").append(eta);
  if (static_cast<int>(line.size()) > width) line.resize(static_cast<std::size_t>(width));
  return line;
}

int terminal_columns(int fd) {
  winsize size{};
  if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) {
    int n = 0;
    const char* end = columns + std::strlen(columns);
    const auto res = std::from_chars(columns, end, n);
    if (res.ec == std::errc() && res.ptr == end && n > 0 && n <= 10000) return n;
  }
  return 80;
}

Progress::Progress(ProgressMode mode, int total, Now now, Write write, Columns columns)
    : mode_(mode), now_(std::move(now)), write_(std::move(write)), columns_(std::move(columns)) {
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
  if (!columns_) columns_ = [] { return terminal_columns(STDERR_FILENO); };
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
    // \r back to the start, \x1b[K clears what a longer previous line left; one column short
    // of the terminal's width, so the line never wraps (which \r could not take back).
    if (t - last_shown_ < live_interval && state_.done < state_.total && drawn_) return;
    std::string text(1, '\r');
    text += progress_line(state_, columns_() - 1);
    text += "\x1b[K";
    write_(text);
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
