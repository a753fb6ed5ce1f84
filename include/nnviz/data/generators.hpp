#pragma once
// Built-in datasets. `blobs` is the notebook's; the others are those users try in
// TensorFlow Playground and scikit-learn.
#include <string>
#include <vector>

#include "nnviz/data/dataset.hpp"

namespace nnviz::data {

struct DatasetSpec {
  std::string name = "blobs";
  int samples = 0;      // 0: the generator's default (blobs: 400 = 100 + 200 + 100)
  double noise = -1.0;  // < 0: the generator's default (blobs: 0.5, the blobs' std. deviation)
};

// The valid names, in the order the help lists them.
const std::vector<std::string>& dataset_names();

// Draws the dataset from `rng`. With the defaults and NumpyRandom(12345), "blobs" equals
// data/blobs_seed12345.csv bit for bit. Throws UsageError for an unknown name (listing the
// valid ones) or a bad samples/noise value.
Dataset make_dataset(const DatasetSpec& spec, util::NumpyRandom& rng);

}  // namespace nnviz::data
