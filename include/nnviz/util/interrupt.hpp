#pragma once
// SIGINT/SIGTERM/SIGHUP -> "stop after the current frame"; a second one stops at once, removing
// the temporary files (AtomicFile). Signal handlers are process-wide by nature,
// so this is the one piece of process-wide state in nnviz; everything else receives the flag by
// reference and only reads it.
#include <atomic>
#include <chrono>

namespace nnviz::util {

class InterruptFlag {
 public:
  // Installs the handlers for SIGINT, SIGTERM and SIGHUP (once per process; SIGXFSZ and SIGPIPE
  // are ignored, so a file-size limit or a reader that left is a write error) and returns the flag
  // they set.
  static InterruptFlag& install();
  // A flag no signal ever sets (tests, library use).
  InterruptFlag() = default;

  // 0 while running; otherwise the number of the signal that asked us to stop.
  [[nodiscard]] int signal() const { return signal_.load(std::memory_order_relaxed); }
  [[nodiscard]] bool raised() const { return signal() != 0; }
  // The exit code of a run this signal stopped: 128 + its number, as shells report it (SIGINT
  // 130, SIGTERM 143); 0 while not raised. The one mapping from signals to exit codes.
  [[nodiscard]] int exit_code() const { return raised() ? 128 + signal() : 0; }
  // Sets the flag and notes when (async-signal-safe: clock_gettime and lock-free stores).
  void raise(int signal_number);
  // When the flag was raised (steady_clock); meaningless while not raised. Phases that cannot
  // stop at once (a codec's flush) spend what is left of the half second a signal may take.
  [[nodiscard]] std::chrono::steady_clock::time_point raised_at() const {
    return std::chrono::steady_clock::time_point(std::chrono::nanoseconds(raised_ns_.load(std::memory_order_acquire)));
  }
  // The time from a signal to the process's exit that nnviz promises (README: signals).
  static constexpr std::chrono::milliseconds response_time{500};

 private:
  std::atomic<int> signal_{0};
  std::atomic<long long> raised_ns_{0};
  static_assert(std::atomic<long long>::is_always_lock_free, "raise() runs in a signal handler");
};

}  // namespace nnviz::util
