#pragma once
// Shared by the encode tests: synthetic frames, a scratch folder, and decoding a file back.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "nnviz/util/frame.hpp"

namespace nnviz::encode::testing {

// A fresh folder under the system temp dir, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  // Names of the files in the folder, sorted.
  [[nodiscard]] std::vector<std::string> files() const;

 private:
  std::filesystem::path path_;
};

// Frame `index` of a test animation: a red/green gradient with a blue square moving right.
util::Frame gradient_frame(int width, int height, int index);
// One flat colour, 0xRRGGBB.
util::Frame solid_frame(int width, int height, std::uint32_t rgb);

struct Decoded {
  std::string codec;      // avcodec_get_name
  std::string pix_fmt;    // of the decoded frames (av_get_pix_fmt_name)
  int width = 0;
  int height = 0;
  int frames = 0;         // decoded
  double duration = 0.0;  // seconds: last frame's pts + its duration, from the stream
  double container_duration = 0.0;  // AVFormatContext::duration in seconds, 0 when unknown
  double avg_frame_rate = 0.0;       // 0 when unknown
  std::vector<std::int64_t> pts;     // of the decoded frames, in stream time base
  util::Frame first;      // first and last decoded frames as BGRA (for colour checks)
  util::Frame last;
  std::vector<util::Frame> all;  // every decoded frame as BGRA, with keep_frames only
};
// Opens and decodes every frame with libavformat/libavcodec; throws on failure. `keep_frames`:
// also keep every frame in `all` (for small test videos).
Decoded decode_file(const std::filesystem::path& path, bool keep_frames = false);

// Mean over pixels and the three colour channels of |a - b|, in code values; a and b the same size.
double mean_abs_error(const util::Frame& a, const util::Frame& b);

// The block structure of a GIF file (GIF89a spec: logical screen descriptor, then extensions and
// image descriptors, each image with or without a local colour table). Throws on a malformed file.
struct GifLayout {
  bool global_palette = false;
  int images = 0;
  int local_palettes = 0;  // images that bring their own colour table
};
GifLayout gif_layout(const std::string& bytes);

// Channel-wise max |a - b| of two 0xAARRGGBB words, ignoring alpha.
int colour_distance(std::uint32_t a, std::uint32_t b);
std::string read_bytes(const std::filesystem::path& path);

}  // namespace nnviz::encode::testing

namespace nnviz::encode::testing {
void write_text(const std::filesystem::path& path, const std::string& text);
}  // namespace nnviz::encode::testing
