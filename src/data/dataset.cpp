#include "nnviz/data/dataset.hpp"

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "nnviz/util/error.hpp"
#include "nnviz/util/numpy_random.hpp"

namespace nnviz::data {
namespace {

std::string format(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

Dataset take_rows(const Dataset& all, const std::vector<bool>& in_validation, bool want) {
  Eigen::Index n = 0;
  for (bool v : in_validation) n += v == want ? 1 : 0;
  Dataset part;
  part.X.resize(n, 2);
  part.y.resize(n);
  part.name = all.name;
  Eigen::Index out = 0;
  for (Eigen::Index r = 0; r < all.size(); ++r) {
    if (in_validation[static_cast<std::size_t>(r)] != want) continue;
    part.X.row(out) = all.X.row(r);
    part.y(out) = all.y(r);
    ++out;
  }
  return part;
}

}  // namespace

std::pair<Dataset, Dataset> split_stratified(const Dataset& all, double fraction,
                                             util::NumpyRandom& rng) {
  // Written so that NaN fails too.
  if (!(fraction > 0.0 && fraction < 1.0))
    throw UsageError("validation_split", "the validation fraction must be between 0 and 1 (exclusive), got " +
                     format(fraction));

  std::vector<bool> in_validation(static_cast<std::size_t>(all.size()), false);
  for (int label = 0; label < 2; ++label) {
    std::vector<int> rows;
    for (Eigen::Index r = 0; r < all.size(); ++r)
      if (all.y(r) == label) rows.push_back(static_cast<int>(r));
    const auto count = static_cast<long>(rows.size());
    const long picked = std::lround(fraction * static_cast<double>(count));
    if (picked < 1 || picked > count - 1)
      throw UsageError("validation_split", "a validation fraction of " + format(fraction) + " takes " +
                       std::to_string(picked) + " of the " + std::to_string(count) +
                       " rows of class " + std::to_string(label) +
                       " for validation; every class needs at least 1 row in validation and "
                       "1 in training (change the fraction or use more samples)");
    rng.shuffle(rows);
    for (long i = 0; i < picked; ++i) in_validation[static_cast<std::size_t>(rows[i])] = true;
  }
  return {take_rows(all, in_validation, false), take_rows(all, in_validation, true)};
}

}  // namespace nnviz::data
