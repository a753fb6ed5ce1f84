#include "nnviz/app/frame_pipeline.hpp"

#include <algorithm>
#include <memory>

#include "nnviz/app/encode_thread.hpp"
#include "nnviz/encode/palette_sample.hpp"
#include "nnviz/util/interrupt.hpp"

namespace nnviz::app {

PipelineResult run_frame_pipeline(const FramePipeline& p, const util::InterruptFlag& interrupt) {
  PipelineResult result;
  if (p.count == 0 || (!p.output && !p.frames_dir)) return result;

  // A GIF's one palette is made from a few frames spread over the run (drawn here, before the
  // output is opened), so colours that only appear late, once the network is confident, are in it.
  std::vector<util::Frame> sample;
  if (p.output && p.options.format == encode::Format::gif &&
      p.options.gif_palette == encode::GifPaletteMode::global) {
    for (const std::size_t i : encode::palette_sample_indices(p.count, p.palette_sample)) {
      if (interrupt.raised()) break;
      p.draw(i, sample.emplace_back());
    }
  }
  if (interrupt.raised()) {
    result.interrupted = true;
    return result;
  }

  std::unique_ptr<encode::Encoder> video;
  if (p.output) {
    encode::EncodeOptions options = p.options;
    options.interrupt = &interrupt;  // a signal cuts the hold of the last frame short
    video = encode::Encoder::open(*p.output, options);
    std::vector<const util::Frame*> pointers;
    for (const util::Frame& f : sample) pointers.push_back(&f);
    video->set_palette_sample(pointers);
    std::vector<util::Frame>().swap(sample);  // read by the call: no longer needed
  }
  std::unique_ptr<encode::Encoder> pngs;
  if (p.frames_dir) {
    encode::EncodeOptions png_options = p.options;
    png_options.format = encode::Format::png;
    png_options.hold_last = 0.0;
    png_options.commit_to = p.frames_commit_to;
    pngs = encode::Encoder::open(*p.frames_dir, png_options);
  }

  std::vector<encode::Encoder*> sinks;
  if (video) sinks.push_back(video.get());
  if (pngs) sinks.push_back(pngs.get());
  EncodeThread encoding(sinks);
  for (std::size_t i = 0; i < p.count; ++i) {
    // Once the outputs are open, they get at least one frame.
    if (i > 0 && interrupt.raised()) {
      result.interrupted = true;
      break;
    }
    p.draw(i, encoding.acquire());
    encoding.submit();
    ++result.written;
    if (p.on_frame) p.on_frame(i);
  }
  encoding.drain();
  result.rendered = result.written;
  if (video) {
    video->finish();
    // A signal may cut the codec's flush short (EncodeOptions::interrupt): the file then holds
    // fewer frames than were drawn, and what is reported is what it holds.
    const int in_video = video->frames_written();
    result.held = std::max(0, in_video - result.written);
    result.written = std::min(result.written, in_video);
    result.outputs.push_back(*p.output);
  }
  if (pngs) {
    pngs->finish();
    result.outputs.push_back(*p.frames_dir);
  }
  return result;
}

}  // namespace nnviz::app
