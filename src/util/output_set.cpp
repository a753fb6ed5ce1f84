#include "nnviz/util/output_set.hpp"

#include <functional>

#include "nnviz/util/error.hpp"
#include "nnviz/util/names.hpp"

namespace nnviz::util {
namespace fs = std::filesystem;

void OutputSet::write_file(const fs::path& target, std::string text) {
  AtomicFile file(target, replace_);
  if (file.in_place()) {
    in_place_.push_back({std::move(file), std::move(text)});
    return;
  }
  write_bytes(file.temp_path(), target, text);
  files_.push_back(std::move(file));
}

void OutputSet::adopt(AtomicFile file) { files_.push_back(std::move(file)); }

void OutputSet::adopt(AtomicFolder folder) { folders_.push_back(std::move(folder)); }

void OutputSet::commit() {
  if (committed_) throw Error("internal: an OutputSet committed twice");
  // A failed commit removes every temporary file at once (the committed ones are already
  // renamed: their owners have nothing left to remove), and the set is spent.
  committed_ = true;
  const auto discard = [this] {
    files_.clear();
    folders_.clear();
    in_place_.clear();
  };
  // Everything that may fail for ordinary reasons, before the first rename.
  try {
    for (AtomicFile& f : files_) f.prepare();
  } catch (...) {
    discard();
    throw;
  }

  // The renames (and in-place writes) in their documented order.
  struct Step {
    std::string target;
    std::function<void()> run;
  };
  std::vector<Step> steps;
  for (AtomicFile& f : files_) steps.push_back({f.target().string(), [&f] { f.publish(); }});
  for (AtomicFolder& d : folders_) steps.push_back({d.target().string(), [&d] { d.commit(); }});
  for (InPlaceText& t : in_place_)
    steps.push_back({t.file.target().string(), [&t] {
                       write_bytes(t.file.temp_path(), t.file.target(), t.text);
                       t.file.publish();
                     }});
  for (std::size_t i = 0; i < steps.size(); ++i) {
    try {
      steps[i].run();
    } catch (const std::exception& e) {
      // The temporary files of this step and the later ones go with their owners' destructors.
      std::vector<std::string> done;
      std::vector<std::string> left;
      for (std::size_t j = 0; j < i; ++j) done.push_back(steps[j].target);
      for (std::size_t j = i + 1; j < steps.size(); ++j) left.push_back(steps[j].target);
      std::string message = e.what();
      if (!done.empty()) message += "; already written: " + joined(done);
      if (!left.empty()) message += "; left as they were: " + joined(left);
      discard();
      if (dynamic_cast<const UsageError*>(&e) != nullptr && done.empty()) throw UsageError("overwrite", message);
      throw Error(message);
    }
  }
}

}  // namespace nnviz::util
