#include "nnviz/util/atomic_folder.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "nnviz/util/atomic_file.hpp"
#include "nnviz/util/error.hpp"
#include "temp_table.hpp"

namespace nnviz::util {
namespace fs = std::filesystem;
namespace {

std::string errno_text() { return std::strerror(errno); }

fs::path parent_of(const fs::path& folder) {
  const fs::path dir = folder.lexically_normal().parent_path();
  return dir.empty() ? fs::path(".") : dir;
}

// The folder as a name to create: "frames/" and "frames/." name "frames".
fs::path without_trailing_slash(const fs::path& folder) {
  fs::path p = folder.lexically_normal();
  if (!p.empty() && p.filename().empty()) p = p.parent_path();
  return p.empty() ? fs::path(".") : p;
}

}  // namespace

void check_output_folder(const fs::path& folder, const std::string& what) {
  if (folder.empty()) throw UsageError(what + ": the folder name is empty");
  std::error_code ec;
  const fs::path target = without_trailing_slash(folder);
  const fs::file_status link = fs::symlink_status(target, ec);
  if (fs::is_directory(target, ec)) {  // follows a link to a folder
    if (::access(target.c_str(), W_OK | X_OK) != 0)
      throw UsageError(what + ": folder '" + folder.string() + "' is not writable");
    return;
  }
  if (fs::is_symlink(link))
    throw UsageError(what + ": '" + folder.string() + "' is a symbolic link to something that is not a folder");
  if (fs::exists(link)) throw UsageError(what + ": '" + folder.string() + "' exists and is not a folder");
  const fs::path parent = parent_of(target);
  if (!fs::is_directory(parent, ec))
    throw UsageError(what + ": cannot create folder '" + folder.string() + "': '" + parent.string() +
                     "' is not an existing folder");
  if (::access(parent.c_str(), W_OK | X_OK) != 0)
    throw UsageError(what + ": cannot create folder '" + folder.string() + "': '" + parent.string() +
                     "' is not writable");
  const std::string name = target.filename().string();
  if (name.size() > longest_name(parent))
    throw UsageError(what + ": the folder name '" + name.substr(0, 40) + "...' is " + std::to_string(name.size()) +
                     " bytes long; this file system allows " + std::to_string(longest_name(parent)));
}

AtomicFolder::AtomicFolder(fs::path target, bool replace)
    : target_(without_trailing_slash(target)), replace_(replace) {
  check_output_folder(target, "output");
  static std::atomic<unsigned> counter{0};
  std::error_code ec;
  creates_ = !fs::is_directory(target_, ec);
  // Inside an existing folder (same file system as the files' final names; the parent may not
  // even be writable); next to a missing one, so that one rename creates it complete.
  staging_ = creates_ ? parent_of(target_) / temp_name(target_.filename().string(), counter++, longest_name(parent_of(target_)))
                      : target_ / temp_name("frames", counter++, longest_name(target_));
  if (::mkdir(staging_.c_str(), 0777) != 0)
    throw Error("cannot create the temporary folder '" + staging_.string() + "': " + errno_text());
  slot_ = detail::list_temp(staging_, detail::TempKind::folder);
}

AtomicFolder::AtomicFolder(AtomicFolder&& other) noexcept
    : target_(std::move(other.target_)),
      staging_(std::move(other.staging_)),
      names_(std::move(other.names_)),
      creates_(other.creates_),
      replace_(other.replace_),
      done_(other.done_),
      slot_(other.slot_) {
  other.done_ = true;  // the moved-from object must not remove what we now own
  other.slot_ = -1;
}

AtomicFolder::~AtomicFolder() {
  if (!done_) {
    std::error_code ec;
    for (const std::string& name : names_) fs::remove(staging_ / name, ec);
    fs::remove(staging_, ec);  // best effort; only succeeds once empty (never removes others' files)
  }
  detail::unlist_temp(slot_);
}

void AtomicFolder::write(const std::string& name, const std::string& bytes) {
  if (done_) throw Error("internal: file written to a committed AtomicFolder");
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
    throw Error("internal: '" + name + "' is not a plain file name");
  const fs::path named = target_ / name;
  const fs::path path = staging_ / name;
  names_.push_back(name);  // listed first, so the destructor removes a half-written file
  write_bytes(path, named, bytes);
  // fsync so that a crash after the commit cannot leave an empty frame under its final name.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string why = errno_text();
    if (fd >= 0) ::close(fd);
    throw Error("cannot write '" + named.string() + "': " + why);
  }
  ::close(fd);
}

void AtomicFolder::move_files_into_target() {
  std::error_code ec;
  if (!replace_)  // -n: refuse before the first file moves, as far as it can be known
    for (const std::string& name : names_)
      if (fs::exists(fs::symlink_status(target_ / name, ec)))
        throw UsageError("overwrite", "'" + (target_ / name).string() +
                                          "' appeared while the run worked and replacing it is turned off");
  for (std::size_t i = 0; i < names_.size(); ++i) {
    const fs::path from = staging_ / names_[i];
    const fs::path to = target_ / names_[i];
    try {
      if (replace_) {
        if (std::rename(from.c_str(), to.c_str()) != 0)
          throw Error("cannot rename '" + from.string() + "' to '" + to.string() + "': " + errno_text());
      } else {
        rename_no_replace(from, to, to);
      }
    } catch (const std::exception& e) {
      // The frames before this one are in place: say so (the rest are removed with the staging
      // folder by the destructor).
      names_.erase(names_.begin(), names_.begin() + static_cast<std::ptrdiff_t>(i));
      throw Error(std::string(e.what()) + " (" + std::to_string(i) + " of the files are in '" + target_.string() +
                  "', the other " + std::to_string(names_.size()) + " were removed)");
    }
  }
  names_.clear();
  ::rmdir(staging_.c_str());
}

void AtomicFolder::commit() {
  if (done_) throw Error("internal: AtomicFolder committed twice: " + target_.string());
  if (creates_) {
    // One rename makes the folder appear with every file in it. RENAME_NOREPLACE: a folder that
    // appeared meanwhile is not replaced; the files are moved into it instead.
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_NOREPLACE) == 0) {
      done_ = true;
      return;
    }
    if (errno != EEXIST && errno != EINVAL && errno != ENOSYS)
      throw Error("cannot create folder '" + target_.string() + "': " + errno_text());
    std::error_code ec;
    if (errno != EEXIST && std::rename(staging_.c_str(), target_.c_str()) == 0) {
      done_ = true;
      return;
    }
    if (!fs::is_directory(target_, ec))
      throw Error("cannot create folder '" + target_.string() + "': something that is not a folder appeared there");
  }
  move_files_into_target();
  done_ = true;
}

}  // namespace nnviz::util
