#include "nnviz/data/generators.hpp"

#include <cmath>
#include <numbers>
#include <sstream>
#include <string>

#include "nnviz/util/error.hpp"
#include "nnviz/util/names.hpp"
#include "nnviz/util/numpy_random.hpp"

namespace nnviz::data {
namespace {

constexpr int default_samples = 400;
constexpr double pi = std::numbers::pi;

// Fills `count` rows from `first` with `loc + noise * gauss`, x0 then x1 per row: numpy's
// rng.normal(loc, noise, (count, 2)), which fills row-major.
void fill_normal(Dataset& d, Eigen::Index first, Eigen::Index count, double loc, double noise,
                 double label, util::NumpyRandom& rng) {
  for (Eigen::Index r = first; r < first + count; ++r) {
    d.X(r, 0) = rng.normal(loc, noise);
    d.X(r, 1) = rng.normal(loc, noise);
    d.y(r) = label;
  }
}

// sklearn's `X += rng.normal(scale=noise, size=X.shape)`: drawn after the clean shape, row-major.
void add_noise(Dataset& d, double noise, util::NumpyRandom& rng) {
  for (Eigen::Index r = 0; r < d.size(); ++r) {
    d.X(r, 0) += rng.normal(0.0, noise);
    d.X(r, 1) += rng.normal(0.0, noise);
  }
}

Dataset empty_dataset(int n) {
  Dataset d;
  d.X.resize(n, 2);
  d.y.resize(n);
  return d;
}

// The notebook: normal(-1,.5,(100,2)), normal(0,.5,(200,2)), normal(1,.5,(100,2)); labels
// 0, 1, 0. Other sizes keep the 1/4, 1/2, 1/4 proportions (the middle takes the remainder).
Dataset make_blobs(int n, double noise, util::NumpyRandom& rng) {
  Dataset d = empty_dataset(n);
  const int outer = n / 4;
  const int middle = n - 2 * outer;
  fill_normal(d, 0, outer, -1.0, noise, 0.0, rng);
  fill_normal(d, outer, middle, 0.0, noise, 1.0, rng);
  fill_normal(d, outer + middle, outer, 1.0, noise, 0.0, rng);
  return d;
}

// Quadrants in blocks of n/4 rows, (+,+) (-,+) (-,-) (+,-), so every quadrant (and so both
// classes) is present for any n >= 4 whatever the draws. The 0.05 gap from the axes is
// TensorFlow Playground's padding (0.3 of 5), scaled to [-1, 1].
Dataset make_xor(int n, double noise, util::NumpyRandom& rng) {
  constexpr double padding = 0.05;
  constexpr double sign0[4] = {1.0, -1.0, -1.0, 1.0};
  constexpr double sign1[4] = {1.0, 1.0, -1.0, -1.0};
  Dataset d = empty_dataset(n);
  for (int r = 0; r < n; ++r) {
    const int q = static_cast<int>(4LL * r / n);
    d.X(r, 0) = sign0[q] * rng.uniform(padding, 1.0);
    d.X(r, 1) = sign1[q] * rng.uniform(padding, 1.0);
    d.y(r) = (q % 2 == 1) ? 1.0 : 0.0;  // class 1 where the signs differ
  }
  add_noise(d, noise, rng);
  return d;
}

// sklearn.datasets.make_circles(n, shuffle=False, noise, factor=0.5): evenly spaced angles
// (linspace without endpoint), outer circle first.
Dataset make_circles(int n, double noise, util::NumpyRandom& rng) {
  constexpr double factor = 0.5;
  Dataset d = empty_dataset(n);
  const int outer = n / 2;
  const int inner = n - outer;
  for (int i = 0; i < outer; ++i) {
    const double t = i * (2.0 * pi / outer);
    d.X(i, 0) = std::cos(t);
    d.X(i, 1) = std::sin(t);
    d.y(i) = 0.0;
  }
  for (int i = 0; i < inner; ++i) {
    const double t = i * (2.0 * pi / inner);
    d.X(outer + i, 0) = factor * std::cos(t);
    d.X(outer + i, 1) = factor * std::sin(t);
    d.y(outer + i) = 1.0;
  }
  add_noise(d, noise, rng);
  return d;
}

// numpy.linspace(0, stop, count)[i] with the endpoint included (count >= 2 here).
double linspace_at(double stop, int count, int i) {
  return i == count - 1 ? stop : i * (stop / (count - 1));
}

// sklearn.datasets.make_moons(n, shuffle=False, noise): the upper moon (class 0) over [0, pi],
// the lower moon (class 1) shifted by (1, -0.5).
Dataset make_moons(int n, double noise, util::NumpyRandom& rng) {
  Dataset d = empty_dataset(n);
  const int outer = n / 2;
  const int inner = n - outer;
  for (int i = 0; i < outer; ++i) {
    const double t = linspace_at(pi, outer, i);
    d.X(i, 0) = std::cos(t);
    d.X(i, 1) = std::sin(t);
    d.y(i) = 0.0;
  }
  for (int i = 0; i < inner; ++i) {
    const double t = linspace_at(pi, inner, i);
    d.X(outer + i, 0) = 1.0 - std::cos(t);
    d.X(outer + i, 1) = 1.0 - std::sin(t) - 0.5;
    d.y(outer + i) = 1.0;
  }
  add_noise(d, noise, rng);
  return d;
}

// TensorFlow Playground's genSpiral scaled to radius 1: point i of k lies at radius r = i/k and
// angle 1.75 * 2 pi * r (+ pi for class 1), i.e. 1.75 turns from the centre out.
Dataset make_spiral(int n, double noise, util::NumpyRandom& rng) {
  Dataset d = empty_dataset(n);
  const int first = n / 2;
  const int counts[2] = {first, n - first};
  Eigen::Index row = 0;
  for (int label = 0; label < 2; ++label) {
    const double delta = label * pi;
    for (int i = 0; i < counts[label]; ++i, ++row) {
      const double r = static_cast<double>(i) / counts[label];
      const double t = 1.75 * 2.0 * pi * r + delta;
      d.X(row, 0) = r * std::sin(t);
      d.X(row, 1) = r * std::cos(t);
      d.y(row) = label;
    }
  }
  add_noise(d, noise, rng);
  return d;
}

// TensorFlow Playground's "Gaussian": two round clouds, drawn like the blobs.
Dataset make_gauss(int n, double noise, util::NumpyRandom& rng) {
  Dataset d = empty_dataset(n);
  const int first = n / 2;
  fill_normal(d, 0, first, -1.0, noise, 0.0, rng);
  fill_normal(d, first, n - first, 1.0, noise, 1.0, rng);
  return d;
}

struct Generator {
  const char* name;
  double default_noise;
  Dataset (*make)(int, double, util::NumpyRandom&);
};

// The order of the help text; defaults documented in generators.hpp.
constexpr Generator generators[] = {
    {"blobs", 0.5, make_blobs},   {"xor", 0.1, make_xor},       {"circles", 0.05, make_circles},
    {"moons", 0.1, make_moons},   {"spiral", 0.05, make_spiral}, {"gauss", 0.5, make_gauss},
};

const util::NameTable<const Generator*>& generator_table() {
  static const util::NameTable<const Generator*> table = [] {
    util::NameTable<const Generator*> t("dataset", "dataset", {});
    for (const Generator& g : generators) t.add(&g, g.name);
    return t;
  }();
  return table;
}

const Generator& find_generator(const std::string& name) { return *generator_table().parse(name); }

int checked_samples(const std::optional<int>& samples) {
  if (!samples) return default_samples;
  if (*samples < min_samples || *samples > max_samples)
    throw UsageError("samples", "the number of samples must be between " + std::to_string(min_samples) + " and " +
                     std::to_string(max_samples) + ", got " + std::to_string(*samples));
  return *samples;
}

double checked_noise(const std::optional<double>& noise, double default_noise) {
  if (!noise) return default_noise;
  if (!(*noise >= 0.0 && *noise <= max_noise)) {
    std::ostringstream message;
    message << "the noise must be a number from 0 to 1000 (a standard deviation), got " << *noise;
    throw UsageError("noise", message.str());
  }
  return *noise;
}

}  // namespace

const std::vector<std::string>& dataset_names() { return generator_table().names(); }

std::string parse_dataset(const std::string& name) { return find_generator(name).name; }

Dataset make_dataset(const DatasetSpec& spec, util::NumpyRandom& rng) {
  // Validate everything before drawing, so a bad option consumes no random numbers.
  const Generator& generator = find_generator(spec.name);
  const int n = checked_samples(spec.samples);
  const double noise = checked_noise(spec.noise, generator.default_noise);
  Dataset d = generator.make(n, noise, rng);
  d.name = generator.name;  // the canonical spelling, whatever the case asked for
  return d;
}

}  // namespace nnviz::data
