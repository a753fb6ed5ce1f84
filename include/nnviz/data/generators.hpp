#pragma once
// Built-in datasets. `blobs` is the notebook's; the others are those users try in
// TensorFlow Playground and scikit-learn.
//
// Every generator draws only from the NumpyRandom it is given, fills X row by row (samples are
// rows), labels with 0/1, and always yields both classes. `noise` is always the standard
// deviation of Gaussian noise (in data units) added to each coordinate, as sklearn's `noise`.
//
// | name    | default samples | default noise | shape                                                  |
// | ------- | --------------- | ------------- | ------------------------------------------------------ |
// | blobs   | 400             | 0.5           | the notebook's: blobs at -1 (class 0), 0 (class 1), +1 |
// |         |                 |               | (class 0) on both axes, 1/4 + 1/2 + 1/4 of the samples |
// | xor     | 400             | 0.1           | uniform in [-1,1]^2, 0.05 away from the axes; class 1  |
// |         |                 |               | where the signs of x0 and x1 differ (Playground's XOR) |
// | circles | 400             | 0.05          | sklearn make_circles(factor=0.5, shuffle=False): outer |
// |         |                 |               | radius 1 class 0, inner radius 0.5 class 1             |
// | moons   | 400             | 0.1           | sklearn make_moons(shuffle=False): upper moon class 0, |
// |         |                 |               | lower moon class 1                                     |
// | spiral  | 400             | 0.05          | Playground's two spirals, 1.75 turns out to radius 1;  |
// |         |                 |               | class 1 is class 0 turned by pi                        |
// | gauss   | 400             | 0.5           | Playground's two Gaussians: centres (-1,-1) class 0,   |
// |         |                 |               | (1,1) class 1                                          |
#include <optional>
#include <string>
#include <vector>

#include "nnviz/data/dataset.hpp"

namespace nnviz::data {

inline constexpr int min_samples = 4;  // blobs needs one sample in each of its 3 parts + 1
inline constexpr int max_samples = 1'000'000;
// The largest noise accepted: data of the generators' unit scale stay far within the
// coordinates a data file may hold (csv.hpp), and the pictures finite.
inline constexpr double max_noise = 1000.0;

struct DatasetSpec {
  std::string name = "blobs";
  // Unset: the generator's default (blobs: 400 = 100 + 200 + 100). Else in
  // [min_samples, max_samples].
  std::optional<int> samples;
  // Unset: the generator's default (blobs: 0.5, the blobs' std. deviation). Else in [0, max_noise].
  std::optional<double> noise;
};

// The valid names, in the order the help lists them.
const std::vector<std::string>& dataset_names();
// The canonical name of a dataset named in any case (util/names.hpp); UsageError (field
// "dataset") listing the valid names otherwise.
std::string parse_dataset(const std::string& name);

// Draws the dataset from `rng`. With the defaults and NumpyRandom(12345), "blobs" equals
// data/blobs_seed12345.csv bit for bit. Throws UsageError for an unknown name (field "dataset",
// listing the valid ones) or a bad value (field "samples" or "noise").
Dataset make_dataset(const DatasetSpec& spec, util::NumpyRandom& rng);

}  // namespace nnviz::data
