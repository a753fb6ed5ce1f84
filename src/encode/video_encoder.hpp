#pragma once
// mp4 (H.264), webm (VP9), gif and the streams (y4m, nut, nut-raw) through libavformat: one
// video stream, muxed into a temporary file that finish() renames into place, or to stdout / a
// FIFO as it is encoded (OutputSink, each frame flushed).
#include <chrono>
#include <cstdint>
#include <exception>
#include <optional>
#include <set>
#include <string>

#include "basic_encoder.hpp"
#include "gif_palette.hpp"
#include "nnviz/encode/av_handles.hpp"
#include "nnviz/util/atomic_file.hpp"
#include "output_sink.hpp"
#include "pixel_converter.hpp"

namespace nnviz::encode {

// Codec and muxer names per format (for the up-front check that this build has them).
const char* encoder_name(Format format);
const char* muxer_name(Format format);

// The AVIOContext over an OutputSink (and what it needs: the sink, a GIF's comment to insert
// after its header, the first error of the sink, which libav only sees as an error code).
struct SinkIo {
  OutputSink* sink = nullptr;
  std::string gif_comment;  // a whole Comment Extension block, inserted once after the header
  std::string held;         // gif: the first bytes, held until the header's length is known
  bool gif = false;
  std::exception_ptr error;
};
struct AvioDeleter {
  void operator()(AVIOContext* io) const noexcept;
};

// A GIF Comment Extension holding `text` (sub-blocks of at most 255 bytes, then the terminator).
std::string gif_comment_block(const std::string& text);

class VideoEncoder final : public BasicEncoder {
 public:
  // `options` are already validated (Encoder::open); `format` is mp4, webm or gif.
  VideoEncoder(const std::filesystem::path& output, const EncodeOptions& options, Format format);
  ~VideoEncoder() override;
  VideoEncoder(const VideoEncoder&) = delete;
  VideoEncoder& operator=(const VideoEncoder&) = delete;

 private:
  void use_palette_sample(const std::vector<const util::Frame*>& frames) override;
  void encode_frame(const util::Frame& frame) override;
  void finish_output() override;
  void open_codec(const EncodeOptions& options);
  // Sends `frame` (nullptr: flush) and muxes every packet the codec has ready; with a
  // `deadline`, stops once it has passed at a packet that leaves the muxed frames contiguous
  // (returns false then: the codec still holds frames, which the file will not have).
  bool send(const AVFrame* frame, std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);
  // Notes a muxed packet's frame (pts in the codec's time base, 1/fps).
  void note_muxed(std::int64_t pts);
  // The sink's error, if it had one (libav returned only an error code), else check_av(ret).
  void check_io(int ret, const std::string& what);
  // Stream outputs: what was muxed so far goes out now, so a player shows it.
  void flush_io();

  // Declared first, destroyed last: the muxer closes its file before the temporary is removed.
  // Empty for stdout.
  std::optional<util::AtomicFile> file_;
  std::string name_;  // what messages call the output
  std::optional<OutputSink> sink_;  // the streams, gif, stdout and FIFOs; empty: libav's own file
  SinkIo sink_io_;
  std::unique_ptr<AVIOContext, AvioDeleter> io_;  // over sink_; outlives muxer_
  util::OutputSet* commit_to_;  // null: finish() renames file_ itself
  Format format_;
  OutputContextPtr muxer_;
  AVStream* stream_ = nullptr;  // owned by muxer_
  CodecContextPtr codec_;
  PacketPtr packet_;
  FramePtr frame_;  // the codec's input, reused
  std::optional<PixelConverter> converter_;  // mp4, webm
  std::optional<GifPalette> palette_;        // gif
  std::int64_t next_pts_ = 0;                // in the codec's time base, 1/fps
  // Frames 0..contiguous_-1 are muxed; ahead_ are muxed frames past a gap (B-frames come out of
  // order), so the muxed frames are a prefix of the video exactly when ahead_ is empty.
  std::int64_t contiguous_ = 0;
  std::set<std::int64_t> ahead_;
  int flush_budget_ms_;
  bool header_written_ = false;
  bool trailer_written_ = false;
};

}  // namespace nnviz::encode
