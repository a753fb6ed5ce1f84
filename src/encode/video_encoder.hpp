#pragma once
// mp4 (H.264), webm (VP9) and gif through libavformat: one video stream, muxed into a temporary
// file that finish() renames into place.
#include <cstdint>
#include <optional>

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
  // Sends `frame` (nullptr: flush) and muxes every packet the codec has ready.
  void send(const AVFrame* frame);

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
  bool header_written_ = false;
  bool trailer_written_ = false;
};

}  // namespace nnviz::encode
