#pragma once
// A run's outputs committed in one step at its end (all-or-nothing): every output (video or
// page, PNG frames, metrics, weights) is staged in a temporary file or folder while the run
// works, and commit() renames them all into place. Until commit() no existing output is
// touched; an OutputSet destroyed without a commit removes every temporary file.
//
// The window that remains: rename(2) is atomic per file, not across files. commit() first does
// every step that can fail for ordinary reasons (fsync on a full disk, permissions) for every
// file, and only then renames, in this order: the files in the order they were added, then the
// folders, then the text outputs that stand on a device or FIFO (written, not renamed, since
// they cannot be staged). If a rename fails there (an I/O error, a target replaced by a folder
// meanwhile, -n and a file that appeared meanwhile), the outputs before it are already the new
// ones and the ones after it are untouched with their temporary files removed; the Error names
// both. Nothing is rolled back. After a failed commit() every temporary file is gone and the set
// is spent.
#include <deque>
#include <filesystem>
#include <string>
#include <vector>

#include "nnviz/util/atomic_file.hpp"
#include "nnviz/util/atomic_folder.hpp"

namespace nnviz::util {

class OutputSet {
 public:
  // `replace` false (-n): no commit may replace an existing file.
  explicit OutputSet(bool replace = true) : replace_(replace) {}
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;

  // Stages `text` as the file `target` (written now to its temporary file; a device or FIFO
  // target is written at commit). Throws as AtomicFile, or Error on a write failure.
  void write_file(const std::filesystem::path& target, std::string text);
  // Takes a finished AtomicFile / AtomicFolder (an encoder's) to commit with the others.
  void adopt(AtomicFile file);
  void adopt(AtomicFolder folder);

  // Renames everything into place, in the documented order. Throws Error (see above).
  void commit();

  [[nodiscard]] bool replace() const { return replace_; }
  // The i-th staged file (in the order added), e.g. to read an intermediate video back.
  [[nodiscard]] const AtomicFile& file(std::size_t i) const { return files_.at(i); }
  [[nodiscard]] bool empty() const { return files_.empty() && folders_.empty(); }

 private:
  struct InPlaceText {  // a device or FIFO: cannot be staged, written at commit
    AtomicFile file;
    std::string text;
  };
  bool replace_;
  bool committed_ = false;
  std::deque<AtomicFile> files_;
  std::deque<AtomicFolder> folders_;
  std::deque<InPlaceText> in_place_;
};

}  // namespace nnviz::util
