#pragma once
// What every format shares: the frame-size check, the frame count, holding the last frame, the
// palette sample's preconditions, and the open -> finished / failed state. Formats implement
// encode_frame() and finish_output(), and use_palette_sample() when they have a use for one.
#include <filesystem>
#include <string>
#include <vector>

#include "nnviz/encode/encoder.hpp"

namespace nnviz::encode {

class BasicEncoder : public Encoder {
 public:
  void set_palette_sample(const std::vector<const util::Frame*>& frames) final;
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
  // `frames` (not empty, each of the encoder's size) before any frame. Default: ignored.
  virtual void use_palette_sample(const std::vector<const util::Frame*>& frames);
  // A signal asked the run to stop (options.interrupt raised).
  [[nodiscard]] bool interrupted() const;
  [[nodiscard]] const util::InterruptFlag* interrupt_flag() const { return interrupt_; }
  // finish_output() stopped flushing a codec at a signal: the file holds the first `frames`.
  void set_frames_in_output(int frames) { frames_ = frames; }

 private:
  enum class State { open, finished, failed };

  // Error (with the encoder left as it was) when `frame` is not of the encoder's size.
  void check_frame(const util::Frame& frame) const;
  // Runs one encoding step; if it throws, the encoder is failed from then on, and an Error's
  // message names the output it concerns (a full disk, an encoder error).
  template <class Step>
  void guarded(Step step);

  int width_;
  int height_;
  int held_copies_;  // round(hold_last * fps)
  const util::InterruptFlag* interrupt_;  // stops the held copies when raised; may be null
  std::string output_name_;  // what errors call the output: its path, or "stdout"
  util::Frame last_;  // only kept when held_copies_ > 0
  int frames_ = 0;
  bool sampled_ = false;  // set_palette_sample() was called
  State state_ = State::open;
};

// round(hold_last * fps): the number of extra copies of the last frame.
int held_copies(double hold_last, int fps);

}  // namespace nnviz::encode
