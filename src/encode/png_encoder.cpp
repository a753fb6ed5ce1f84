#include "png_encoder.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <system_error>

extern "C" {
#include <libavformat/avformat.h>
}

#include "nnviz/encode/av_error.hpp"
#include "nnviz/util/atomic_file.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/names.hpp"
#include "nnviz/util/output_set.hpp"

namespace nnviz::encode {
namespace fs = std::filesystem;

namespace {

// Opaque frames: RGB24 makes files a quarter smaller than RGBA for the same pixels.
constexpr AVPixelFormat png_pixel_format = AV_PIX_FMT_RGB24;

// A folder, not a pattern: no '%' in the last name (a path ending in '/' has none). A name
// ending in .png without one is a single file, which cannot hold frames: refused.
bool names_a_folder(const fs::path& output) {
  std::error_code ec;
  const std::string name = output.filename().string();
  return fs::is_directory(output, ec) ||
         (name.find('%') == std::string::npos && util::ascii_lower(output.extension().string()) != ".png");
}

}  // namespace

fs::path png_frames_folder(const fs::path& output) {
  if (names_a_folder(output)) return output;
  const fs::path dir = output.parent_path();
  return dir.empty() ? fs::path(".") : dir;
}

std::optional<fs::path> first_existing_png_frame(const fs::path& output, int count) {
  std::error_code ec;
  const fs::path folder = png_frames_folder(output);
  if (!fs::is_directory(folder, ec) || count <= 0) return std::nullopt;
  // Each entry whose name holds a frame number below `count` and is that frame's name: one pass
  // over the folder, however many frames the run may have.
  std::optional<fs::path> first;
  int first_index = count;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    for (std::size_t i = 0; i < name.size();) {
      if (name[i] < '0' || name[i] > '9') {
        ++i;
        continue;
      }
      std::size_t end = i;
      long long value = 0;
      while (end < name.size() && name[end] >= '0' && name[end] <= '9' && end - i < 12)
        value = value * 10 + (name[end++] - '0');
      if (value < first_index && png_frame_path(output, static_cast<int>(value)).filename() == name) {
        first_index = static_cast<int>(value);
        first = folder / name;
      }
      i = end;
    }
  }
  return first;
}

fs::path png_frame_path(const fs::path& output, int index) {
  if (names_a_folder(output)) {
    char name[32];
    std::snprintf(name, sizeof name, "%04d.png", index);  // as -o frames/%04d.png names them
    return output / name;
  }
  const std::string pattern = output.string();
  if (output.filename().string().find('%') == std::string::npos)
    throw UsageError("PNG frames go to a folder or a pattern like frames/%04d.png; '" + pattern +
                     "' names a single file");
  // av_get_frame_filename2 accepts exactly one %d / %0Nd (and %%), the image2 muxer's rule.
  std::string name(pattern.size() + 32, '\0');
  if (av_get_frame_filename2(name.data(), static_cast<int>(name.size()), pattern.c_str(), index, 0) < 0)
    throw UsageError("PNG pattern '" + pattern + "' needs exactly one frame number like %04d (and %% for a %)");
  name.resize(name.find('\0'));
  fs::path path(name);
  if (util::ascii_lower(path.extension().string()) != ".png") throw UsageError("PNG pattern '" + pattern + "' must end in .png");
  return path;
}

PngEncoder::PngEncoder(fs::path output, const EncodeOptions& options)
    : BasicEncoder(output, options),
      output_(std::move(output)),
      overwrite_(options.overwrite),
      commit_to_(options.commit_to),
      folder_(std::in_place, png_frames_folder(output_), options.overwrite),
      packet_(make_packet()),
      converter_(options.width, options.height, png_pixel_format) {
  const AVCodec* encoder = avcodec_find_encoder_by_name("png");
  if (!encoder) throw Error("this FFmpeg build has no 'png' encoder");
  codec_.reset(avcodec_alloc_context3(encoder));
  if (!codec_) throw Error("out of memory allocating the codec");
  codec_->width = options.width;
  codec_->height = options.height;
  codec_->pix_fmt = png_pixel_format;
  codec_->time_base = AVRational{1, options.fps};
  codec_->thread_count = options.threads;
  check_av(avcodec_open2(codec_.get(), encoder, nullptr), "opening the png encoder");
  frame_ = make_frame(options.width, options.height, png_pixel_format);
  spdlog::debug("encode: png frames {}x{} to '{}'", options.width, options.height, output_.string());
}

void PngEncoder::encode_frame(const util::Frame& frame) {
  check_av(av_frame_make_writable(frame_.get()), "allocating a video frame");
  converter_.convert(frame, frame_.get());
  frame_->pts = frames_written();
  send(frame_.get());
}

void PngEncoder::send(const AVFrame* frame) {
  check_av(avcodec_send_frame(codec_.get(), frame), "encoding a png");
  while (true) {
    const int ret = avcodec_receive_packet(codec_.get(), packet_.get());
    if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return;
    check_av(ret, "encoding a png");
    const fs::path target = png_frame_path(output_, files_written_);
    std::error_code ec;
    if (!overwrite_ && fs::exists(target, ec))
      throw UsageError("overwrite", "'" + target.string() + "' exists and replacing it is turned off");
    folder_->write(target.filename().string(), std::string(reinterpret_cast<const char*>(packet_->data),
                                                           static_cast<std::size_t>(packet_->size)));
    av_packet_unref(packet_.get());
    ++files_written_;
  }
}

void PngEncoder::finish_output() {
  send(nullptr);  // frame threads may still hold a few
  spdlog::debug("encode: wrote {} png frames to '{}'", files_written_, output_.string());
  if (commit_to_) {
    commit_to_->adopt(std::move(*folder_));  // moved into place with the run's other outputs
    folder_.reset();
  } else {
    folder_->commit();
  }
}

}  // namespace nnviz::encode
