#pragma once
// mp4 (H.264), webm (VP9) and gif through libavformat: one video stream, muxed into a temporary
// file that finish() renames into place.
#include <chrono>
#include <cstdint>
#include <optional>
#include <set>

#include "basic_encoder.hpp"
#include "gif_palette.hpp"
#include "nnviz/encode/av_handles.hpp"
#include "nnviz/util/atomic_file.hpp"
#include "pixel_converter.hpp"

namespace nnviz::encode {

// Codec and muxer names per format (for the up-front check that this build has them).
const char* encoder_name(Format format);
const char* muxer_name(Format format);

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

  // Declared first, destroyed last: the muxer closes its file before the temporary is removed.
  util::AtomicFile file_;
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
