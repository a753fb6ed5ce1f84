#pragma once
// Encodes frames on a second thread fed by a bounded queue, so that rendering frame k+1 overlaps
// encoding frame k (2 cores: one renders, libx264 and this thread share the other). Memory is
// bounded by the queue: `depth` frames in flight plus the one being rendered.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "nnviz/encode/encoder.hpp"
#include "nnviz/util/frame.hpp"

namespace nnviz::app {

class EncodeThread {
 public:
  // Every frame goes to each of `sinks` in order; they must outlive this object.
  explicit EncodeThread(std::vector<encode::Encoder*> sinks, std::size_t depth = 2);
  EncodeThread(const EncodeThread&) = delete;
  EncodeThread& operator=(const EncodeThread&) = delete;
  // Stops the thread; frames still queued are dropped (call drain() to keep them).
  ~EncodeThread();

  // A buffer to render the next frame into; blocks while every buffer is in flight. Throws the
  // encoder thread's error, if it had one.
  util::Frame& acquire();
  // Queues the buffer returned by the last acquire().
  void submit();
  // Waits until every queued frame is encoded; rethrows the encoder thread's first error.
  void drain();

 private:
  void run();
  void rethrow_locked();

  std::vector<encode::Encoder*> sinks_;
  std::vector<util::Frame> buffers_;
  std::deque<std::size_t> free_;    // buffer indices ready to render into
  std::deque<std::size_t> queued_;  // buffer indices waiting for the encoder
  std::size_t current_ = 0;         // the buffer handed out by acquire()
  bool busy_ = false;               // the encoder thread holds a buffer
  bool stop_ = false;
  std::exception_ptr error_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::thread thread_;  // last: starts after everything above exists
};

}  // namespace nnviz::app
