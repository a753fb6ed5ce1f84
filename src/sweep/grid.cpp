#include "nnviz/sweep/grid.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include <spdlog/spdlog.h>

#include "nnviz/util/error.hpp"

namespace nnviz::sweep {
namespace {

constexpr std::size_t max_values = 100000;
constexpr std::size_t max_runs = 100000;
constexpr std::size_t max_name = 150;  // well under the 255 bytes of a file name

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split_on(const std::string& text, const std::string& separators) {
  std::vector<std::string> out;
  std::string current;
  for (char ch : text) {
    if (separators.find(ch) != std::string::npos) {
      out.push_back(trimmed(current));
      current.clear();
    } else {
      current += ch;
    }
  }
  out.push_back(trimmed(current));
  return out;
}

bool parse_double(const std::string& text, double& out) {
  const char* first = text.data();
  const char* last = first + text.size();
  if (first != last && *first == '+') ++first;
  const auto res = std::from_chars(first, last, out);
  return first != last && res.ec == std::errc() && res.ptr == last;
}

bool parse_integer(const std::string& text, long long& out) {
  const char* first = text.data();
  const char* last = first + text.size();
  if (first != last && *first == '+') ++first;
  const auto res = std::from_chars(first, last, out);
  return first != last && res.ec == std::errc() && res.ptr == last;
}

std::string range_text(const ListSpec& s) {
  // Trim std::to_string's six decimals for whole numbers (1000000.000000 -> 1000000).
  auto whole = [](double v) {
    return v == std::floor(v) && std::fabs(v) < 1e15 ? std::to_string(static_cast<long long>(v)) : std::to_string(v);
  };
  std::string lo;
  if (!std::isinf(s.min)) lo = (s.min_exclusive ? "> " : ">= ") + whole(s.min);
  if (std::isinf(s.max)) return lo;
  if (std::isinf(s.min)) return "<= " + whole(s.max);
  return s.min_exclusive ? lo + " and <= " + whole(s.max) : "in [" + whole(s.min) + ", " + whole(s.max) + "]";
}

bool in_range(const ListSpec& s, double v) {
  return (s.min_exclusive ? v > s.min : v >= s.min) && v <= s.max;
}

// A layer list like "8,8": positive integers separated by ','. The exact limits are the
// caller's (the CLI's --hidden check); this only refuses what cannot be an architecture.
bool looks_like_architecture(const std::string& text) {
  for (const std::string& unit : split_on(text, ",")) {
    long long n = 0;
    if (!parse_integer(unit, n) || n < 1) return false;
  }
  return true;
}

void add_value(const ListSpec& spec, const std::string& item, std::vector<std::string>& values) {
  const std::string prefix = spec.option + ": ";
  if (item.empty()) throw UsageError(prefix + "an empty item in the list");
  switch (spec.kind) {
    case ValueKind::text:
      values.push_back(item);
      break;
    case ValueKind::architecture:
      if (!looks_like_architecture(item))
        throw UsageError(prefix + "'" + item + "' is not a list of layer widths like 8,8 (separate architectures with ';' or '/')");
      values.push_back(item);
      break;
    case ValueKind::number: {
      double v = 0.0;
      if (!parse_double(item, v)) {
        double ignored = 0.0;
        const char* first = item.data() + (item[0] == '+' ? 1 : 0);
        const auto res = std::from_chars(first, item.data() + item.size(), ignored);
        if (res.ec == std::errc::result_out_of_range && res.ptr == item.data() + item.size())
          throw UsageError(prefix + "'" + item + "' is out of the range of a number");
        throw UsageError(prefix + "'" + item + "' is not a number");
      }
      if (!std::isfinite(v)) throw UsageError(prefix + "'" + item + "' is not a finite number");
      if (!in_range(spec, v)) throw UsageError(prefix + item + " must be " + range_text(spec));
      values.push_back(item);
      break;
    }
    case ValueKind::integer: {
      // "a..b": every integer from a to b, both included.
      const auto dots = item.find("..");
      long long lo = 0;
      long long hi = 0;
      if (dots == std::string::npos) {
        if (!parse_integer(item, lo)) throw UsageError(prefix + "'" + item + "' is not an integer or a range like 1..5");
        hi = lo;
      } else if (!parse_integer(trimmed(item.substr(0, dots)), lo) || !parse_integer(trimmed(item.substr(dots + 2)), hi)) {
        throw UsageError(prefix + "'" + item + "' is not a range like 1..5");
      }
      if (hi < lo) throw UsageError(prefix + "the range '" + item + "' runs backwards");
      for (long long v : {lo, hi})
        if (!in_range(spec, static_cast<double>(v)))
          throw UsageError(prefix + std::to_string(v) + " must be " + range_text(spec));
      if (static_cast<unsigned long long>(hi - lo) >= max_values)
        throw UsageError(prefix + "the range '" + item + "' has more than " + std::to_string(max_values) + " values");
      for (long long v = lo; v <= hi; ++v) values.push_back(std::to_string(v));
      break;
    }
  }
  if (values.size() > max_values)
    throw UsageError(prefix + "more than " + std::to_string(max_values) + " values");
}

}  // namespace

std::string filesystem_safe(const std::string& text) {
  std::string out;
  for (char ch : text) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                    ch == '_' || ch == '+' || ch == '-';
    out += ok ? ch : '_';
  }
  if (out.empty() || out == "." || out == "..") out = "_" + out;
  return out;
}

Axis expand_list(const ListSpec& spec, const std::vector<std::string>& items) {
  Axis axis{spec.key, spec.option, spec.prefix, {}, {}};
  const std::string separators = spec.kind == ValueKind::architecture ? ";/" : ",";
  if (items.empty()) throw UsageError(spec.option + ": needs at least one value");
  for (const std::string& item : items)
    for (const std::string& part : split_on(item, separators)) add_value(spec, part, axis.values);
  // A value listed twice would run (and be named) twice: it runs once, and a note says so.
  // Numbers are compared as numbers: 0.1 and 0.10 are one learning rate.
  std::vector<std::string> unique;
  std::set<std::string> seen_text;
  std::map<double, std::size_t> seen_numbers;  // value -> its place in `unique`
  for (const std::string& v : axis.values) {
    if (spec.kind == ValueKind::number || spec.kind == ValueKind::integer) {
      double x = 0.0;
      parse_double(v, x);  // checked by add_value
      const auto [same, added] = seen_numbers.emplace(x == 0.0 ? 0.0 : x, unique.size());  // -0 is 0
      if (!added) {
        if (v == unique[same->second])
          spdlog::warn("{}: {} is listed twice; it runs once", spec.option, v);
        else
          spdlog::warn("{}: {} is listed twice (as {}); it runs once", spec.option, v, unique[same->second]);
        continue;
      }
    } else if (!seen_text.insert(v).second) {
      spdlog::warn("{}: {} is listed twice; it runs once", spec.option, v);
      continue;
    }
    unique.push_back(v);
  }
  axis.values = std::move(unique);
  return axis;
}

std::vector<GridRun> expand_grid(const std::vector<Axis>& axes) {
  std::size_t total = 1;
  for (const Axis& a : axes) {
    if (a.values.empty()) throw UsageError(a.option + ": needs at least one value");
    if (!a.labels.empty() && a.labels.size() != a.values.size())
      throw Error("sweep: axis " + a.key + " has " + std::to_string(a.labels.size()) + " labels for " +
                  std::to_string(a.values.size()) + " values");
    if (total > max_runs / a.values.size())
      throw UsageError("the grid has more than " + std::to_string(max_runs) + " runs; split it up");
    total *= a.values.size();
  }

  std::vector<GridRun> runs(total);
  for (std::size_t i = 0; i < total; ++i) {
    GridRun& r = runs[i];
    r.index = i;
    // Mixed-radix digits of i, the last axis the fastest.
    std::vector<std::size_t> digit(axes.size());
    std::size_t rest = i;
    for (std::size_t a = axes.size(); a-- > 0;) {
      digit[a] = rest % axes[a].values.size();
      rest /= axes[a].values.size();
    }
    for (std::size_t a = 0; a < axes.size(); ++a) {
      const Axis& axis = axes[a];
      const std::string& value = axis.values[digit[a]];
      r.settings.emplace_back(axis.key, value);
      if (axis.values.size() < 2) continue;
      const std::string& shown = axis.labels.empty() ? value : axis.labels[digit[a]];
      r.name += (r.name.empty() ? "" : "-") + axis.prefix + filesystem_safe(shown);
      r.label += (r.label.empty() ? "" : ", ") + (axis.prefix.empty() ? shown : axis.prefix + " " + shown);
    }
    if (r.name.empty()) r.name = "run";
    if (r.name.size() > max_name) r.name = r.name.substr(0, max_name) + "-" + std::to_string(i);
  }

  // Collisions (two data files with the same stem, long names cut short): every member of a
  // colliding group gets its index, so each name still depends only on the grid.
  std::map<std::string, int> count;
  for (const GridRun& r : runs) ++count[r.name];
  for (GridRun& r : runs)
    if (count[r.name] > 1) r.name += "-" + std::to_string(r.index);
  return runs;
}

}  // namespace nnviz::sweep
