#include "nnviz/util/json.hpp"

#include <cstddef>
#include <cstdint>
#include <iterator>

#include "nnviz/util/error.hpp"
#include "nnviz/util/input_file.hpp"
#include "nnviz/util/interrupt.hpp"
#include "nnviz/util/printable.hpp"

namespace nnviz::util {
namespace {

// The text as nlohmann's parser reads it, one character at a time, looking at the interrupt
// flag every 64 KiB: the parse of a 100 MB weights file takes seconds and has no other place
// to stop. (A parser callback could, but makes the parse some 40% slower; this costs nothing
// measurable.) Throwing out of the parser is safe: it owns no resource but its result.
class InterruptibleChars {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  InterruptibleChars() = default;
  InterruptibleChars(const char* at, const InterruptFlag* interrupt, const std::string* shown)
      : at_(at), interrupt_(interrupt), shown_(shown) {}

  reference operator*() const { return *at_; }
  InterruptibleChars& operator++() {
    ++at_;
    if ((++count_ & check_every_mask) == 0 && interrupt_ != nullptr && interrupt_->raised())
      throw Interrupted(interrupt_->signal(), "interrupted while reading " + *shown_ + ": nothing was written");
    return *this;
  }
  InterruptibleChars operator++(int) {
    InterruptibleChars before = *this;
    ++*this;
    return before;
  }
  bool operator==(const InterruptibleChars& other) const { return at_ == other.at_; }
  bool operator!=(const InterruptibleChars& other) const { return at_ != other.at_; }

 private:
  static constexpr std::uint64_t check_every_mask = (std::uint64_t{1} << 16) - 1;
  const char* at_ = nullptr;
  const InterruptFlag* interrupt_ = nullptr;
  const std::string* shown_ = nullptr;
  std::uint64_t count_ = 0;
};

}  // namespace

std::string json_error_text(const std::exception& e) {
  std::string text = e.what();
  if (text.rfind("[json.exception.", 0) == 0) {
    const std::size_t end = text.find("] ");
    if (end != std::string::npos) text.erase(0, end + 2);
  }
  return text;
}

Json read_json_file(const std::filesystem::path& path, const InterruptFlag* interrupt) {
  return parse_json(read_input_text(path, max_json_bytes, "a JSON file", interrupt), path, interrupt);
}

Json parse_json(std::string text, const std::filesystem::path& source, const InterruptFlag* interrupt) {
  const std::string shown = printable(source.string());
  // A UTF-8 byte order mark (what some editors write first) is no part of the JSON: skipped, so
  // that it neither fails the parse nor shows in a message as raw bytes.
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  try {
    const char* begin = text.data();
    return Json::parse(InterruptibleChars(begin, interrupt, &shown),
                       InterruptibleChars(begin + text.size(), interrupt, &shown));
  } catch (const Json::parse_error& e) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw Error(shown + ": the file is empty, not JSON text");
    // JSON text holds no NUL byte (RFC 8259: control characters only escaped): a video, an
    // image or an archive given as a JSON file would otherwise read "unexpected end of input".
    if (const std::size_t nul = text.find('\0'); nul != std::string::npos)
      throw Error(shown + ": a binary file, not JSON text (a NUL byte at byte " + std::to_string(nul + 1) + ")");
    // Line and column (1-based, columns count bytes) of the byte where parsing stopped.
    int line = 1, column = 1;
    const std::size_t stop = e.byte > 0 ? e.byte - 1 : 0;
    for (std::size_t i = 0; i < stop && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string what = json_error_text(e);
    if (const std::size_t colon = what.find(": "); what.rfind("parse error", 0) == 0 && colon != std::string::npos)
      what.erase(0, colon + 2);  // "parse error at line 1, column 5: syntax error ..." -> "syntax error ..."
    throw Error(shown + ": JSON: line " + std::to_string(line) + ", column " + std::to_string(column) + ": " +
                printable(what));
  }
}

}  // namespace nnviz::util
