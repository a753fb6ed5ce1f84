#pragma once
// Write-then-rename: an output appears complete or not at all, and an existing file of the
// same name is untouched until the new one is complete (and keeps its permissions). A symbolic
// link is followed (its target is replaced, the link stays); a character device, FIFO or socket
// is written in place, never renamed over or removed.
#include <filesystem>
#include <string>
#include <vector>

namespace nnviz::util {

class AtomicFile {
 public:
  // Picks a unique temporary path in the target's folder (same file system, so the final
  // rename is atomic) that keeps the target's extension; for a device, FIFO or socket the
  // temporary path is the target itself. Throws UsageError when the folder
  // does not exist, is not writable, or the target is a directory.
  explicit AtomicFile(std::filesystem::path target);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  // Removes the temporary file unless commit() succeeded.
  ~AtomicFile();

  [[nodiscard]] const std::filesystem::path& temp_path() const { return temp_; }
  [[nodiscard]] const std::filesystem::path& target() const { return target_; }
  // fsyncs and renames the temporary file onto the target. Throws Error on failure.
  void commit();

 private:
  std::filesystem::path target_;  // as given (messages name it)
  std::filesystem::path dest_;    // what is replaced: the target, or where its symbolic links end
  std::filesystem::path temp_;
  bool done_ = false;
  bool direct_ = false;  // the target is a device, FIFO or socket: written in place, never removed
  int slot_ = -1;  // in the table of temporary files a second signal removes (-1: not in it)
};

// Removes every AtomicFile's temporary file that exists now. Async-signal-safe (unlink(2) over a
// fixed table): the signal handler calls it before a second Ctrl-C or SIGTERM ends the process,
// so no hidden temporary file is left behind.
void remove_temp_files_now() noexcept;

// Writes `text` to `target` through an AtomicFile; throws Error naming the path on failure.
void write_file_atomically(const std::filesystem::path& target, const std::string& text);

// Checks up front that `target` could be written: its folder exists and is writable and it is
// not a directory. Throws UsageError naming `what` (e.g. "--output") otherwise.
void check_writable_output(const std::filesystem::path& target, const std::string& what);

// A file a command reads or writes, with the option that names it ("--data", "--metrics").
struct NamedPath {
  std::string what;
  std::filesystem::path path;
};
// UsageError when two of `files` are one file: the same device and inode (hard links, symlinks,
// "./a" and "a"), or, for files that do not exist yet, the same normalised absolute path. An
// output that is also an input would destroy the input; two outputs on one file lose one.
void check_distinct_files(const std::vector<NamedPath>& files);

}  // namespace nnviz::util
