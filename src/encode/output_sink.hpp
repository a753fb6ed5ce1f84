#pragma once
// Where a stream's bytes go when they do not go to a temporary file libav opens itself: stdout
// (output "-"), a FIFO or device written in place, or a regular file. Writes wait for a slow
// reader (a paused player) without outliving a signal: a pipe or FIFO is written through a
// non-blocking descriptor of its own, polled every 0.1 s with the interrupt flag checked. A
// reader that left (EPIPE: the player quit) is an Error that says so; SIGPIPE is ignored
// (util::InterruptFlag::install), so it never kills the process.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace nnviz::util {
class InterruptFlag;
}

namespace nnviz::encode {

class OutputSink {
 public:
  // `path` "-" is stdout; anything else is opened for writing (a regular file is created or
  // truncated; a FIFO is waited on until a reader opens it, in 0.1 s steps, the flag checked).
  // `name` is what messages call it ("stdout", "'run.y4m'").
  OutputSink(const std::filesystem::path& path, std::string name, const util::InterruptFlag* interrupt);
  ~OutputSink();
  OutputSink(const OutputSink&) = delete;
  OutputSink& operator=(const OutputSink&) = delete;

  // All of `size` bytes, or an Error (the reader left, a full disk) / util::Interrupted (a signal
  // came and the reader took nothing for the rest of the time a signal may take).
  void write(const std::uint8_t* data, std::size_t size);
  // lseek(2) on a regular file (libav's AVSEEK_SIZE too); -1 for a pipe, FIFO or device.
  std::int64_t seek(std::int64_t offset, int whence);
  [[nodiscard]] bool seekable() const { return seekable_; }
  // Closes the descriptor (Error when close(2) reports a delayed write error). Idempotent.
  void close();
  [[nodiscard]] const std::string& name() const { return name_; }

 private:
  int fd_ = -1;
  bool seekable_ = false;
  std::string name_;
  const util::InterruptFlag* interrupt_;
};

}  // namespace nnviz::encode
