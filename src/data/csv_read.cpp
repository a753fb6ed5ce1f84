#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nnviz/data/csv.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/input_file.hpp"
#include "nnviz/util/names.hpp"
#include "nnviz/util/printable.hpp"

namespace nnviz::data {
namespace {


constexpr std::size_t min_columns = 3;  // x0, x1, label
constexpr std::array<std::string_view, 3> column_roles = {"x0", "x1", "label"};
constexpr std::array<std::string_view, 3> column_names = {"x0", "x1", "y"};  // in lower case

std::string_view trim(std::string_view s) {
  const std::size_t begin = s.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  const std::size_t end = s.find_last_not_of(" \t");
  return s.substr(begin, end - begin + 1);
}

// Trimmed, with one pair of enclosing double quotes removed (what spreadsheets write).
std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    std::string_view field = trim(line.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"')
      field = trim(field.substr(1, field.size() - 2));
    fields.push_back(field);
    if (comma == std::string_view::npos) return fields;
    start = comma + 1;
  }
}

enum class NumberStatus { ok, not_a_number, not_finite, out_of_range };

struct Number {
  NumberStatus status = NumberStatus::not_a_number;
  double value = 0.0;
};

// std::from_chars rather than strtod: independent of the C locale's decimal point, and exact
// (so a file written by to_csv reads back bit for bit).
Number parse_number(std::string_view text) {
  if (text.size() > 1 && text.front() == '+' && text[1] != '-' && text[1] != '+')
    text.remove_prefix(1);  // from_chars does not accept an explicit '+'
  Number number;
  const char* end = text.data() + text.size();
  const std::from_chars_result result = std::from_chars(text.data(), end, number.value);
  if (text.empty() || result.ptr != end) return number;
  if (result.ec == std::errc::result_out_of_range) {
    number.status = NumberStatus::out_of_range;
  } else if (result.ec != std::errc()) {
    return number;
  } else {
    number.status = std::isfinite(number.value) ? NumberStatus::ok : NumberStatus::not_finite;
  }
  return number;
}

// A 0-based column index written as digits only ("2"), or nothing.
std::optional<std::size_t> column_index(std::string_view text) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  std::size_t index = 0;
  std::from_chars(text.data(), text.data() + text.size(), index);
  return index;
}

std::string listed(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + util::printable(n);
  return out;
}

class Parser {
 public:
  Parser(const std::string& source, CsvColumns columns) : source_(util::printable(source)), picks_(std::move(columns)) {}

  [[noreturn]] void fail_at(std::size_t line, std::size_t column, const std::string& problem) const {
    throw UsageError(source_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + problem);
  }
  [[noreturn]] void fail(const std::string& problem) const { throw UsageError(source_ + ": " + problem); }
  [[noreturn]] void fail_columns(const std::string& problem) const {
    throw UsageError("data_columns", source_ + ": " + problem);
  }

  // One line, without its line end.
  void line(std::size_t number, std::string_view content) {
    if (number == 1 && content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);  // UTF-8 byte order mark
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    if (trim(content).empty()) return;
    const std::vector<std::string_view> fields = split_fields(content);
    if (!saw_first_) {
      saw_first_ = true;
      if (first_line(number, fields)) return;  // a header: names only
    }
    row(number, fields);
  }

  Dataset finish() const {
    if (!saw_first_) fail("the file is empty");
    const std::size_t n = labels_.size();
    if (n < 2)
      fail(std::to_string(n) + (n == 1 ? " data row" : " data rows") + "; at least 2 are needed");
    std::size_t ones = 0;
    for (double y : labels_) ones += y == 1.0 ? 1 : 0;
    if (ones == 0 || ones == n)
      fail(std::string("every label is ") + (ones == 0 ? "0" : "1") + "; both classes (0 and 1) are needed");

    Dataset d;
    d.X = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor>>(
        features_.data(), static_cast<Eigen::Index>(n), 2);
    d.y = Eigen::Map<const Eigen::VectorXd>(labels_.data(), static_cast<Eigen::Index>(n));
    d.name = source_;
    return d;
  }

 private:
  // Sets the column count and the columns used from the first line; returns whether that line
  // was a header.
  bool first_line(std::size_t line, const std::vector<std::string_view>& fields) {
    columns_ = fields.size();
    if (columns_ < min_columns)
      fail_at(line, columns_ + 1,
              "missing column: a dataset has at least 3 columns (x0, x1, label), found " + std::to_string(columns_));
    const bool header = parse_number(fields[0]).status == NumberStatus::not_a_number;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < columns_; ++i)
      names.emplace_back(header ? std::string(fields[i]) : std::to_string(i));
    const std::string described = std::to_string(columns_) + " columns (" +
                                  (header ? listed(names) : "no header; 0 to " + std::to_string(columns_ - 1)) + ")";

    if (!picks_.automatic()) {
      for (std::size_t role = 0; role < 3; ++role) used_[role] = pick(picks_.picks[role], names, header, described);
      for (std::size_t a = 0; a < 3; ++a)
        for (std::size_t b = a + 1; b < 3; ++b)
          if (used_[a] == used_[b])
            fail_columns("the columns of " + std::string(column_roles[a]) + " and " + std::string(column_roles[b]) +
                         " are the same (" + util::printable(names[used_[a]]) + ")");
      return header;
    }
    // The header's names X0, X1, y, any case.
    std::array<std::optional<std::size_t>, 3> named;
    bool any_named_elsewhere = false;
    if (header) {
      for (std::size_t i = 0; i < columns_; ++i) {
        for (std::size_t role = 0; role < 3; ++role) {
          if (util::ascii_lower(names[i]) != column_names[role]) continue;
          if (named[role])
            fail_columns("two columns are named " + util::quoted(names[i]) + " (" + std::to_string(*named[role]) + " and " +
                         std::to_string(i) + ", counted from 0); say which to use, e.g. --columns " +
                         std::to_string(*named[role]) + ",...");
          named[role] = i;
          const std::size_t in_order = role == 2 ? columns_ - 1 : role;
          if (i != in_order) any_named_elsewhere = true;
        }
      }
    }
    if (named[0] && named[1] && named[2]) {
      for (std::size_t role = 0; role < 3; ++role) used_[role] = *named[role];
      return header;
    }
    if (columns_ == min_columns && !any_named_elsewhere) {
      used_ = {0, 1, 2};
      return header;
    }
    const std::string why = columns_ == min_columns
                                ? "its header names X0, X1 or y in another place than x0, x1, label"
                                : header ? "none named X0, X1 and y" : "and more than 3";
    fail_columns(described + ", " + why +
                 ": say which hold x0, x1 and the label, by header name (any case) or 0-based index, e.g. " +
                 (header ? "--columns " + util::printable(names[0]) + "," + util::printable(names[1]) + "," +
                               util::printable(names.back())
                         : "--columns 0,1," + std::to_string(columns_ - 1)));
  }

  std::size_t pick(const std::string& wanted, const std::vector<std::string>& names, bool header,
                   const std::string& described) const {
    if (header) {
      std::optional<std::size_t> found;
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (util::ascii_lower(names[i]) != util::ascii_lower(wanted)) continue;
        if (found) fail_columns("two columns are named " + util::quoted(wanted) + "; give its 0-based index instead");
        found = i;
      }
      if (found) return *found;
    }
    if (const std::optional<std::size_t> index = column_index(wanted)) {
      if (*index < names.size()) return *index;
      fail_columns("there is no column " + wanted + " (counted from 0): the file has " + described);
    }
    if (!header) fail_columns("the file has no header to find " + util::quoted(wanted) + " in; give 0-based indices");
    fail_columns("no column is named " + util::quoted(wanted) + ": the file has " + described);
  }

  void row(std::size_t line, const std::vector<std::string_view>& fields) {
    if (fields.size() < columns_)
      fail_at(line, fields.size() + 1,
              "missing value (expected " + std::to_string(columns_) + " columns, found " +
                  std::to_string(fields.size()) + ")");
    if (fields.size() > columns_)
      fail_at(line, columns_ + 1,
              "unexpected extra value (expected " + std::to_string(columns_) + " columns, found " +
                  std::to_string(fields.size()) + ")");
    if (labels_.size() == max_csv_rows)
      fail_at(line, 1, "more than " + std::to_string(max_csv_rows) + " rows: the most a dataset may have");
    features_.push_back(feature(line, used_[0] + 1, fields[used_[0]]));
    features_.push_back(feature(line, used_[1] + 1, fields[used_[1]]));
    labels_.push_back(label(line, used_[2] + 1, fields[used_[2]]));
  }

  double feature(std::size_t line, std::size_t column, std::string_view text) const {
    if (text.empty()) fail_at(line, column, "missing value");
    const Number number = parse_number(text);
    switch (number.status) {
      case NumberStatus::ok:
        if (!(std::abs(number.value) <= max_csv_coordinate))
          fail_at(line, column,
                  util::quoted(text) + " is too large: coordinates are at most 1e6 in magnitude (scale the data)");
        return number.value;
      case NumberStatus::not_a_number:
        fail_at(line, column, util::quoted(text) + " is not a number");
      case NumberStatus::not_finite:
        fail_at(line, column, util::quoted(text) + " is not a finite number (NaN and Inf are not allowed)");
      case NumberStatus::out_of_range:
        fail_at(line, column, util::quoted(text) + " is out of the range of a double");
    }
    fail_at(line, column, util::quoted(text) + " is not a number");
  }

  double label(std::size_t line, std::size_t column, std::string_view text) const {
    if (text.empty()) fail_at(line, column, "missing label");
    const Number number = parse_number(text);
    if (number.status != NumberStatus::ok || (number.value != 0.0 && number.value != 1.0))
      fail_at(line, column, "label " + util::quoted(text) + " is not 0 or 1");
    return number.value == 1.0 ? 1.0 : 0.0;  // also turns -0.0 into 0.0
  }

  std::string source_;
  CsvColumns picks_;
  bool saw_first_ = false;
  std::size_t columns_ = 0;
  std::array<std::size_t, 3> used_{0, 1, 2};  // the file's columns of x0, x1, label
  std::vector<double> features_;              // x0, x1 of each row in turn (row-major)
  std::vector<double> labels_;
};

// Cuts the bytes into lines as they come (a FIFO delivers any number at a time) and hands each
// to the parser, keeping only the unfinished line: memory stays bounded by what is parsed. Lines
// end with LF, CRLF or a lone CR (what old spreadsheets on the Mac write).
class LineSplitter {
 public:
  explicit LineSplitter(Parser& parser) : parser_(parser) {}

  void feed(std::string_view bytes) {
    std::size_t start = 0;  // of the current line's bytes in this chunk
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      const char c = bytes[i];
      if (c == '\0') parser_.fail("line " + std::to_string(line_) + " holds a NUL byte: a binary file, not CSV text");
      if (c != '\n' && c != '\r') continue;
      if (c == '\n' && after_cr_ && i == start && pending_.empty()) {
        after_cr_ = false;  // the LF of a CRLF: the line already ended
        start = i + 1;
        continue;
      }
      end_line(bytes.substr(start, i - start));
      after_cr_ = c == '\r';
      start = i + 1;
    }
    if (start < bytes.size()) after_cr_ = false;
    pending_.append(bytes.substr(start));
    if (pending_.size() > max_csv_line_bytes)
      parser_.fail("line " + std::to_string(line_) + " is longer than 1 MiB (the most a line may hold): not a CSV file?");
  }

  Dataset finish() {
    if (!pending_.empty()) parser_.line(line_, pending_);  // no line end after the last line
    return parser_.finish();
  }

 private:
  // Only an unfinished line is copied; whole lines are handed on from the chunk itself.
  void end_line(std::string_view rest) {
    if (pending_.empty()) {
      parser_.line(line_++, rest);
      return;
    }
    pending_.append(rest);
    parser_.line(line_++, pending_);
    pending_.clear();
  }

  Parser& parser_;
  std::string pending_;
  std::size_t line_ = 1;
  bool after_cr_ = false;  // the last byte seen ended a line with CR
};

}  // namespace

CsvColumns parse_csv_columns(const std::string& text) {
  CsvColumns columns;
  for (std::string_view rest = text;;) {
    const std::size_t comma = rest.find(',');
    columns.picks.emplace_back(trim(rest.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  const bool any_empty =
      std::any_of(columns.picks.begin(), columns.picks.end(), [](const std::string& p) { return p.empty(); });
  if (columns.picks.size() != 3 || any_empty)
    throw UsageError("data_columns", util::quoted(text, 200) +
                                         ": give 3 columns, x0,x1,label, each a header name or a 0-based index "
                                         "(e.g. a,b,label or 2,0,3)");
  return columns;
}

Dataset parse_csv(const std::string& text, const std::string& source_name, const CsvColumns& columns) {
  Parser parser(source_name, columns);
  LineSplitter lines(parser);
  lines.feed(text);
  return lines.finish();
}

Dataset read_csv(const std::filesystem::path& path, const CsvColumns& columns, const util::InterruptFlag* interrupt) {
  Parser parser(path.string(), columns);
  LineSplitter lines(parser);
  util::read_input(path, max_csv_bytes, "a CSV file", interrupt, [&](std::string_view bytes) { lines.feed(bytes); });
  Dataset d = lines.finish();
  d.name = path.filename().string();
  return d;
}

}  // namespace nnviz::data
