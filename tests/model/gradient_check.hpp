#pragma once
// Central differences for gradient checks (double precision throughout).
#include <algorithm>
#include <cmath>

namespace nnviz::test {

// (f(x+h) - f(x-h)) / 2h: error O(h^2) from truncation plus ~eps|f|/h from rounding, so
// h = 1e-5 keeps both near 1e-10 for the O(1) functions we check.
template <class F>
double central_difference(F f, double x, double h = 1e-5) {
  return (f(x + h) - f(x - h)) / (2.0 * h);
}

// |a - b| / max(|a| + |b|, floor): relative, but gradients that are (near) zero are compared
// absolutely against `floor` * the tolerance instead of dividing by ~0.
inline double relative_error(double a, double b, double floor = 1e-4) {
  return std::abs(a - b) / std::max(std::abs(a) + std::abs(b), floor);
}

}  // namespace nnviz::test
