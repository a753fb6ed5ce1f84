#pragma once
// RGB32 frames -> PAL8 frames for the gif encoder, through libavfilter, in one of two modes:
// - global: one palette for all frames. palettegen=stats_mode=full over a sample of frames (or
//   the first frame) makes it once; then every frame goes [in][pal] paletteuse -> buffersink.
// - frame: buffer -> split[a][b]; [a] palettegen=stats_mode=single [p]; [b][p] paletteuse=new=1.
// Either way memory stays at a frame or two (plus the sample's colour histogram) whatever the
// length.
#include <cstdint>
#include <vector>

#include "nnviz/encode/av_handles.hpp"
#include "nnviz/encode/encoder.hpp"
#include "nnviz/util/frame.hpp"

namespace nnviz::encode {

// The dither both modes use, and why: see gif_palette.cpp.
inline constexpr const char* gif_dither = "bayer:bayer_scale=3";

// A configured filter graph fed by buffer sources and read from one buffersink.
struct FilterChain {
  FilterGraphPtr graph;
  std::vector<AVFilterContext*> sources;  // owned by graph, in the order of the description's inputs
  AVFilterContext* sink = nullptr;        // owned by graph
};

class GifPalette {
 public:
  // Frames come in with pts in 1/fps.
  GifPalette(int width, int height, int fps, GifPaletteMode mode);
  // global: makes the palette from the colours of `frames` (not empty, each width x height).
  // Before the first push(); without it, push() makes it from the first frame. frame: ignored.
  void set_sample(const std::vector<const util::Frame*>& frames);
  // Pushes one frame; pull() what comes out.
  void push(const util::Frame& frame, std::int64_t pts);
  // Ends the input; pull() the rest.
  void close();
  // The next PAL8 frame (pts in time_base()) into `out`, or false when none is ready.
  bool pull(AVFrame* out);
  [[nodiscard]] AVRational time_base() const;

 private:
  void start_paletteuse(const AVFrame& palette);

  int width_;
  int height_;
  int fps_;
  GifPaletteMode mode_;
  // frame mode: split/palettegen/paletteuse, from construction on. global mode: paletteuse with
  // its palette, once the sample (or the first frame) has made one.
  FilterChain chain_;
  FramePtr input_;
};

}  // namespace nnviz::encode
