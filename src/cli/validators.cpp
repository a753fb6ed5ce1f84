#include "nnviz/cli/validators.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "nnviz/util/error.hpp"

namespace nnviz::cli {
namespace {

// Parses the whole string as a double, or returns false (from_chars: no locale, no leading '+').
bool to_double(const std::string& text, double& out) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (first != last && *first == '+') ++first;
  const auto res = std::from_chars(first, last, out);
  return res.ec == std::errc() && res.ptr == last && first != last;
}

bool to_int(const std::string& text, int& out) {
  const auto res = std::from_chars(text.data(), text.data() + text.size(), out);
  return res.ec == std::errc() && res.ptr == text.data() + text.size() && !text.empty();
}

CLI::Validator number_check(const std::string& description, double lo, double hi, bool open_low) {
  return CLI::Validator(
      [=](std::string& value) -> std::string {
        double x = 0.0;
        if (!to_double(value, x)) return "'" + value + "' is not a number";
        if (!std::isfinite(x)) return "'" + value + "' is not a finite number";
        if (open_low ? !(x > lo) : !(x >= lo)) return value + " must be " + description;
        if (x > hi) return value + " must be " + description;
        return {};
      },
      description);
}

}  // namespace

CLI::Validator finite_positive() {
  return number_check("> 0", 0.0, std::numeric_limits<double>::max(), true);
}

CLI::Validator finite_non_negative() {
  return number_check(">= 0", 0.0, std::numeric_limits<double>::max(), false);
}

CLI::Validator finite_range(double lo, double hi) {
  return number_check("in [" + CLI::detail::to_string(lo) + ", " + CLI::detail::to_string(hi) + "]", lo, hi, false);
}

CLI::Validator frame_size() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        try {
          parse_size(value, "");
        } catch (const Error& e) {
          return e.what();
        }
        return {};
      },
      "WxH");
}

CLI::Validator canonical_names(std::function<std::string(const std::string&)> canonical, const std::string& description,
                               bool list) {
  return CLI::Validator(
      [canonical, list](std::string& value) -> std::string {
        try {
          if (!list) {
            value = canonical(value);
            return {};
          }
          std::string out;
          for (const std::string& item : split_list(value)) out += (out.empty() ? "" : ",") + canonical(item);
          value = out;
        } catch (const Error& e) {
          return e.what();
        }
        return {};
      },
      description);
}

std::string names_description(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ",") + n;
  return "{" + out + "}";
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::string current;
  for (char ch : text + ",") {
    if (ch == ',') {
      const auto b = current.find_first_not_of(" \t");
      const auto e = current.find_last_not_of(" \t");
      items.push_back(b == std::string::npos ? std::string() : current.substr(b, e - b + 1));
      current.clear();
    } else {
      current += ch;
    }
  }
  return items;
}

std::pair<int, int> parse_size(const std::string& text, const std::string& option) {
  const std::string prefix = option.empty() ? "" : option + ": ";
  const auto x = text.find_first_of("xX");
  int w = 0;
  int h = 0;
  if (x == std::string::npos || !to_int(text.substr(0, x), w) || !to_int(text.substr(x + 1), h))
    throw UsageError(prefix + "'" + text + "' is not a size like 1800x600");
  // 8192 keeps one frame under 256 MiB and inside every encoder's limits.
  if (w < 16 || h < 16 || w > 8192 || h > 8192)
    throw UsageError(prefix + "'" + text + "': width and height must be between 16 and 8192 pixels");
  return {w, h};
}

std::vector<int> parse_units(const std::string& text, const std::string& option) {
  std::vector<int> units;
  for (const std::string& item : split_list(text)) {
    int n = 0;
    if (!to_int(item, n) || n < 1 || n > 1024)
      throw UsageError((option.empty() ? "" : option + ": ") + "'" + item + "' is not a layer width (1 to 1024 units)");
    units.push_back(n);
  }
  if (units.size() > 16) throw UsageError((option.empty() ? "" : option + ": ") + "at most 16 hidden layers");
  return units;
}

}  // namespace nnviz::cli
