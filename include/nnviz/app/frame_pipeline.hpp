#pragma once
// The one way frames become files, for train, render and compare: a draw callback per frame
// index, a count, the sinks (a video or image sequence, PNG frames), the interrupt flag and a
// progress callback. Encoding runs on a thread of its own (EncodeThread), so drawing overlaps
// it; with several render threads, frames are drawn on every core and encoded in order.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "nnviz/encode/encoder.hpp"
#include "nnviz/util/frame.hpp"

namespace nnviz::util {
class InterruptFlag;
}

namespace nnviz::app {

using DrawFrame = std::function<void(std::size_t index, util::Frame& out)>;

struct FramePipeline {
  std::size_t count = 0;  // frames [0, count)
  // Draws frame `index` into `out` (a reused buffer: resize it when its size differs, and draw
  // every pixel). Called from the calling thread only: for a GIF's palette sample, and for every
  // frame, in order, when one thread draws them.
  DrawFrame draw;
  // How many threads draw the frames. 1: the calling thread, with `draw`, in order. More (with
  // `make_draw` set): that many worker threads, each with its own callback from make_draw, draw
  // frames in parallel (each takes the next frame not yet taken); the encoder still gets them in
  // order, and a frame's pixels must not depend on which thread drew it or when.
  std::size_t render_threads = 1;
  // Makes one worker's draw callback (called on the calling thread, once per worker, before any
  // worker starts); each callback is called from its own worker thread only, concurrently with
  // the others'. Whatever it shares with them must be read-only (or locked).
  std::function<DrawFrame()> make_draw;
  // The main output (format and size set in `options`), if any.
  std::optional<std::filesystem::path> output;
  encode::EncodeOptions options;
  // PNG frames into this folder as well, if set (created by the commit when missing).
  std::optional<std::filesystem::path> frames_dir;
  // Where the finished PNG frames folder goes to be committed with the run's other outputs
  // (null: committed by the pipeline). The main output's is options.commit_to.
  util::OutputSet* frames_commit_to = nullptr;
  // With a GIF and its global palette: how many frames spread over the run are drawn first
  // for the palette (encode::palette_sample_indices).
  std::size_t palette_sample = 5;
  // After each frame is handed to the encoders: on the calling thread, in order.
  std::function<void(std::size_t index)> on_frame;
};

struct PipelineResult {
  // Frames in the main output (or, without one, in the frames folder). After a signal the
  // video may hold fewer than were drawn: the codec's flush is cut short to stop in time.
  int written = 0;
  int rendered = 0;  // frames drawn and handed to every sink (the frames folder has them all)
  bool interrupted = false;  // stopped early (written = 0: before any output was opened)
  // Copies of the last frame the main output got (options.hold_last): fewer than asked when a
  // signal cut the hold short.
  int held = 0;
  std::vector<std::filesystem::path> outputs;  // the output and the frames folder, once finished
};

// Draws and encodes frames [0, count). Once an output is opened it gets at least one frame, so
// an interrupted run always leaves a playable file; interrupted before that, nothing is written
// (written = 0, no file). Encoders write to temporary files and rename them in finish() (or
// hand them to their OutputSet); on any error those are removed and the error is rethrown.
PipelineResult run_frame_pipeline(const FramePipeline& pipeline, const util::InterruptFlag& interrupt);

}  // namespace nnviz::app
