#pragma once
// RGB32 frames -> PAL8 frames with a palette of their own, through a libavfilter graph:
//   buffer -> split[a][b]; [a] palettegen=stats_mode=single [p]; [b][p] paletteuse=new=1 -> buffersink
// Each frame is quantised on its own (no pass over the whole video), so memory stays at a frame
// or two whatever the length.
#include <cstdint>

#include "nnviz/encode/av_handles.hpp"
#include "nnviz/util/frame.hpp"

namespace nnviz::encode {

// The dither the graph uses, and why: see gif_palette.cpp.
inline constexpr const char* gif_dither = "bayer:bayer_scale=3";

class GifPalette {
 public:
  // Frames come in with pts in 1/fps.
  GifPalette(int width, int height, int fps);
  // Pushes one frame; pull() what comes out.
  void push(const util::Frame& frame, std::int64_t pts);
  // Ends the input; pull() the rest.
  void close();
  // The next PAL8 frame (pts in time_base()) into `out`, or false when none is ready.
  bool pull(AVFrame* out);
  [[nodiscard]] AVRational time_base() const;

 private:
  FilterGraphPtr graph_;
  AVFilterContext* source_ = nullptr;  // owned by graph_
  AVFilterContext* sink_ = nullptr;    // owned by graph_
  FramePtr input_;
};

}  // namespace nnviz::encode
