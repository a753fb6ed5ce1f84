#include "nnviz/util/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdio>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "nnviz/util/error.hpp"
#include "temp_table.hpp"

namespace nnviz::util {
namespace fs = std::filesystem;

namespace {

fs::path folder_of(const fs::path& target) {
  fs::path dir = target.parent_path();
  return dir.empty() ? fs::path(".") : dir;
}

std::string errno_text() { return std::strerror(errno); }

}  // namespace

std::size_t longest_name(const fs::path& dir) {
  const long most = ::pathconf(dir.c_str(), _PC_NAME_MAX);
  return most > 0 ? static_cast<std::size_t>(most) : static_cast<std::size_t>(NAME_MAX);
}

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
  // Found now, before any work, rather than by open() once the run is done.
  const std::size_t name_max = longest_name(dir);
  const std::string name = target.filename().string();
  if (name.size() > name_max)
    throw UsageError(what + ": the file name '" + name.substr(0, 40) + "...' is " + std::to_string(name.size()) +
                     " bytes long; this file system allows " + std::to_string(name_max));
  if (target.native().size() + 64 >= PATH_MAX)
    throw UsageError(what + ": the path '" + target.string().substr(0, 40) + "...' is " +
                     std::to_string(target.native().size()) + " bytes long; paths must stay under " +
                     std::to_string(PATH_MAX - 64) + " (room for the temporary name)");
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

std::string temp_name(const std::string& name, unsigned number, std::size_t name_max) {
  const fs::path as_path(name);
  std::string stem = as_path.stem().string();
  const std::string extension = as_path.extension().string();
  const std::string tag = ".nnviz-tmp-" + std::to_string(::getpid()) + "-" + std::to_string(number);
  // A name near the file system's limit (NAME_MAX) would overflow with the tag: the stem is
  // shortened (at a UTF-8 character boundary) so the temporary name always fits.
  const std::size_t fixed = 1 + tag.size() + extension.size();
  if (fixed + stem.size() > name_max) {
    std::size_t keep = name_max > fixed ? name_max - fixed : 0;
    while (keep > 0 && (static_cast<unsigned char>(stem[keep]) & 0xC0) == 0x80) --keep;
    stem.resize(keep);
  }
  return "." + stem + tag + extension;
}

AtomicFile::AtomicFile(fs::path target, bool replace) : target_(std::move(target)), replace_(replace) {
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
  temp_ = folder_of(dest_) / temp_name(target_.filename().string(), counter++, longest_name(folder_of(dest_)));
  slot_ = detail::list_temp(temp_, detail::TempKind::file);
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : target_(std::move(other.target_)),
      dest_(std::move(other.dest_)),
      temp_(std::move(other.temp_)),
      done_(other.done_),
      direct_(other.direct_),
      replace_(other.replace_),
      prepared_(other.prepared_),
      slot_(other.slot_) {
  other.done_ = true;  // the moved-from object must not delete the file we now own
  other.slot_ = -1;
}

AtomicFile::~AtomicFile() {
  if (!done_ && !direct_) {
    std::error_code ec;
    fs::remove(temp_, ec);  // best effort; never throws from a destructor
  }
  detail::unlist_temp(slot_);
}

void AtomicFile::prepare() {
  if (done_) throw Error("internal: AtomicFile committed twice: " + target_.string());
  if (direct_ || prepared_) return;  // written in place: nothing to sync
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
  prepared_ = true;
}

void AtomicFile::publish() {
  if (done_) throw Error("internal: AtomicFile committed twice: " + target_.string());
  if (!direct_) {
    if (!prepared_) prepare();
    if (replace_) {
      if (std::rename(temp_.c_str(), dest_.c_str()) != 0)
        throw Error("cannot rename '" + temp_.string() + "' to '" + target_.string() + "': " + errno_text());
    } else {
      rename_no_replace(temp_, dest_, target_);
    }
  }
  done_ = true;
}

void AtomicFile::commit() {
  prepare();
  publish();
}

void rename_no_replace(const fs::path& from, const fs::path& to, const fs::path& named) {
  // -n: a file that appeared at the target while the run worked is not replaced either.
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return;
  if (errno == EEXIST)
    throw UsageError("overwrite", "'" + named.string() + "' appeared while the run worked and replacing it is turned off");
  if (errno != EINVAL && errno != ENOSYS)
    throw Error("cannot rename '" + from.string() + "' to '" + named.string() + "': " + errno_text());
  // A file system without RENAME_NOREPLACE: link(2) fails on an existing name as well.
  if (::link(from.c_str(), to.c_str()) != 0) {
    if (errno == EEXIST)
      throw UsageError("overwrite", "'" + named.string() + "' appeared while the run worked and replacing it is turned off");
    throw Error("cannot rename '" + from.string() + "' to '" + named.string() + "': " + errno_text());
  }
  ::unlink(from.c_str());
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

void write_bytes(const fs::path& path, const fs::path& named, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw Error("cannot create '" + named.string() + "': " + errno_text());
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = errno_text();
      ::close(fd);
      throw Error("cannot write '" + named.string() + "': " + why);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) throw Error("cannot write '" + named.string() + "': " + errno_text());
}

void write_file_atomically(const fs::path& target, const std::string& text) {
  AtomicFile file(target);
  write_bytes(file.temp_path(), target, text);
  file.commit();
}

}  // namespace nnviz::util
