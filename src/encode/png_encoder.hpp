#pragma once
// PNG frames: one file per frame, each written atomically, in a folder (frame-0000.png, ...) or
// under the names of a printf pattern (frames/%04d.png).
#include <filesystem>
#include <string>

#include "basic_encoder.hpp"
#include "nnviz/encode/av_handles.hpp"
#include "pixel_converter.hpp"

namespace nnviz::encode {

// The file of frame `index` for `output` (a folder or a pattern). UsageError for a path that is
// neither an existing folder nor a pattern with one integer conversion ending in .png.
std::filesystem::path png_frame_path(const std::filesystem::path& output, int index);

class PngEncoder final : public BasicEncoder {
 public:
  // `options` are already validated (Encoder::open).
  PngEncoder(std::filesystem::path output, const EncodeOptions& options);

 private:
  void encode_frame(const util::Frame& frame) override;
  void finish_output() override;
  void send(const AVFrame* frame);  // nullptr: flush; writes every packet that is ready

  std::filesystem::path output_;
  bool overwrite_;
  int files_written_ = 0;  // packets come out in frame order
  CodecContextPtr codec_;
  PacketPtr packet_;
  FramePtr frame_;
  PixelConverter converter_;
};

}  // namespace nnviz::encode
