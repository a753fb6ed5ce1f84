#pragma once
// Labelled 2-D points: the input of training and of every picture.
#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <utility>

namespace nnviz::util {
class NumpyRandom;
}

namespace nnviz::data {

// Samples are rows everywhere in nnviz (as in Keras): X is (n, 2), y is (n).
struct Dataset {
  Eigen::MatrixXd X;  // (n, 2)
  Eigen::VectorXd y;  // (n), each 0.0 or 1.0
  std::string name;   // "blobs", "xor", ... or the CSV file's name

  [[nodiscard]] Eigen::Index size() const { return X.rows(); }
};

// Splits off a seeded, class-stratified random fraction for validation (not Keras' "last
// rows", which with the notebook's ordered data would hold out class 0 only). Both parts keep
// the original row order. Returns (training, validation); both keep `all.name`.
//
// For class 0, then class 1: the indices of the class's rows are shuffled with rng.shuffle
// (numpy's RandomState.shuffle) and the first round(fraction * count) (half away from zero)
// go to validation. Throws UsageError (field "validation_split") when fraction is not in
// (0, 1), or when a class would have no row in validation or none left for training.
std::pair<Dataset, Dataset> split_stratified(const Dataset& all, double fraction,
                                             util::NumpyRandom& rng);

}  // namespace nnviz::data
