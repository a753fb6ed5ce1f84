#include "nnviz/render/ticks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace nnviz::render {

namespace {

std::string format_tick(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s[0] == '-') {
    // "-0.0" after rounding is zero; otherwise typeset a real minus sign (as matplotlib does).
    if (s.find_first_not_of("-0.") == std::string::npos) return s.substr(1);
    return "\u2212" + s.substr(1);
  }
  return s;
}

}  // namespace

Ticks nice_ticks(double lo, double hi, int max_count, double min_step) {
  Ticks ticks;
  max_count = std::max(max_count, 2);
  if (!std::isfinite(lo) || !std::isfinite(hi)) return ticks;
  if (hi < lo) std::swap(lo, hi);
  const double span = hi - lo;
  if (span <= 0) {
    ticks.values = {lo};
    ticks.labels = {format_tick(lo, 2)};
    return ticks;
  }
  // Start one decade below span / max_count and take the first 1-2-5 step that fits.
  double decade = std::pow(10.0, std::floor(std::log10(span / max_count)) - 1);
  for (;;) {
    bool found = false;
    for (double m : {1.0, 2.0, 5.0}) {
      const double step = m * decade;
      if (step < min_step * (1 - 1e-9)) continue;
      const double first = std::ceil(lo / step - 1e-9), last = std::floor(hi / step + 1e-9);
      if (last - first + 1 <= max_count) {
        ticks.step = step;
        for (double k = first; k <= last; k += 1) ticks.values.push_back(k * step);
        found = true;
        break;
      }
    }
    if (found) break;
    decade *= 10;
  }
  const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(ticks.step) + 1e-9)));
  for (double v : ticks.values) ticks.labels.push_back(format_tick(v, decimals));
  return ticks;
}

}  // namespace nnviz::render
