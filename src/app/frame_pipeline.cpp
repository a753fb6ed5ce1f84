#include "nnviz/app/frame_pipeline.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <thread>

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
  // No more workers than frames.
  const std::size_t workers = p.make_draw ? std::clamp<std::size_t>(p.render_threads, 1, p.count) : 1;
  if (workers <= 1) {
    // The calling thread draws every frame, in order; the encoder takes each in turn.
    EncodeThread encoding(sinks, p.count);
    // Once the outputs are open, they get at least one frame (next() stops from frame 1 on).
    while (const std::optional<EncodeThread::Job> job = encoding.next(&interrupt)) {
      p.draw(job->index, *job->frame);
      encoding.submit(job->index);
      ++result.written;
      if (p.on_frame) p.on_frame(job->index);
    }
    encoding.drain();
    result.interrupted = static_cast<std::size_t>(result.written) < p.count;
  } else {
    // Each worker draws with a callback of its own, taking frames in order; the calling thread
    // reports them in order once they are with the encoder.
    std::vector<DrawFrame> draws;
    draws.reserve(workers);
    for (std::size_t w = 0; w < workers; ++w) draws.push_back(p.make_draw());
    EncodeThread encoding(sinks, p.count, 2, workers);
    std::vector<std::thread> threads;
    const auto join = [&] {
      for (std::thread& t : threads)
        if (t.joinable()) t.join();
    };
    try {
      for (std::size_t w = 0; w < workers; ++w)
        threads.emplace_back([&encoding, &interrupt, &draw = draws[w]] {
          try {
            while (const std::optional<EncodeThread::Job> job = encoding.next(&interrupt)) {
              draw(job->index, *job->frame);
              encoding.submit(job->index);
            }
          } catch (...) {
            encoding.fail(std::current_exception());
          }
        });
      std::size_t reported = 0;
      while (true) {
        const std::size_t submitted = encoding.wait_submitted(reported);
        if (submitted == reported) break;  // no more frames come
        for (; reported < submitted; ++reported)
          if (p.on_frame) p.on_frame(reported);
      }
      join();
      encoding.drain();
      result.written = static_cast<int>(reported);
    } catch (...) {
      encoding.stop();  // the workers finish the frame they draw and take no more
      join();
      throw;
    }
    result.interrupted = static_cast<std::size_t>(result.written) < p.count;
  }
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
