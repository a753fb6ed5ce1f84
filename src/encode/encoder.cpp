// Encoder::open: every check that can be made before a byte is written, then the format's
// encoder.
#include "nnviz/encode/encoder.hpp"

#include <cmath>
#include <string>
#include <system_error>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavformat/avformat.h>
}

#include "nnviz/util/atomic_file.hpp"
#include "nnviz/util/atomic_folder.hpp"
#include "nnviz/util/error.hpp"
#include "png_encoder.hpp"
#include "raw_encoder.hpp"
#include "video_encoder.hpp"

namespace nnviz::encode {
namespace fs = std::filesystem;

namespace {

constexpr double max_hold_seconds = 3600.0;
// GIF delays are whole 1/100 s and browsers stretch delays under 2/100 s to 1/10 s.
constexpr int max_gif_fps = 50;
const char* const x264_presets[] = {"ultrafast", "superfast", "veryfast", "faster", "fast",
                                    "medium",    "slow",      "slower",   "veryslow", "placebo"};

std::string size_text(const EncodeOptions& o) { return std::to_string(o.width) + "x" + std::to_string(o.height); }

void check_options_impl(Format format, const EncodeOptions& o) {
  if (o.fps < 1 || o.fps > max_fps)
    throw UsageError("fps", "must be 1.." + std::to_string(max_fps) + " frames per second (got " + std::to_string(o.fps) + ")");
  if (format == Format::gif && o.fps > max_gif_fps)
    throw UsageError("fps", std::to_string(o.fps) + " frames per second is too fast for GIF: delays are in 1/100 s " +
                     "and browsers slow down frames shorter than 2/100 s (use " + std::to_string(max_gif_fps) +
                     " or less)");
  if (o.width < 1 || o.height < 1 || o.width > max_side || o.height > max_side)
    throw UsageError("size", size_text(o) + ": width and height must each be 1.." + std::to_string(max_side) +
                     " pixels");
  const bool yuv = is_yuv_format(format);
  if (!yuv && o.pix_fmt != PixelFormat::yuv420p)
    throw UsageError("pix_fmt", pixel_format_name(o.pix_fmt) + " applies to mp4, webm, nut and y4m only, not " + format_name(format));
  if (yuv && o.pix_fmt == PixelFormat::yuv420p && (o.width % 2 != 0 || o.height % 2 != 0))
    throw UsageError("size", size_text(o) + ": width and height must both be even for " + format_name(format) +
                     " (yuv420p halves the colour resolution), e.g. " + std::to_string(o.width + o.width % 2) + "x" +
                     std::to_string(o.height + o.height % 2));
  const int max_crf = format == Format::webm ? 63 : 51;
  if ((format == Format::mp4 || format == Format::webm || format == Format::nut) && o.crf > max_crf)
    throw UsageError("crf", std::to_string(o.crf) + " is out of range for " + format_name(format) + " (0.." +
                     std::to_string(max_crf) + ")");
  if ((format == Format::mp4 || format == Format::nut) && !o.preset.empty()) {
    bool known = false;
    std::string list;
    for (const char* p : x264_presets) {
      known = known || o.preset == p;
      list += (list.empty() ? "" : ", ") + std::string(p);
    }
    if (!known) throw UsageError("preset", "'" + o.preset + "' is not a libx264 preset (" + list + ")");
  }
  if (!std::isfinite(o.hold_last) || o.hold_last < 0.0 || o.hold_last > max_hold_seconds)
    throw UsageError("hold_last", "the hold of the last frame must be 0.." + std::to_string(static_cast<int>(max_hold_seconds)) +
                     " seconds");
  if (o.threads < 0) throw UsageError("threads", "the number of codec threads must be 0 (automatic) or more");
}

std::string exists_message(const fs::path& path) {
  return "output '" + path.string() + "' already exists and replacing it is turned off";
}

void check_output(const fs::path& output, Format format, const EncodeOptions& o) {
  std::error_code ec;
  check_target(output, format);
  if (output == "-") return;
  if (o.format) {
    // An explicit format wins over an unknown extension, not over a known one: a GIF called
    // .mp4 is a mistake.
    const auto implied = format_from_path(output);
    // .nut names the container: H.264 or raw video in it.
    if (implied && *implied != format && !(*implied == Format::nut && format == Format::nut_raw))
      throw UsageError("output '" + output.string() + "' looks like " + format_name(*implied) +
                       " but the format asked for is " + format_name(format));
  }
  if (format == Format::png) {
    const fs::path first = png_frame_path(output, 0);
    util::check_output_folder(png_frames_folder(output), "output");
    if (first.filename().string().size() > util::longest_name(fs::is_directory(first.parent_path(), ec) ? first.parent_path() : fs::path(".")))
      throw UsageError("output: the frame name '" + first.filename().string() + "' is too long for this file system");
    if (!o.overwrite && fs::exists(first, ec)) throw UsageError("overwrite", exists_message(first));
    return;
  }
  util::check_writable_output(output, "output");
  if (!o.overwrite && fs::exists(output, ec)) throw UsageError("overwrite", exists_message(output));
}

void check_libav_has(Format format) {
  if (format == Format::raw) return;
  const char* encoder = encoder_name(format);
  if (!avcodec_find_encoder_by_name(encoder))
    throw Error(std::string("this FFmpeg build has no '") + encoder + "' encoder, needed for " + format_name(format));
  if (const char* muxer = muxer_name(format); muxer && !av_guess_format(muxer, nullptr, nullptr))
    throw Error(std::string("this FFmpeg build has no '") + muxer + "' muxer, needed for " + format_name(format));
  if (format == Format::gif) {
    for (const char* filter : {"buffer", "buffersink", "split", "palettegen", "paletteuse"})
      if (!avfilter_get_by_name(filter))
        throw Error(std::string("this FFmpeg build has no '") + filter + "' filter, needed for gif");
  }
}

}  // namespace

std::unique_ptr<Encoder> Encoder::open(const fs::path& output, const EncodeOptions& options) {
  const Format format = resolve_format(output, options.format);
  check_options_impl(format, options);
  check_output(output, format, options);
  check_libav_has(format);
  switch (format) {
    case Format::mp4:
    case Format::webm:
    case Format::gif:
    case Format::y4m:
    case Format::nut:
    case Format::nut_raw: return std::make_unique<VideoEncoder>(output, options, format);
    case Format::png: return std::make_unique<PngEncoder>(output, options);
    case Format::raw: return std::make_unique<RawEncoder>(output, options);
  }
  throw Error("internal: unhandled format");
}

void check_options(Format format, const EncodeOptions& options) { check_options_impl(format, options); }

}  // namespace nnviz::encode
