#include "raw_encoder.hpp"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "nnviz/util/error.hpp"
#include "nnviz/util/output_set.hpp"

namespace nnviz::encode {

namespace {

std::string errno_text() { return std::strerror(errno); }

}  // namespace

RawEncoder::RawEncoder(const std::filesystem::path& output, const EncodeOptions& options) : BasicEncoder(output, options) {
  if (output == "-") {
    stdout_.emplace("-", "stdout", options.interrupt);
    spdlog::debug("encode: raw BGRA {}x{} to stdout", options.width, options.height);
    return;
  }
  file_.emplace(output, options.overwrite);
  commit_to_ = options.commit_to;
  owned_.reset(std::fopen(file_->temp_path().c_str(), "wb"));
  if (!owned_) throw Error("cannot create '" + file_->temp_path().string() + "': " + errno_text());
  out_ = owned_.get();
  spdlog::debug("encode: raw BGRA {}x{} into '{}'", options.width, options.height, file_->temp_path().string());
}

void RawEncoder::encode_frame(const util::Frame& frame) {
  // Rows are written packed: the stride's padding stays behind.
  const std::size_t row = 4 * static_cast<std::size_t>(frame.width);
  if (stdout_) {
    // One write per frame (rows packed), so a reader gets whole frames as they are made.
    if (static_cast<std::size_t>(frame.stride) == row) {
      stdout_->write(frame.pixels.data(), row * static_cast<std::size_t>(frame.height));
      return;
    }
    packed_.resize(row * static_cast<std::size_t>(frame.height));
    for (int y = 0; y < frame.height; ++y)
      std::memcpy(packed_.data() + static_cast<std::size_t>(y) * row,
                  frame.pixels.data() + static_cast<std::size_t>(y) * frame.stride, row);
    stdout_->write(packed_.data(), packed_.size());
    return;
  }
  for (int y = 0; y < frame.height; ++y) {
    const std::uint8_t* p = frame.pixels.data() + static_cast<std::size_t>(y) * frame.stride;
    if (std::fwrite(p, 1, row, out_) != row)
      throw Error("cannot write raw frames to '" + (file_ ? file_->target().string() : std::string("stdout")) +
                  "': " + errno_text());
  }
}

void RawEncoder::finish_output() {
  const std::string where = file_ ? file_->target().string() : std::string("stdout");
  if (stdout_) {
    stdout_->close();
    return;
  }
  if (std::fflush(out_) != 0) throw Error("cannot write raw frames to '" + where + "': " + errno_text());
  if (!file_) return;
  if (std::fclose(owned_.release()) != 0) throw Error("cannot write raw frames to '" + where + "': " + errno_text());
  out_ = nullptr;
  if (commit_to_) {
    commit_to_->adopt(std::move(*file_));  // renamed with the run's other outputs
    file_.reset();
  } else {
    file_->commit();
  }
}

}  // namespace nnviz::encode
