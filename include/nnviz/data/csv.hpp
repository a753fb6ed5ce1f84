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
//
// The rules, precisely:
// - Fields are separated by commas; spaces and tabs around a field are ignored, as is one
//   pair of double quotes around it (quoted commas are not supported). CRLF line ends, a
//   UTF-8 byte order mark, a missing final newline and blank lines are accepted.
// - The first line is a header unless its first field is a number; then the file has none.
// - A file has at least 3 columns, and every row as many as its first line. Columns between
//   the second and the last are ignored.
// - Labels are numbers equal to 0 or 1 ("1", "1.0", "1e0").
// - Messages read `source:line:column: problem`, lines and columns (fields) counted from 1,
//   e.g. `points.csv:7:2: 'abc' is not a number`; problems of the whole file read
//   `source: problem`.
Dataset read_csv(const std::filesystem::path& path);
// `source_name` is used in messages and as the dataset's name. read_csv names the dataset
// after the file name (without folders), but its messages show the path as given.
Dataset parse_csv(const std::string& text, const std::string& source_name);

// Header `X0,X1,y`, then one line per sample: x0,x1 in std::to_chars' shortest round-trip
// form, the label as 0 or 1; '\n' line ends, one after the last row too.
std::string to_csv(const Dataset& dataset);
// Atomic: written to a temporary file and renamed into place.
void write_csv(const Dataset& dataset, const std::filesystem::path& path);

}  // namespace nnviz::data
