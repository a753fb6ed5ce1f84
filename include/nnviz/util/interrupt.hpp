#pragma once
// SIGINT/SIGTERM/SIGHUP -> "stop after the current frame"; a second one stops at once, removing
// the temporary files (AtomicFile). Signal handlers are process-wide by nature,
// so this is the one piece of process-wide state in nnviz; everything else receives the flag by
// reference and only reads it.
#include <atomic>

namespace nnviz::util {

class InterruptFlag {
 public:
  // Installs the handlers for SIGINT, SIGTERM and SIGHUP (once per process; SIGXFSZ is ignored, so a
  // file-size limit is a write error) and returns the flag they set.
  static InterruptFlag& install();
  // A flag no signal ever sets (tests, library use).
  InterruptFlag() = default;

  // 0 while running; otherwise the number of the signal that asked us to stop.
  [[nodiscard]] int signal() const { return signal_.load(std::memory_order_relaxed); }
  [[nodiscard]] bool raised() const { return signal() != 0; }
  // The exit code of a run this signal stopped: 128 + its number, as shells report it (SIGINT
  // 130, SIGTERM 143); 0 while not raised. The one mapping from signals to exit codes.
  [[nodiscard]] int exit_code() const { return raised() ? 128 + signal() : 0; }
  void raise(int signal_number) { signal_.store(signal_number, std::memory_order_relaxed); }

 private:
  std::atomic<int> signal_{0};
};

}  // namespace nnviz::util
