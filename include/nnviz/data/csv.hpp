#pragma once
// Datasets as CSV files: `X0,X1,y` with a header, every double written so it reads back bit
// for bit (shortest round-trip representation).
#include <filesystem>
#include <string>

#include "nnviz/data/dataset.hpp"

namespace nnviz::data {

// Reads a header `X0,X1,y`, or any header whose first two columns are numeric features and
// whose label column is 0/1 (the last column). Throws UsageError naming the file, line and
// column for: a missing file, missing values, non-numbers, NaN/Inf, labels other than 0/1,
// one class only, fewer than 2 rows.
Dataset read_csv(const std::filesystem::path& path);
Dataset parse_csv(const std::string& text, const std::string& source_name);

std::string to_csv(const Dataset& dataset);
// Atomic: written to a temporary file and renamed into place.
void write_csv(const Dataset& dataset, const std::filesystem::path& path);

}  // namespace nnviz::data
