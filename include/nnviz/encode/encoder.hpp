#pragma once
// Frames -> a file, with libav. The format comes from the output's extension or --format.
// Frames are encoded as they arrive: memory does not grow with the number of frames.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nnviz/util/frame.hpp"

namespace nnviz::encode {

enum class Format { mp4, webm, gif, png, raw };

// "mp4", "webm", "gif", "png", "raw" (alias "rawvideo", "bgra"). UsageError listing them otherwise.
Format parse_format(const std::string& name);
std::string format_name(Format format);
const std::vector<std::string>& format_names();
// From the path: .mp4, .webm, .gif, .bgra/.raw, a printf pattern ending in .png (frames/%04d.png)
// or an existing directory (PNG frames). std::nullopt when it cannot tell.
std::optional<Format> format_from_path(const std::filesystem::path& path);

struct EncodeOptions {
  Format format = Format::mp4;
  int width = 1800;
  int height = 600;
  int fps = 5;
  int crf = -1;              // mp4/webm quality; < 0: the format's default
  std::string preset;        // libx264 preset; empty: the default
  double hold_last = 0.0;    // seconds the last frame stays on screen
  int threads = 0;           // codec threads; 0: libav's choice
  bool overwrite = true;     // false: refuse when the output exists (UsageError)
};

// Writes to a temporary file next to the output and renames it into place in finish().
// Output "-" with Format::raw writes to stdout.
class Encoder {
 public:
  // Checks everything it can up front (extension, folder, encoder present in this libav build,
  // sizes) and throws UsageError/Error with a clear message; nothing is left behind.
  static std::unique_ptr<Encoder> open(const std::filesystem::path& output, const EncodeOptions& options);
  virtual ~Encoder() = default;  // frees; removes the temporary file unless finish() succeeded

  // `frame` must be options.width x options.height.
  virtual void write(const util::Frame& frame) = 0;
  // Flushes the codec, writes the trailer, renames into place. May throw Error.
  virtual void finish() = 0;
  [[nodiscard]] virtual int frames_written() const = 0;
};

}  // namespace nnviz::encode
