// Output formats: names, and what a path's extension says; GIF palette mode names.
#include <algorithm>
#include <cctype>
#include <system_error>

#include <sys/stat.h>
#include <unistd.h>

#include "nnviz/encode/encoder.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/names.hpp"

namespace nnviz::encode {
namespace fs = std::filesystem;

const util::NameTable<Format>& format_table() {
  static const util::NameTable<Format> table(
      "format", "format",
      {{Format::mp4, "mp4"}, {Format::webm, "webm"}, {Format::gif, "gif"}, {Format::png, "png"}, {Format::raw, "raw"},
       {Format::y4m, "y4m"}, {Format::nut, "nut"}, {Format::nut_raw, "nut-raw"}},
      {{Format::raw, "rawvideo"}, {Format::raw, "bgra"}, {Format::y4m, "yuv4mpeg"}});
  return table;
}

const std::vector<std::string>& format_names() { return format_table().names(); }

std::string format_name(Format format) { return format_table().name(format); }

Format parse_format(const std::string& name) { return format_table().parse(name); }

std::optional<Format> format_from_path(const fs::path& path) {
  if (path.empty() || path == "-") return std::nullopt;
  // A video extension wins over an existing directory of that name: `-o run.mp4` where run.mp4
  // is a folder is a mistake to report ("is a directory"), not a request for PNG frames.
  const std::string ext = util::ascii_lower(path.extension().string());
  if (ext == ".mp4") return Format::mp4;
  if (ext == ".webm") return Format::webm;
  if (ext == ".gif") return Format::gif;
  if (ext == ".bgra" || ext == ".raw") return Format::raw;
  if (ext == ".y4m") return Format::y4m;
  if (ext == ".nut") return Format::nut;
  std::error_code ec;
  if (fs::is_directory(path, ec)) return Format::png;
  // "frames/": a folder, created if missing.
  if (!path.has_filename()) return Format::png;
  // A single .png file cannot hold a video: only a pattern (frames/%04d.png) names PNG frames.
  if (ext == ".png" && path.filename().string().find('%') != std::string::npos) return Format::png;
  return std::nullopt;
}

Format resolve_format(const fs::path& path, std::optional<Format> requested) {
  if (requested) return *requested;
  if (path == "-") return Format::y4m;
  if (const auto format = format_from_path(path)) return *format;
  throw UsageError("cannot tell the format of '" + path.string() +
                   "': use .mp4, .webm, .gif, .y4m, .nut, .bgra/.raw, a folder (an existing one, or ending in /) "
                   "or a pattern like frames/%04d.png for PNG frames, or name the format (" + util::joined(format_names()) + ")");
}

bool is_yuv_format(Format format) {
  return format == Format::mp4 || format == Format::webm || format == Format::nut || format == Format::y4m;
}

void check_target(const fs::path& output, Format format) {
  if (output == "-") {
    if (format == Format::mp4)
      throw UsageError("output '-' (stdout): mp4 writes its index last, into a file it can seek in; for a pipe use "
                       "--format y4m (the default for -o -), nut (H.264) or nut-raw");
    if (format == Format::png) throw UsageError("output '-' (stdout): PNG frames are files; give a folder or a pattern");
    if (::isatty(STDOUT_FILENO) == 1)
      throw UsageError("output '-': stdout is a terminal, which cannot show a video: pipe it into a player "
                       "(nnviz train -o - | ffplay -) or redirect it to a file");
    return;
  }
  // stdout by another name: its link leads to "pipe:[N]", no path to open, and the run would
  // print the results' paths after the stream.
  for (const char* alias : {"/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})
    if (output == alias) throw UsageError("output '" + output.string() + "': for stdout write -o -");
  if (format != Format::mp4) return;
  struct stat st {};
  if (::stat(output.c_str(), &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
    throw UsageError("output '" + output.string() + "' is a FIFO or socket: mp4 writes its index last, into a file it "
                     "can seek in; use --format y4m, nut (H.264) or nut-raw");
}

}  // namespace nnviz::encode

namespace nnviz::encode {

const util::NameTable<GifPaletteMode>& gif_palette_mode_table() {
  static const util::NameTable<GifPaletteMode> table(
      "GIF palette mode", "gif_palette", {{GifPaletteMode::global, "global"}, {GifPaletteMode::frame, "frame"}});
  return table;
}

const std::vector<std::string>& gif_palette_mode_names() { return gif_palette_mode_table().names(); }

std::string gif_palette_mode_name(GifPaletteMode mode) { return gif_palette_mode_table().name(mode); }

GifPaletteMode parse_gif_palette_mode(const std::string& name) { return gif_palette_mode_table().parse(name); }

const util::NameTable<PixelFormat>& pixel_format_table() {
  static const util::NameTable<PixelFormat> table(
      "pixel format", "pix_fmt", {{PixelFormat::yuv420p, "yuv420p"}, {PixelFormat::yuv444p, "yuv444p"}});
  return table;
}

const std::vector<std::string>& pixel_format_names() { return pixel_format_table().names(); }

std::string pixel_format_name(PixelFormat format) { return pixel_format_table().name(format); }

PixelFormat parse_pixel_format(const std::string& name) { return pixel_format_table().parse(name); }

}  // namespace nnviz::encode
