// Output formats: names, and what a path's extension says; GIF palette mode names.
#include <algorithm>
#include <cctype>
#include <system_error>

#include "nnviz/encode/encoder.hpp"
#include "nnviz/util/error.hpp"

namespace nnviz::encode {
namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string joined_names() {
  std::string out;
  for (const std::string& n : format_names()) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

const std::vector<std::string>& format_names() {
  static const std::vector<std::string> names{"mp4", "webm", "gif", "png", "raw"};
  return names;
}

std::string format_name(Format format) {
  switch (format) {
    case Format::mp4: return "mp4";
    case Format::webm: return "webm";
    case Format::gif: return "gif";
    case Format::png: return "png";
    case Format::raw: return "raw";
  }
  return "unknown";
}

Format parse_format(const std::string& name) {
  const std::string n = lower(name);
  if (n == "mp4") return Format::mp4;
  if (n == "webm") return Format::webm;
  if (n == "gif") return Format::gif;
  if (n == "png") return Format::png;
  if (n == "raw" || n == "rawvideo" || n == "bgra") return Format::raw;
  throw UsageError("unknown format '" + name + "' (valid: " + joined_names() + ")");
}

std::optional<Format> format_from_path(const fs::path& path) {
  if (path.empty() || path == "-") return std::nullopt;
  // A video extension wins over an existing directory of that name: `-o run.mp4` where run.mp4
  // is a folder is a mistake to report ("is a directory"), not a request for PNG frames.
  const std::string ext = lower(path.extension().string());
  if (ext == ".mp4") return Format::mp4;
  if (ext == ".webm") return Format::webm;
  if (ext == ".gif") return Format::gif;
  if (ext == ".bgra" || ext == ".raw") return Format::raw;
  std::error_code ec;
  if (fs::is_directory(path, ec)) return Format::png;
  // A single .png file cannot hold a video: only a pattern (frames/%04d.png) names PNG frames.
  if (ext == ".png" && path.filename().string().find('%') != std::string::npos) return Format::png;
  return std::nullopt;
}

Format resolve_format(const fs::path& path, std::optional<Format> requested) {
  if (requested) return *requested;
  if (path == "-") throw UsageError("output '-' (stdout) needs the raw format (--format raw)");
  if (const auto format = format_from_path(path)) return *format;
  throw UsageError("cannot tell the format of '" + path.string() +
                   "': use .mp4, .webm, .gif, .bgra/.raw, an existing folder or a pattern like "
                   "frames/%04d.png for PNG frames, or --format (" + joined_names() + ")");
}

}  // namespace nnviz::encode

namespace nnviz::encode {

const std::vector<std::string>& gif_palette_mode_names() {
  static const std::vector<std::string> names{"global", "frame"};
  return names;
}

std::string gif_palette_mode_name(GifPaletteMode mode) { return mode == GifPaletteMode::global ? "global" : "frame"; }

GifPaletteMode parse_gif_palette_mode(const std::string& name) {
  const std::string n = lower(name);
  if (n == "global") return GifPaletteMode::global;
  if (n == "frame") return GifPaletteMode::frame;
  throw UsageError("unknown GIF palette mode '" + name + "' (valid: global, frame)");
}

}  // namespace nnviz::encode
