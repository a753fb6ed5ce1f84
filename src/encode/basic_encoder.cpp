#include "basic_encoder.hpp"

#include <cmath>
#include <string>

#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"

namespace nnviz::encode {

int held_copies(double hold_last, int fps) { return static_cast<int>(std::lround(hold_last * fps)); }

BasicEncoder::BasicEncoder(const std::filesystem::path& output, const EncodeOptions& options)
    : width_(options.width),
      height_(options.height),
      held_copies_(held_copies(options.hold_last, options.fps)),
      interrupt_(options.interrupt),
      output_name_(output == "-" ? std::string("stdout") : "'" + output.string() + "'") {}

void BasicEncoder::check_frame(const util::Frame& frame) const {
  if (frame.width != width_ || frame.height != height_)
    throw Error("frame is " + std::to_string(frame.width) + "x" + std::to_string(frame.height) +
                " but the encoder was opened for " + std::to_string(width_) + "x" + std::to_string(height_));
  if (frame.stride < 4 * frame.width ||
      frame.pixels.size() < static_cast<std::size_t>(frame.stride) * static_cast<std::size_t>(frame.height))
    throw Error("frame buffer is smaller than its size and stride say");
}

template <class Step>
void BasicEncoder::guarded(Step step) {
  try {
    step();
  } catch (const Interrupted&) {
    state_ = State::failed;
    throw;  // a signal's exit code, not a failure's
  } catch (const Error& e) {
    state_ = State::failed;
    throw Error("writing " + output_name_ + ": " + e.what());
  } catch (...) {
    state_ = State::failed;
    throw;
  }
}

void BasicEncoder::use_palette_sample(const std::vector<const util::Frame*>& /*frames*/) {}

bool BasicEncoder::interrupted() const { return interrupt_ != nullptr && interrupt_->raised(); }

void BasicEncoder::set_palette_sample(const std::vector<const util::Frame*>& frames) {
  // The preconditions hold for every format, so a caller that breaks them learns it with mp4 too.
  if (state_ != State::open)
    throw Error(state_ == State::finished ? "internal: palette sample given after finish()"
                                          : "cannot take a palette sample: an earlier encoding step failed");
  if (frames_ > 0) throw Error("internal: the palette sample must come before the first frame");
  if (sampled_) throw Error("internal: a palette sample was already given");
  for (const util::Frame* frame : frames) {
    if (!frame) throw Error("internal: a palette sample holds a null frame");
    check_frame(*frame);
  }
  sampled_ = true;
  if (frames.empty()) return;
  guarded([&] { use_palette_sample(frames); });
}

void BasicEncoder::write(const util::Frame& frame) {
  if (state_ != State::open)
    throw Error(state_ == State::finished ? "internal: frame written after finish()"
                                          : "cannot write a frame: an earlier encoding step failed");
  // Checked before anything is encoded, so a wrong frame leaves the encoder usable.
  check_frame(frame);
  guarded([&] { encode_frame(frame); });
  ++frames_;
  if (held_copies_ > 0) last_ = frame;
}

void BasicEncoder::finish() {
  if (state_ == State::finished) return;
  if (state_ == State::failed) throw Error("cannot finish the output: an earlier encoding step failed");
  guarded([&] {
    if (frames_ > 0) {
      for (int i = 0; i < held_copies_; ++i) {
        if (interrupted()) break;  // a playable file, held less long
        encode_frame(last_);
        ++frames_;
      }
    }
    finish_output();
  });
  state_ = State::finished;
}

}  // namespace nnviz::encode
