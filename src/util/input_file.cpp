#include "nnviz/util/input_file.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"
#include "nnviz/util/printable.hpp"

namespace nnviz::util {
namespace {

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::string size_text(std::uint64_t bytes) {
  constexpr std::uint64_t mib = std::uint64_t{1} << 20;
  constexpr std::uint64_t gib = std::uint64_t{1} << 30;
  if (bytes >= gib && bytes % gib == 0) return std::to_string(bytes / gib) + " GiB";
  if (bytes >= mib && bytes % mib == 0) return std::to_string(bytes / mib) + " MiB";
  return std::to_string(bytes) + " bytes";
}

void read_input(const std::filesystem::path& path, std::uint64_t max_bytes, const std::string& what,
                const InterruptFlag* interrupt, const std::function<void(std::string_view)>& chunk) {
  read_input_while(path, max_bytes, what, interrupt, [&](std::string_view bytes) {
    chunk(bytes);
    return true;
  });
}

void read_input_while(const std::filesystem::path& path, std::uint64_t max_bytes, const std::string& what,
                      const InterruptFlag* interrupt, const std::function<bool(std::string_view)>& chunk) {
  const std::string shown = printable(path.string());
  const auto cannot_read = [&](int error) { return UsageError(shown + ": cannot read: " + std::strerror(error)); };
  // Non-blocking open: opening a FIFO nobody writes to yet would otherwise wait past any signal.
  const FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) throw cannot_read(errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw cannot_read(errno);
  if (S_ISDIR(st.st_mode)) throw UsageError(shown + ": is a directory, not " + what);
  // A regular file is always ready; anything else (a FIFO, a device) is waited on in steps of
  // 0.1 s, so that the interrupt flag is seen while its writer is slow or absent.
  const bool wait_in_steps = !S_ISREG(st.st_mode);

  std::vector<char> buffer(std::size_t{1} << 16);
  std::uint64_t total = 0;
  while (true) {
    if (interrupt != nullptr && interrupt->raised())
      throw Interrupted(interrupt->signal(), "interrupted while reading " + shown + ": nothing was written");
    if (wait_in_steps) {
      pollfd ready{fd.get(), POLLIN, 0};
      const int r = ::poll(&ready, 1, 100);
      if (r < 0 && errno != EINTR) throw cannot_read(errno);
      if (r <= 0) continue;  // a signal, or 0.1 s without data: look at the flag again
    }
    const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      throw cannot_read(errno);
    }
    if (n == 0) return;  // the end of the file, or the FIFO's last writer left
    total += static_cast<std::uint64_t>(n);
    if (total > max_bytes)
      throw UsageError(shown + ": larger than " + size_text(max_bytes) + " (the most nnviz reads of " + what + ")");
    if (!chunk(std::string_view(buffer.data(), static_cast<std::size_t>(n)))) return;
  }
}

std::string read_input_text(const std::filesystem::path& path, std::uint64_t max_bytes, const std::string& what,
                            const InterruptFlag* interrupt) {
  std::string text;
  read_input(path, max_bytes, what, interrupt, [&](std::string_view bytes) { text.append(bytes); });
  return text;
}

}  // namespace nnviz::util
