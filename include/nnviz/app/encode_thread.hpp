#pragma once
// Encodes frames on a thread of its own, in frame order, fed by one or more renderers through a
// fixed set of buffers: rendering overlaps encoding, and with several render threads frames are
// drawn on every core while the encoder still gets them 0, 1, 2... Memory is bounded by the
// buffers: `depth` frames waiting for the encoder plus one per render thread.
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "nnviz/encode/encoder.hpp"
#include "nnviz/util/frame.hpp"

namespace nnviz::util {
class InterruptFlag;
}

namespace nnviz::app {

class EncodeThread {
 public:
  // A frame to draw: its index and the buffer to draw it into.
  struct Job {
    std::size_t index = 0;
    util::Frame* frame = nullptr;
  };

  // Every frame goes to each of `sinks` in frame order; they must outlive this object. Frames
  // [0, count) are handed out (next()); `renderers` is how many threads draw them at once.
  EncodeThread(std::vector<encode::Encoder*> sinks, std::size_t count, std::size_t depth = 2,
               std::size_t renderers = 1);
  EncodeThread(const EncodeThread&) = delete;
  EncodeThread& operator=(const EncodeThread&) = delete;
  // Stops the thread; frames still queued are dropped (call drain() to keep them).
  ~EncodeThread();

  // The next frame to draw, in order, and a free buffer for it (blocks while every buffer is in
  // flight); empty once every frame was handed out, after stop(), after an error, or when
  // `interrupt` is raised (from frame 1 on: an output that was opened gets at least one frame).
  // A frame handed out must be submitted (or fail() called). Throws the encoder's error.
  std::optional<Job> next(const util::InterruptFlag* interrupt = nullptr);
  // Frame `index` (handed out by next()) is drawn: the encoder takes it once those before it are.
  void submit(std::size_t index);
  // A renderer failed: no more frames are handed out, and drain()/next() rethrow `error`.
  void fail(std::exception_ptr error);
  // No more frames are handed out (those handed out still go to the encoder).
  void stop();

  // Waits until more than `seen` frames, the first ones, are submitted, or no more will be;
  // returns how many are (the frames [0, n) are then with the encoder). Rethrows an error.
  std::size_t wait_submitted(std::size_t seen);
  // Waits until every submitted frame is encoded; rethrows the first error (a renderer's or the
  // encoder's).
  void drain();
  // The frames handed out so far: fewer than `count` when next() stopped early.
  [[nodiscard]] std::size_t handed_out();

  // One renderer, in order (the old interface): the buffer for the next frame, then submit it.
  util::Frame& acquire();
  void submit();

 private:
  void run();
  void rethrow_locked();

  std::vector<encode::Encoder*> sinks_;
  std::vector<util::Frame> buffers_;
  std::vector<std::size_t> free_;                 // buffer indices ready to draw into
  std::map<std::size_t, std::size_t> held_;       // frame index -> buffer, being drawn
  std::map<std::size_t, std::size_t> submitted_;  // frame index -> buffer, waiting for the encoder
  std::size_t count_ = 0;          // frames to hand out at most
  std::size_t next_ = 0;           // the next frame to hand out
  std::size_t contiguous_ = 0;     // frames [0, contiguous_) are submitted
  std::size_t encode_next_ = 0;    // the next frame the encoder takes
  std::size_t current_ = 0;        // acquire()'s frame
  bool busy_ = false;              // the encoder thread holds a buffer
  bool stopped_ = false;           // next() hands out no more
  bool quit_ = false;              // the destructor: the thread returns
  std::exception_ptr error_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::thread thread_;  // last: starts after everything above exists
};

}  // namespace nnviz::app
