#include "output_sink.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"

namespace nnviz::encode {
namespace {

// After a signal, how long a reader that takes nothing is waited for before the stream is
// abandoned mid-frame: what is left of the half second a signal may take (InterruptFlag).
constexpr std::chrono::milliseconds give_up_after{300};

bool expired(const util::InterruptFlag* flag) {
  return flag != nullptr && flag->raised() && std::chrono::steady_clock::now() >= flag->raised_at() + give_up_after;
}

// A descriptor of stdout's pipe of our own, non-blocking, so that waiting for the reader can
// be polled (setting O_NONBLOCK on fd 1 itself would change it for every process sharing it).
// Regular files and anything else: a plain duplicate.
int stdout_descriptor(bool& seekable) {
  struct stat st {};
  seekable = false;
  if (::fstat(STDOUT_FILENO, &st) != 0) throw Error(std::string("stdout: ") + std::strerror(errno));
  if (S_ISFIFO(st.st_mode)) {
    const int own = ::open("/proc/self/fd/1", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (own >= 0) return own;
  }
  const int fd = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 0);
  if (fd < 0) throw Error(std::string("stdout: ") + std::strerror(errno));
  return fd;
}

}  // namespace

OutputSink::OutputSink(const std::filesystem::path& path, std::string name, const util::InterruptFlag* interrupt)
    : name_(std::move(name)), interrupt_(interrupt) {
  if (path == "-") {
    fd_ = stdout_descriptor(seekable_);
    return;
  }
  struct stat st {};
  const bool fifo = ::stat(path.c_str(), &st) == 0 && S_ISFIFO(st.st_mode);
  bool waiting_said = false;
  while (true) {
    // O_NONBLOCK: opening a FIFO nobody reads fails with ENXIO instead of blocking past a signal.
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | (fifo ? O_NONBLOCK : 0), 0666);
    if (fd_ >= 0) break;
    if (!(fifo && errno == ENXIO) && errno != EINTR) throw Error("cannot open " + name_ + ": " + std::strerror(errno));
    if (interrupt_ != nullptr && interrupt_->raised())
      throw Interrupted(interrupt_->signal(), "interrupted while waiting for a reader of " + name_ + ": nothing was written");
    if (!waiting_said) spdlog::info("waiting for a reader of {} (a FIFO)", name_);
    waiting_said = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (::fstat(fd_, &st) == 0) seekable_ = S_ISREG(st.st_mode);
}

OutputSink::~OutputSink() {
  if (fd_ >= 0) ::close(fd_);
}

void OutputSink::write(const std::uint8_t* data, std::size_t size) {
  if (fd_ < 0) throw Error("internal: " + name_ + " written after it was closed");
  while (size > 0) {
    const ssize_t n = ::write(fd_, data, size);
    if (n > 0) {
      data += n;
      size -= static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      // The reader is slow or paused: wait for it, but not past the time a signal may take.
      if (expired(interrupt_))
        throw Interrupted(interrupt_->signal(), "interrupted: the reader of " + name_ +
                                                    " took nothing more, so the stream ends mid-frame");
      pollfd ready{fd_, POLLOUT, 0};
      const int r = ::poll(&ready, 1, 100);
      if (r < 0 && errno != EINTR) throw Error(std::string("waiting for the reader: ") + std::strerror(errno));
      if (r > 0 && (ready.revents & (POLLERR | POLLHUP)) != 0 && (ready.revents & POLLOUT) == 0)
        throw Error("its reader closed it (the player quit?)");
      continue;
    }
    if (n < 0 && errno == EPIPE) throw Error("its reader closed it (the player quit?)");
    throw Error(n < 0 ? std::strerror(errno) : "nothing was written");
  }
}

std::int64_t OutputSink::seek(std::int64_t offset, int whence) {
  if (!seekable_ || fd_ < 0) return -1;
  return ::lseek(fd_, offset, whence);
}

void OutputSink::close() {
  if (fd_ < 0) return;
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0 && errno != EINTR) throw Error("closing " + name_ + ": " + std::strerror(errno));
}

}  // namespace nnviz::encode
