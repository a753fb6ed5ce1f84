#include "nnviz/app/encode_thread.hpp"

#include "nnviz/util/error.hpp"

namespace nnviz::app {

EncodeThread::EncodeThread(std::vector<encode::Encoder*> sinks, std::size_t depth)
    : sinks_(std::move(sinks)), buffers_(depth + 1) {
  for (std::size_t i = 0; i < buffers_.size(); ++i) free_.push_back(i);
  thread_ = std::thread([this] { run(); });
}

EncodeThread::~EncodeThread() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void EncodeThread::rethrow_locked() {
  if (error_) std::rethrow_exception(error_);
}

util::Frame& EncodeThread::acquire() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return !free_.empty() || error_; });
  rethrow_locked();
  current_ = free_.front();
  free_.pop_front();
  return buffers_[current_];
}

void EncodeThread::submit() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    rethrow_locked();
    queued_.push_back(current_);
  }
  changed_.notify_all();
}

void EncodeThread::drain() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return (queued_.empty() && !busy_) || error_; });
  rethrow_locked();
}

void EncodeThread::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return stop_ || !queued_.empty(); });
    if (stop_) return;
    const std::size_t index = queued_.front();
    queued_.pop_front();
    busy_ = true;
    lock.unlock();
    std::exception_ptr failure;
    try {
      for (encode::Encoder* sink : sinks_) sink->write(buffers_[index]);
    } catch (...) {
      failure = std::current_exception();
    }
    lock.lock();
    busy_ = false;
    free_.push_back(index);
    if (failure && !error_) error_ = failure;
    changed_.notify_all();
    if (error_) {
      // After a failure nothing more is encoded; acquire/submit/drain rethrow it.
      queued_.clear();
    }
  }
}

}  // namespace nnviz::app
