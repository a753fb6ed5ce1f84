#pragma once
// Raw frames: packed BGRA bytes (Cairo's ARGB32 on little-endian), width*height*4 per frame, no
// header; to a file (atomically) or to stdout for output "-".
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "basic_encoder.hpp"
#include "nnviz/util/atomic_file.hpp"
#include "output_sink.hpp"

namespace nnviz::encode {

struct FileCloser {
  void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

class RawEncoder final : public BasicEncoder {
 public:
  RawEncoder(const std::filesystem::path& output, const EncodeOptions& options);

 private:
  void encode_frame(const util::Frame& frame) override;
  void finish_output() override;

  std::optional<util::AtomicFile> file_;  // empty for stdout; declared first, destroyed last
  util::OutputSet* commit_to_ = nullptr;  // null: finish() renames file_ itself
  FilePtr owned_;                          // the temporary file, when not stdout
  std::FILE* out_ = nullptr;               // owned_
  std::optional<OutputSink> stdout_;       // output "-": each frame written as it comes
  std::vector<std::uint8_t> packed_;       // a frame with a padded stride, packed for stdout_
};

}  // namespace nnviz::encode
