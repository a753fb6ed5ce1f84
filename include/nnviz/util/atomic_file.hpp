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
  // does not exist, is not writable, or the target is a directory. With `replace` false (-n)
  // the commit refuses to replace a file that appeared at the target meanwhile (UsageError).
  // The temporary name keeps within the file system's NAME_MAX (a long stem is shortened).
  explicit AtomicFile(std::filesystem::path target, bool replace = true);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  // Removes the temporary file unless commit() succeeded.
  ~AtomicFile();

  [[nodiscard]] const std::filesystem::path& temp_path() const { return temp_; }
  [[nodiscard]] const std::filesystem::path& target() const { return target_; }
  // fsyncs and renames the temporary file onto the target. Throws Error on failure.
  // = prepare() then publish().
  void commit();
  // The part of commit() that may fail for ordinary reasons (fsync on a full disk, chmod):
  // OutputSet prepares every file before it renames any.
  void prepare();
  // The rename (the only step left after prepare()). Throws Error when it fails.
  void publish();
  // The target is a device, FIFO or socket: written in place, nothing to commit.
  [[nodiscard]] bool in_place() const { return direct_; }

 private:
  std::filesystem::path target_;  // as given (messages name it)
  std::filesystem::path dest_;    // what is replaced: the target, or where its symbolic links end
  std::filesystem::path temp_;
  bool done_ = false;
  bool direct_ = false;  // the target is a device, FIFO or socket: written in place, never removed
  bool replace_ = true;  // false: -n, the rename must not replace a file
  bool prepared_ = false;
  int slot_ = -1;  // in the table of temporary files a second signal removes (-1: not in it)
};

// Removes every AtomicFile's temporary file that exists now. Async-signal-safe (unlink(2) over a
// fixed table): the signal handler calls it before a second Ctrl-C or SIGTERM ends the process,
// so no hidden temporary file is left behind.
void remove_temp_files_now() noexcept;

// The longest file name the folder's file system allows (pathconf _PC_NAME_MAX, else NAME_MAX).
std::size_t longest_name(const std::filesystem::path& dir);
// The hidden temporary name of `name` (".stem.nnviz-tmp-<pid>-<number>.ext"), at most
// `name_max` bytes.
std::string temp_name(const std::string& name, unsigned number, std::size_t name_max);
// rename(2) that never replaces `to` (RENAME_NOREPLACE, else link + unlink); UsageError (field
// "overwrite") naming `named` when something stands there.
void rename_no_replace(const std::filesystem::path& from, const std::filesystem::path& to,
                       const std::filesystem::path& named);

// Writes `text` to `path` (created or truncated); Error naming `named` on failure.
void write_bytes(const std::filesystem::path& path, const std::filesystem::path& named, const std::string& text);

// Writes `text` to `target` through an AtomicFile; throws Error naming the path on failure.
void write_file_atomically(const std::filesystem::path& target, const std::string& text);

// Checks up front that `target` could be written: its folder exists and is writable, it is
// not a directory, its name fits the file system's NAME_MAX and the path PATH_MAX. Throws
// UsageError naming `what` (e.g. "--output") otherwise.
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
