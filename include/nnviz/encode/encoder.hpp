#pragma once
// Frames -> a file, with libav. The format comes from the output's extension or is given.
// Frames are encoded as they arrive: memory does not grow with the number of frames.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nnviz/util/frame.hpp"
#include "nnviz/util/names.hpp"

namespace nnviz::util {
class InterruptFlag;
class OutputSet;
}

namespace nnviz::encode {

// mp4 (H.264), webm (VP9), gif, png (frames), raw (BGRA bytes, no header), and the streams:
// y4m (YUV4MPEG2: uncompressed YUV with a header, the players' pipe format), nut (H.264 in NUT,
// tuned for no delay) and nut-raw (the frames' own BGR bytes in NUT, lossless).
enum class Format { mp4, webm, gif, png, raw, y4m, nut, nut_raw };

// "mp4", "webm", "gif", "png", "raw" (aliases "rawvideo", "bgra"), "y4m" (alias "yuv4mpeg"),
// "nut", "nut-raw", any case (util/names.hpp).
// UsageError (field "format") listing them otherwise.
const util::NameTable<Format>& format_table();
Format parse_format(const std::string& name);
std::string format_name(Format format);
const std::vector<std::string>& format_names();
// From the path: .mp4, .webm, .gif, .bgra/.raw, .y4m, .nut, a printf pattern ending in .png
// (frames/%04d.png), an existing directory or a path ending in '/' (PNG frames). std::nullopt
// when it cannot tell (also for "-").
std::optional<Format> format_from_path(const std::filesystem::path& path);
// `requested` when given, else format_from_path(path), else y4m for "-" (stdout: a stream a
// player reads, `nnviz train -o - | ffplay -`); UsageError listing the formats when none tells.
Format resolve_format(const std::filesystem::path& path, std::optional<Format> requested);
// What `format` to `output` needs from its target, checked before any work (UsageError): stdout
// ("-") takes every format but mp4 (its index is written last, into a seekable file) and PNG
// frames, and is no terminal; a FIFO or socket takes no mp4.
void check_target(const std::filesystem::path& output, Format format);
// mp4, webm and the nut of H.264 (the formats with a YUV pixel format and a crf), and y4m (YUV).
bool is_yuv_format(Format format);

// The folder PNG frames go to: `output` itself, or a pattern's folder ("." for "%04d.png").
// It is created by the commit when missing (util::AtomicFolder).
std::filesystem::path png_frames_folder(const std::filesystem::path& output);
// The file of frame `index` for `output`: a folder (existing, or any path whose last name has no
// '%') or a pattern. UsageError for a pattern without exactly one integer conversion or not
// ending in .png.
std::filesystem::path png_frame_path(const std::filesystem::path& output, int index);
// The first of the files frames [0, count) of `output` (a folder or a pattern) would replace,
// if any: for -n, before any work.
std::optional<std::filesystem::path> first_existing_png_frame(const std::filesystem::path& output, int count);

// mp4's crf when none is given, for a frame of width x height (see EncodeOptions::crf).
int default_x264_crf(int width, int height);

// Size limits, the same for every format: libx264 refuses sides above 16384.
inline constexpr int max_side = 16384;
inline constexpr int max_fps = 120;

// How a GIF gets its colours (GIF allows 256 per frame):
// - global: one palette for the whole animation, made from a sample of its frames
//   (Encoder::set_palette_sample) or, without one, from the first frame written. Colours stay
//   put from frame to frame and the gif encoder stores only what changed. The default.
// - frame: each frame gets its own palette: twice the encoding time, and every frame is stored
//   whole with its palette.
// Measured on the default run (200 frames, 1800x600), PSNR of the decoded frames: global with
// 5 sampled frames 23.1 MB, 43.1 dB; global from the first frame 17.5 MB, 42.4 dB; frame
// 37.0 MB, 42.9 dB (ffmpeg's two-pass GIF: 23.3 MB, 43.0 dB).
enum class GifPaletteMode { global, frame };
// "global", "frame", any case. UsageError (field "gif_palette") listing them otherwise.
const util::NameTable<GifPaletteMode>& gif_palette_mode_table();
GifPaletteMode parse_gif_palette_mode(const std::string& name);
std::string gif_palette_mode_name(GifPaletteMode mode);
const std::vector<std::string>& gif_palette_mode_names();

// How mp4 and webm store colour: yuv420p halves the colour resolution both ways and plays
// everywhere (browsers included); yuv444p keeps it (H.264 High 4:4:4, VP9 profile 1): colour
// edges and thin coloured lines stay sharp, for ~6% more bytes, but most browsers and phones do
// not play it. Measured on the default run (200 frames), mp4 at its default crf, PSNR against
// the PNG frames: 1800x600 yuv420p 42.7 dB, 2.67 MB, yuv444p 46.6 dB, 2.84 MB; 600x200
// 40.5 dB, 0.62 MB and 46.6 dB, 0.67 MB (webm at 600x200: 37.7 dB, 0.33 MB and 40.8 dB, 0.40 MB).
enum class PixelFormat { yuv420p, yuv444p };
// "yuv420p", "yuv444p", any case. UsageError (field "pix_fmt") listing them otherwise.
const util::NameTable<PixelFormat>& pixel_format_table();
PixelFormat parse_pixel_format(const std::string& name);
std::string pixel_format_name(PixelFormat format);
const std::vector<std::string>& pixel_format_names();

struct EncodeOptions {
  std::optional<Format> format;  // empty: from the output's path (resolve_format)
  int width = 1800;
  int height = 600;
  int fps = 5;               // 1..max_fps
  // Quality; < 0: the format's default: webm 32 of 0..63; mp4 (0..51) 20 for frames of
  // 1800x600 pixels and more, one lower per halving below (900x300: 18, 600x200: 17), 16 at least
  // (default_x264_crf; why in video_encoder.cpp).
  int crf = -1;
  std::string preset;        // libx264 preset (ultrafast..placebo); empty: medium
  // Seconds the last frame stays on screen: finish() repeats the last frame
  // round(hold_last * fps) more times, so the output has frames_written() frames and lasts
  // frames_written() / fps seconds. Applies to every format (png/raw get extra files/frames).
  double hold_last = 0.0;
  // When set and raised (a signal), finish() stops repeating the last frame and finishes the
  // file with the copies written so far: a long hold is minutes of encoding at a high fps.
  // It also bounds the codec's flush: x264 and VP9 hold frames in their look-ahead (x264's is
  // capped at 10, see video_encoder.cpp), so once flush_budget_ms have passed since the signal
  // (InterruptFlag::raised_at), the flush stops at the next point where the frames muxed so far
  // are the first k of the video, and the file holds those k (frames_written()). The rest of
  // the half second is for closing the codec, the trailer and the commit.
  const util::InterruptFlag* interrupt = nullptr;
  int flush_budget_ms = 300; // see `interrupt`
  int threads = 0;           // codec threads; 0: libav's choice
  GifPaletteMode gif_palette = GifPaletteMode::global;  // gif only
  PixelFormat pix_fmt = PixelFormat::yuv420p;           // mp4 and webm only (check_options)
  bool overwrite = true;     // false: refuse when the output exists (UsageError)
  // The container's comment tag (mp4, webm: the `comment` metadata ffprobe shows; gif: a
  // Comment Extension before the first image, which ffprobe also shows); the streams (y4m, nut:
  // FFmpeg's NUT reader drops tags over 1 KB), raw and PNG frames carry none. nnviz puts the run's configuration here (app::VideoRequest::config_toml).
  std::string comment;
  // When set, finish() hands the finished temporary file (or PNG folder) to this set instead of
  // renaming it into place: the run commits all its outputs together (util::OutputSet).
  util::OutputSet* commit_to = nullptr;
};

// The checks of Encoder::open that need no file (fps, size, even sides for yuv420p, crf, preset,
// hold, yuv444p only for mp4/webm), so a run can refuse bad options before it trains. Throws
// UsageError.
void check_options(Format format, const EncodeOptions& options);

// Writes to a temporary file next to the output and renames it into place in finish().
// Output "-" writes to stdout, and a FIFO or device in place (check_target): frame by frame,
// each flushed as it is encoded, so a player shows it at once. PNG frames (frame-0000.png... in a folder, or
// the printf pattern's names) are written into a hidden staging folder and moved into place
// together in finish() (util::AtomicFolder).
// Not thread-safe; different encoders may run on different threads.
class Encoder {
 public:
  // Checks everything it can up front (format, extension, folder, encoder present in this libav
  // build, sizes, options) and throws UsageError/Error with a clear message; nothing is left
  // behind.
  static std::unique_ptr<Encoder> open(const std::filesystem::path& output, const EncodeOptions& options);
  virtual ~Encoder() = default;  // frees; removes the temporary file unless finish() succeeded

  // Frames that stand for the whole animation (a few, spread over it), for GIF's global palette:
  // the palette is made from their colours, so a frame that is only in the sample still finds its
  // colours. Each must be options.width x options.height; they are read during the call only.
  // Call it at most once, before the first write() (Error otherwise, the encoder stays usable).
  // An empty sample is no sample. Other formats and GIF's per-frame mode check the frames and
  // ignore them.
  virtual void set_palette_sample(const std::vector<const util::Frame*>& frames) = 0;
  // `frame` must be options.width x options.height (Error otherwise, the encoder stays usable).
  virtual void write(const util::Frame& frame) = 0;
  // Appends the held copies, flushes the codec, writes the trailer, renames into place. May
  // throw Error. A second call does nothing. mp4/webm/gif need at least one frame.
  virtual void finish() = 0;
  // Frames in the output so far (after finish(): including the held copies; after a finish()
  // a signal cut short, the frames the file holds, which may be fewer than were written).
  [[nodiscard]] virtual int frames_written() const = 0;
};

// Routes libav's own log messages to spdlog (error -> warn, warning and info -> debug, more ->
// trace) and lets through warnings and worse, or info too with `verbose`. libav's log level
// and callback are process-wide: the app calls this once, from main.
void quiet_libav_logs(bool verbose);

}  // namespace nnviz::encode
