#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "nnviz/data/csv.hpp"
#include "nnviz/util/error.hpp"

namespace nnviz::data {
namespace {

constexpr std::size_t min_columns = 3;  // x0, x1, ..., label

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

// Long fields are cut so that a binary file fed by mistake gives a readable message.
std::string quoted(std::string_view text) {
  // Appends, not "'" + std::string(...): GCC 12 gives a false -Wrestrict on that (bug 105329).
  constexpr std::size_t max_shown = 40;
  std::string out(1, '\'');
  out.append(text.substr(0, max_shown));
  if (text.size() > max_shown) out.append("...");
  out.push_back('\'');
  return out;
}

class Parser {
 public:
  explicit Parser(const std::string& source) : source_(source) {}

  [[noreturn]] void fail_at(std::size_t line, std::size_t column, const std::string& problem) const {
    throw UsageError(source_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                     problem);
  }
  [[noreturn]] void fail(const std::string& problem) const {
    throw UsageError(source_ + ": " + problem);
  }

  // Sets the column count from the first line; returns whether that line was a header.
  bool first_line(std::size_t line, const std::vector<std::string_view>& fields) {
    columns_ = fields.size();
    if (columns_ < min_columns)
      fail_at(line, columns_ + 1,
              "missing column: a dataset has at least 3 columns (x0, x1, ..., label in the last), "
              "found " + std::to_string(columns_));
    return parse_number(fields[0]).status == NumberStatus::not_a_number;
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
    features_.push_back(feature(line, 1, fields[0]));
    features_.push_back(feature(line, 2, fields[1]));
    labels_.push_back(label(line, columns_, fields[columns_ - 1]));
  }

  Dataset finish(bool saw_any_line) const {
    if (!saw_any_line) fail("the file is empty");
    const std::size_t n = labels_.size();
    if (n < 2)
      fail(std::to_string(n) + (n == 1 ? " data row" : " data rows") + "; at least 2 are needed");
    std::size_t ones = 0;
    for (double y : labels_) ones += y == 1.0 ? 1 : 0;
    if (ones == 0 || ones == n)
      fail(std::string("every label is ") + (ones == 0 ? "0" : "1") +
           "; both classes (0 and 1) are needed");

    Dataset d;
    d.X = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor>>(
        features_.data(), static_cast<Eigen::Index>(n), 2);
    d.y = Eigen::Map<const Eigen::VectorXd>(labels_.data(), static_cast<Eigen::Index>(n));
    d.name = source_;
    return d;
  }

 private:
  double feature(std::size_t line, std::size_t column, std::string_view text) const {
    if (text.empty()) fail_at(line, column, "missing value");
    const Number number = parse_number(text);
    switch (number.status) {
      case NumberStatus::ok:
        return number.value;
      case NumberStatus::not_a_number:
        fail_at(line, column, quoted(text) + " is not a number");
      case NumberStatus::not_finite:
        fail_at(line, column, quoted(text) + " is not a finite number (NaN and Inf are not allowed)");
      case NumberStatus::out_of_range:
        fail_at(line, column, quoted(text) + " is out of the range of a double");
    }
    fail_at(line, column, quoted(text) + " is not a number");
  }

  double label(std::size_t line, std::size_t column, std::string_view text) const {
    if (text.empty()) fail_at(line, column, "missing label");
    const Number number = parse_number(text);
    if (number.status != NumberStatus::ok || (number.value != 0.0 && number.value != 1.0))
      fail_at(line, column, "label " + quoted(text) + " is not 0 or 1");
    return number.value == 1.0 ? 1.0 : 0.0;  // also turns -0.0 into 0.0
  }

  std::string source_;
  std::size_t columns_ = 0;
  std::vector<double> features_;  // x0, x1 of each row in turn (row-major)
  std::vector<double> labels_;
};

}  // namespace

Dataset parse_csv(const std::string& text, const std::string& source_name) {
  std::string_view rest = text;
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);  // UTF-8 byte order mark

  Parser parser(source_name);
  bool saw_first = false;
  for (std::size_t line = 1; !rest.empty(); ++line) {
    const std::size_t newline = rest.find('\n');
    std::string_view content = rest.substr(0, newline);
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    if (trim(content).empty()) continue;

    const std::vector<std::string_view> fields = split_fields(content);
    if (!saw_first) {
      saw_first = true;
      if (parser.first_line(line, fields)) continue;  // a header: names only
    }
    parser.row(line, fields);
  }
  return parser.finish(saw_first);
}

Dataset read_csv(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw UsageError(path.string() + ": is a directory, not a CSV file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(path.string() + ": cannot read: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw UsageError(path.string() + ": cannot read: " + std::strerror(errno));

  Dataset d = parse_csv(text.str(), path.string());
  d.name = path.filename().string();
  return d;
}

}  // namespace nnviz::data
