#pragma once
// Cairo's ARGB32 (libav's AV_PIX_FMT_RGB32) frames -> an AVFrame in a codec's pixel format,
// through sws_scale. Same size in and out.
#include "nnviz/encode/av_handles.hpp"
#include "nnviz/util/frame.hpp"

namespace nnviz::encode {

class PixelConverter {
 public:
  // YUV targets get BT.709 coefficients and limited ("TV") range; tag the stream to match.
  PixelConverter(int width, int height, AVPixelFormat target);
  // `out` must be writable, width x height in the target format.
  void convert(const util::Frame& in, AVFrame* out);

 private:
  int height_;
  SwsContextPtr sws_;
};

}  // namespace nnviz::encode
