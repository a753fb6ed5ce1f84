#include "nnviz/util/numpy_random.hpp"

#include <cmath>
#include <utility>

namespace nnviz::util {

// np.random.seed(s) for an integer s calls MT19937's init_genrand(s): the same state as
// std::mt19937(s).
NumpyRandom::NumpyRandom(std::uint32_t seed) : engine_(seed) {}

std::uint32_t NumpyRandom::next_u32() { return static_cast<std::uint32_t>(engine_()); }

double NumpyRandom::random_sample() {
  const std::uint32_t a = next_u32() >> 5;  // 27 bits
  const std::uint32_t b = next_u32() >> 6;  // 26 bits
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

double NumpyRandom::standard_normal() {
  if (has_gauss_) {
    has_gauss_ = false;
    return gauss_;
  }
  double x1 = 0.0;
  double x2 = 0.0;
  double r2 = 0.0;
  do {
    x1 = 2.0 * random_sample() - 1.0;
    x2 = 2.0 * random_sample() - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 == 0.0);
  const double f = std::sqrt(-2.0 * std::log(r2) / r2);
  gauss_ = f * x1;  // returned by the next call
  has_gauss_ = true;
  return f * x2;
}

std::uint64_t NumpyRandom::interval(std::uint64_t max) {
  if (max == 0) return 0;
  // Smallest all-ones mask covering max; draw and reject until within range.
  std::uint64_t mask = max;
  mask |= mask >> 1;
  mask |= mask >> 2;
  mask |= mask >> 4;
  mask |= mask >> 8;
  mask |= mask >> 16;
  mask |= mask >> 32;
  std::uint64_t value = 0;
  if (max <= 0xffffffffULL) {
    while ((value = (next_u32() & mask)) > max) {
    }
  } else {
    do {
      const std::uint64_t hi = next_u32();
      value = ((hi << 32) | next_u32()) & mask;
    } while (value > max);
  }
  return value;
}

void NumpyRandom::shuffle(std::vector<int>& values) {
  // RandomState.shuffle: for i in reversed(range(1, n)): j = interval(i); swap(x[i], x[j]).
  for (std::size_t i = values.size(); i-- > 1;) {
    const auto j = static_cast<std::size_t>(interval(i));
    std::swap(values[i], values[j]);
  }
}

}  // namespace nnviz::util
