#pragma once
#include <filesystem>
#include <string>
// What every format shares: the frame-size check, the frame count, holding the last frame, and
// the open -> finished / failed state. Formats implement encode_frame() and finish_output().
#include "nnviz/encode/encoder.hpp"

namespace nnviz::encode {

class BasicEncoder : public Encoder {
 public:
  void write(const util::Frame& frame) final;
  void finish() final;
  [[nodiscard]] int frames_written() const final { return frames_; }

 protected:
  // `output` only names the file in error messages.
  BasicEncoder(const std::filesystem::path& output, const EncodeOptions& options);
  // `frame` has the encoder's size; index = frames_written() before the call.
  virtual void encode_frame(const util::Frame& frame) = 0;
  // Flushes, writes the trailer, commits. Called once, after the held copies.
  virtual void finish_output() = 0;

 private:
  enum class State { open, finished, failed };

  int width_;
  int height_;
  int held_copies_;  // round(hold_last * fps)
  std::string output_name_;  // what errors call the output: its path, or "stdout"
  util::Frame last_;  // only kept when held_copies_ > 0
  int frames_ = 0;
  State state_ = State::open;
};

// round(hold_last * fps): the number of extra copies of the last frame.
int held_copies(double hold_last, int fps);

}  // namespace nnviz::encode
