#include "nnviz/app/encode_thread.hpp"

#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"

namespace nnviz::app {

EncodeThread::EncodeThread(std::vector<encode::Encoder*> sinks, std::size_t count, std::size_t depth,
                           std::size_t renderers)
    : sinks_(std::move(sinks)), buffers_(depth + std::max<std::size_t>(1, renderers)), count_(count) {
  // Handed out from the back: buffer 0 first.
  for (std::size_t i = buffers_.size(); i-- > 0;) free_.push_back(i);
  thread_ = std::thread([this] { run(); });
}

EncodeThread::~EncodeThread() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void EncodeThread::rethrow_locked() {
  if (error_) std::rethrow_exception(error_);
}

std::optional<EncodeThread::Job> EncodeThread::next(const util::InterruptFlag* interrupt) {
  std::unique_lock<std::mutex> lock(mutex_);
  // A frame and its buffer are taken together, so the buffers in flight always belong to the
  // oldest frames not yet encoded: the frame the encoder waits for has one (no deadlock).
  changed_.wait(lock, [this] { return !free_.empty() || error_ || stopped_ || next_ >= count_; });
  rethrow_locked();
  if (!stopped_ && next_ > 0 && interrupt != nullptr && interrupt->raised()) stopped_ = true;
  if (stopped_ || next_ >= count_) {
    lock.unlock();
    changed_.notify_all();  // wait_submitted: no more frames will come
    return std::nullopt;
  }
  const std::size_t buffer = free_.back();
  free_.pop_back();
  const std::size_t index = next_++;
  held_.emplace(index, buffer);  // until it is submitted
  return Job{index, &buffers_[buffer]};
}

void EncodeThread::submit(std::size_t index) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    rethrow_locked();
    const auto held = held_.find(index);
    if (held == held_.end()) throw Error("internal: frame " + std::to_string(index) + " was not handed out");
    submitted_.emplace(index, held->second);
    held_.erase(held);
    while (contiguous_ < next_ && submitted_.count(contiguous_) != 0) ++contiguous_;
  }
  changed_.notify_all();
}

void EncodeThread::fail(std::exception_ptr error) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (!error_) error_ = std::move(error);
    stopped_ = true;
  }
  changed_.notify_all();
}

void EncodeThread::stop() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
  }
  changed_.notify_all();
}

std::size_t EncodeThread::wait_submitted(std::size_t seen) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] {
    return contiguous_ > seen || error_ || ((stopped_ || next_ >= count_) && contiguous_ == next_);
  });
  rethrow_locked();
  return contiguous_;
}

void EncodeThread::drain() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return (encode_next_ == contiguous_ && held_.empty() && !busy_) || error_; });
  rethrow_locked();
}

std::size_t EncodeThread::handed_out() {
  const std::lock_guard<std::mutex> lock(mutex_);
  return next_;
}

util::Frame& EncodeThread::acquire() {
  const std::optional<Job> job = next();
  if (!job) throw Error("internal: no frame left to draw");
  current_ = job->index;
  return *job->frame;
}

void EncodeThread::submit() { submit(current_); }

void EncodeThread::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] {
      return quit_ || (!error_ && !submitted_.empty() && submitted_.begin()->first == encode_next_);
    });
    if (quit_) return;
    const std::size_t buffer = submitted_.begin()->second;
    submitted_.erase(submitted_.begin());
    busy_ = true;
    lock.unlock();
    std::exception_ptr failure;
    try {
      for (encode::Encoder* sink : sinks_) sink->write(buffers_[buffer]);
    } catch (...) {
      failure = std::current_exception();
    }
    lock.lock();
    busy_ = false;
    ++encode_next_;
    free_.push_back(buffer);
    if (failure && !error_) error_ = failure;
    if (error_) {
      // After a failure nothing more is encoded; next/submit/drain rethrow it.
      stopped_ = true;
      submitted_.clear();
    }
    changed_.notify_all();
  }
}

}  // namespace nnviz::app
