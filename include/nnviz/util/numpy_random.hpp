#pragma once
// numpy's legacy global generator (np.random.seed / RandomState), reproduced bit for bit so
// the default dataset equals the notebook's. Source: numpy/random/src/legacy/legacy-distributions.c
// and mtrand's random_standard_normal (polar Box-Muller with one cached value).
#include <cstdint>
#include <random>
#include <vector>

namespace nnviz::util {

// Not thread-safe: one generator per run (a sweep gives every run its own).
class NumpyRandom {
 public:
  explicit NumpyRandom(std::uint32_t seed);

  std::uint32_t next_u32();
  // Uniform in [0, 1) with 53 random bits: ((a >> 5) * 67108864.0 + (b >> 6)) / 2^53.
  double random_sample();
  // numpy's legacy standard normal: polar Box-Muller on 2u-1 pairs, returns f*x2 and caches f*x1.
  double standard_normal();
  double normal(double loc, double scale) { return loc + scale * standard_normal(); }
  double uniform(double low, double high) { return low + (high - low) * random_sample(); }
  // Uniform integer in [0, max] by masked rejection, as numpy's legacy rk_interval.
  std::uint64_t interval(std::uint64_t max);
  // In-place Fisher-Yates in numpy's legacy order (RandomState.shuffle of a 1-D array).
  void shuffle(std::vector<int>& values);

 private:
  std::mt19937 engine_;
  bool has_gauss_ = false;
  double gauss_ = 0.0;
};

}  // namespace nnviz::util
