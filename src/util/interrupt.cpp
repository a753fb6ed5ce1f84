#include "nnviz/util/interrupt.hpp"

#include <csignal>
#include <ctime>

#include "nnviz/util/atomic_file.hpp"

namespace nnviz::util {
namespace {

InterruptFlag* g_flag = nullptr;  // set once, before the handlers are installed

extern "C" void on_signal(int signal_number) {
  if (g_flag == nullptr) return;
  if (g_flag->raised()) {
    // A second Ctrl-C means "stop now": remove the temporary files (outputs already in place stay
    // as they were), restore the default action and re-raise.
    remove_temp_files_now();
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
    return;
  }
  g_flag->raise(signal_number);  // lock-free atomic store: async-signal-safe
}

}  // namespace

void InterruptFlag::raise(int signal_number) {
  // steady_clock is CLOCK_MONOTONIC on Linux; clock_gettime is async-signal-safe.
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  raised_ns_.store(static_cast<long long>(now.tv_sec) * 1000000000LL + now.tv_nsec, std::memory_order_release);
  signal_.store(signal_number, std::memory_order_release);
}

InterruptFlag& InterruptFlag::install() {
  static InterruptFlag flag;
  if (g_flag == nullptr) {
    g_flag = &flag;
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;  // writes in progress complete; the flag is checked per frame
    // SIGHUP (the terminal closed) is one more way of asking a run to stop, like SIGTERM.
    for (const int s : {SIGINT, SIGTERM, SIGHUP}) sigaction(s, &action, nullptr);
    // Past a file-size limit (ulimit -f) a write then fails with EFBIG and the run reports it,
    // instead of dying silently with its temporary files left behind.
    std::signal(SIGXFSZ, SIG_IGN);
    // A pipe whose reader left (a player that quit, `| head`) makes a write fail with EPIPE,
    // which the writer reports ("its reader closed it"), instead of killing the process.
    std::signal(SIGPIPE, SIG_IGN);
  }
  return flag;
}

}  // namespace nnviz::util
