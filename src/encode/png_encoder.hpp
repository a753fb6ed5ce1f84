#pragma once
// PNG frames: one file per frame, in a folder (0000.png, ..., as frames/%04d.png names them) or under the names of a
// printf pattern (frames/%04d.png), staged in a hidden folder and moved into place together.
#include <filesystem>
#include <optional>
#include <string>

#include "basic_encoder.hpp"
#include "nnviz/util/atomic_folder.hpp"
#include "nnviz/encode/av_handles.hpp"
#include "pixel_converter.hpp"

namespace nnviz::encode {

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
  util::OutputSet* commit_to_;  // null: finish() commits folder_ itself
  std::optional<util::AtomicFolder> folder_;  // empty once handed to commit_to_
  int files_written_ = 0;  // packets come out in frame order
  CodecContextPtr codec_;
  PacketPtr packet_;
  FramePtr frame_;
  PixelConverter converter_;
};

}  // namespace nnviz::encode
