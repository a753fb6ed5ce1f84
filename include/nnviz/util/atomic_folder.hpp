#pragma once
// A folder of output files (PNG frames) that appear together or not at all: the files are
// written into a hidden staging folder and moved into the target folder by commit(). A target
// folder that does not exist yet is created by the commit (the staging folder is renamed to it),
// so a failed run creates nothing.
#include <filesystem>
#include <string>
#include <vector>

namespace nnviz::util {

// UsageError naming `what` unless `folder` can take output files: an existing folder (a link to
// one is followed) that is writable, or a missing one whose parent is an existing writable
// folder. A file, a dangling link or anything else that is not a folder is refused: nothing is
// ever created by following into it.
void check_output_folder(const std::filesystem::path& folder, const std::string& what);

class AtomicFolder {
 public:
  // Creates the hidden staging folder (inside the target when it exists, next to it otherwise).
  // With `replace` false (-n) the commit refuses to replace any file. Throws as
  // check_output_folder, or Error when the staging folder cannot be made.
  explicit AtomicFolder(std::filesystem::path target, bool replace = true);
  AtomicFolder(const AtomicFolder&) = delete;
  AtomicFolder& operator=(const AtomicFolder&) = delete;
  AtomicFolder(AtomicFolder&& other) noexcept;
  AtomicFolder& operator=(AtomicFolder&&) = delete;
  // Removes the staging folder and its files unless commit() succeeded.
  ~AtomicFolder();

  // Writes `bytes` as the file that becomes target/name on commit (`name`: a plain file name).
  // Throws Error naming target/name on failure (a full disk).
  void write(const std::string& name, const std::string& bytes);
  // Moves every file into place: a missing target folder is created by one rename of the staging
  // folder; into an existing folder the files are renamed one by one (each atomically; if one
  // fails, the ones before it are in place and the rest are removed, and the Error says so).
  void commit();

  [[nodiscard]] const std::filesystem::path& target() const { return target_; }
  [[nodiscard]] const std::filesystem::path& staging() const { return staging_; }
  [[nodiscard]] std::size_t size() const { return names_.size(); }

 private:
  void move_files_into_target();

  std::filesystem::path target_;
  std::filesystem::path staging_;
  std::vector<std::string> names_;
  bool creates_ = false;  // the target folder did not exist: commit renames the staging folder
  bool replace_ = true;
  bool done_ = false;
  int slot_ = -1;  // in the table of temporary files a second signal removes
};

}  // namespace nnviz::util
