#include "nnviz/util/interrupt.hpp"

#include <csignal>

namespace nnviz::util {
namespace {

InterruptFlag* g_flag = nullptr;  // set once, before the handlers are installed

extern "C" void on_signal(int signal_number) {
  if (g_flag == nullptr) return;
  if (g_flag->raised()) {
    // A second Ctrl-C means "stop now": restore the default action and re-raise.
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
    return;
  }
  g_flag->raise(signal_number);  // lock-free atomic store: async-signal-safe
}

}  // namespace

InterruptFlag& InterruptFlag::install() {
  static InterruptFlag flag;
  if (g_flag == nullptr) {
    g_flag = &flag;
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;  // writes in progress complete; the flag is checked per frame
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
  }
  return flag;
}

}  // namespace nnviz::util
