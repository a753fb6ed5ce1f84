#include "nnviz/util/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "nnviz/util/error.hpp"

namespace nnviz::util {
namespace fs = std::filesystem;

namespace {

fs::path folder_of(const fs::path& target) {
  fs::path dir = target.parent_path();
  return dir.empty() ? fs::path(".") : dir;
}

std::string errno_text() { return std::strerror(errno); }

// The temporary files that exist or may exist, for remove_temp_files_now() in a signal handler:
// a fixed table (no allocation, no lock), each slot free (0), being written (1) or holding a
// NUL-terminated path (2). A path that does not fit, or a full table, is simply not listed.
struct TempSlot {
  std::atomic<int> state{0};
  char path[4096];
};
constexpr int temp_slots = 64;
TempSlot g_temp_files[temp_slots];

int list_temp_file(const fs::path& path) {
  const std::string& text = path.native();
  if (text.size() >= sizeof(TempSlot::path)) return -1;
  for (int i = 0; i < temp_slots; ++i) {
    int expected = 0;
    if (!g_temp_files[i].state.compare_exchange_strong(expected, 1, std::memory_order_acquire)) continue;
    std::memcpy(g_temp_files[i].path, text.c_str(), text.size() + 1);
    g_temp_files[i].state.store(2, std::memory_order_release);
    return i;
  }
  return -1;
}

void unlist_temp_file(int slot) {
  if (slot >= 0) g_temp_files[slot].state.store(0, std::memory_order_release);
}

}  // namespace

void check_writable_output(const fs::path& target, const std::string& what) {
  std::error_code ec;
  if (target.empty()) throw UsageError(what + ": the path is empty");
  if (fs::is_directory(target, ec))
    throw UsageError(what + ": '" + target.string() + "' is a directory, not a file");
  const fs::path dir = folder_of(target);
  if (!fs::is_directory(dir, ec))
    throw UsageError(what + ": folder '" + dir.string() + "' does not exist");
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    throw UsageError(what + ": folder '" + dir.string() + "' is not writable");
}

namespace {

// Where a chain of symbolic links ends (relative links read from their own folder); the path
// itself when it is not a link. A link whose target does not exist yet ends there.
fs::path follow_links(fs::path path) {
  std::error_code ec;
  for (int hops = 0; hops < 40 && fs::is_symlink(fs::symlink_status(path, ec)); ++hops) {
    const fs::path next = fs::read_symlink(path, ec);
    if (ec) break;
    path = next.is_absolute() ? next : folder_of(path) / next;
  }
  return path.lexically_normal();
}

}  // namespace

AtomicFile::AtomicFile(fs::path target) : target_(std::move(target)) {
  check_writable_output(target_, "output");
  // A symbolic link is followed: its target is replaced and the link stays a link (as git does
  // with its lock files).
  dest_ = follow_links(target_);
  check_writable_output(dest_, "output");
  // A character device, a FIFO or a socket is written in place, as ffmpeg does: renaming a file
  // onto /dev/null would replace the device, and a FIFO's reader would get nothing.
  std::error_code ec;
  const fs::file_status status = fs::status(dest_, ec);
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    direct_ = true;
    temp_ = dest_;
    return;
  }
  // The pid and a per-process counter make the name unique across threads and processes; the
  // extension stays last so tools that sniff it (and humans) see what the file will be.
  static std::atomic<unsigned> counter{0};
  const std::string stem = "." + target_.stem().string() + ".nnviz-tmp-" +
                           std::to_string(::getpid()) + "-" + std::to_string(counter++);
  temp_ = folder_of(dest_) / (stem + target_.extension().string());
  slot_ = list_temp_file(temp_);
}

void remove_temp_files_now() noexcept {
  for (TempSlot& slot : g_temp_files)
    if (slot.state.load(std::memory_order_acquire) == 2) ::unlink(slot.path);
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : target_(std::move(other.target_)),
      dest_(std::move(other.dest_)),
      temp_(std::move(other.temp_)),
      done_(other.done_),
      direct_(other.direct_),
      slot_(other.slot_) {
  other.done_ = true;  // the moved-from object must not delete the file we now own
  other.slot_ = -1;
}

AtomicFile::~AtomicFile() {
  if (!done_ && !direct_) {
    std::error_code ec;
    fs::remove(temp_, ec);  // best effort; never throws from a destructor
  }
  unlist_temp_file(slot_);
}

void AtomicFile::commit() {
  if (done_) throw Error("internal: AtomicFile committed twice: " + target_.string());
  if (direct_) {  // written in place: nothing to sync or rename
    done_ = true;
    return;
  }
  // fsync so that a crash after the rename cannot leave an empty file under the final name.
  const int fd = ::open(temp_.c_str(), O_RDONLY);
  if (fd < 0) throw Error("cannot reopen '" + temp_.string() + "': " + errno_text());
  const int sync_rc = ::fsync(fd);
  const int sync_errno = errno;
  ::close(fd);
  if (sync_rc != 0) {
    errno = sync_errno;
    throw Error("cannot write '" + target_.string() + "': " + errno_text());
  }
  // The new file takes the old one's permissions (a mode-600 output stays 600).
  struct stat old_file {};
  if (::stat(dest_.c_str(), &old_file) == 0 && S_ISREG(old_file.st_mode) &&
      ::chmod(temp_.c_str(), old_file.st_mode & 07777) != 0)
    throw Error("cannot set the permissions of '" + temp_.string() + "': " + errno_text());
  if (std::rename(temp_.c_str(), dest_.c_str()) != 0)
    throw Error("cannot rename '" + temp_.string() + "' to '" + target_.string() +
                "': " + errno_text());
  done_ = true;
}

namespace {

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
  // weakly_canonical resolves the folders that exist (symlinked ones included).
  const fs::path na = fs::weakly_canonical(fs::absolute(a, ec), ec).lexically_normal();
  const fs::path nb = fs::weakly_canonical(fs::absolute(b, ec), ec).lexically_normal();
  return na == nb;
}

}  // namespace

void check_distinct_files(const std::vector<NamedPath>& files) {
  for (std::size_t i = 0; i < files.size(); ++i)
    for (std::size_t j = i + 1; j < files.size(); ++j)
      if (same_file(files[i].path, files[j].path)) {
        const bool same_option = files[i].what == files[j].what;
        throw UsageError((same_option ? files[i].what + " is given" : files[i].what + " and " + files[j].what + " name") +
                         " the same file '" + files[j].path.string() + "'" +
                         (same_option ? " twice" : "") + ": give each its own file");
      }
}

void write_file_atomically(const fs::path& target, const std::string& text) {
  AtomicFile file(target);
  {
    const int fd = ::open(file.temp_path().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) throw Error("cannot create '" + file.temp_path().string() + "': " + errno_text());
    std::size_t written = 0;
    while (written < text.size()) {
      const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
      if (n < 0) {
        if (errno == EINTR) continue;
        const std::string why = errno_text();
        ::close(fd);
        throw Error("cannot write '" + target.string() + "': " + why);
      }
      written += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) throw Error("cannot write '" + target.string() + "': " + errno_text());
  }
  file.commit();
}

}  // namespace nnviz::util
