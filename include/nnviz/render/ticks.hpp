#pragma once
// Axis tick positions at "nice" 1-2-5 steps and their labels.
#include <string>
#include <vector>

namespace nnviz::render {

struct Ticks {
  double step = 1;
  std::vector<double> values;       // multiples of step inside [lo, hi], ascending
  std::vector<std::string> labels;  // same decimals for all, U+2212 minus sign, no "-0"
};

// The smallest step in {1, 2, 5} x 10^k, and at least `min_step` (1 for counts such as epochs:
// no "0.5"), that puts at most `max_count` ticks in [lo, hi] (max_count >= 2). lo == hi gives
// that single value.
Ticks nice_ticks(double lo, double hi, int max_count, double min_step = 0);

}  // namespace nnviz::render
