#include "nnviz/util/json.hpp"

#include "nnviz/util/error.hpp"
#include "nnviz/util/input_file.hpp"
#include "nnviz/util/printable.hpp"

namespace nnviz::util {

std::string json_error_text(const std::exception& e) {
  std::string text = e.what();
  if (text.rfind("[json.exception.", 0) == 0) {
    const std::size_t end = text.find("] ");
    if (end != std::string::npos) text.erase(0, end + 2);
  }
  return text;
}

Json read_json_file(const std::filesystem::path& path, const InterruptFlag* interrupt) {
  const std::string shown = printable(path.string());
  std::string text = read_input_text(path, max_json_bytes, "a JSON file", interrupt);
  // A UTF-8 byte order mark (what some editors write first) is no part of the JSON: skipped, so
  // that it neither fails the parse nor shows in a message as raw bytes.
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
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
