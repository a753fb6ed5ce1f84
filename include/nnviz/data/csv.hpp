#pragma once
// Datasets as CSV files: `X0,X1,y` with a header, every double written so it reads back bit
// for bit (shortest round-trip representation).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "nnviz/data/dataset.hpp"

namespace nnviz::util {
class InterruptFlag;
}

namespace nnviz::data {

// What a data file may hold, so that an endless or huge input (a FIFO fed forever, a device, a
// giant file) ends in a message instead of filling the memory (README, "Data files").
inline constexpr std::size_t max_csv_rows = 1'000'000;        // data rows: as many as --samples allows
inline constexpr std::uint64_t max_csv_bytes = 1ull << 30;    // 1 GiB read at most
inline constexpr std::size_t max_csv_line_bytes = 1u << 20;   // 1 MiB per line
// The largest |x0|, |x1| accepted: the pictures (single precision, a margin around the data,
// hidden layers' values) stay finite far beyond it, and data this wide needs scaling to train.
inline constexpr double max_csv_coordinate = 1e6;

// Which columns hold x0, x1 and the label: each a header name (any case) or a 0-based index.
// Empty: the header's columns named X0, X1 and y (any order, any case), or the 3 columns of a
// file that has exactly 3.
struct CsvColumns {
  std::vector<std::string> picks;  // empty, or exactly 3: x0, x1, label
  [[nodiscard]] bool automatic() const { return picks.empty(); }
};
// "a,b,label" or "2,0,3" -> CsvColumns; UsageError (field "data_columns") unless 3 non-empty
// items.
CsvColumns parse_csv_columns(const std::string& text);

// Reads a dataset. Throws UsageError naming the file, line and column for: a missing file,
// missing values, non-numbers, NaN/Inf, coordinates beyond max_csv_coordinate, labels other than
// 0/1, one class only, fewer than 2 rows, a NUL byte (a binary file), more than max_csv_rows
// rows, max_csv_bytes bytes or max_csv_line_bytes bytes in a line; problems of the columns carry
// the field "data_columns".
//
// The rules, precisely:
// - Fields are separated by commas; spaces and tabs around a field are ignored, as is one
//   pair of double quotes around it (quoted commas are not supported). CRLF line ends, a
//   UTF-8 byte order mark, a missing final newline and blank lines are accepted.
// - The first line is a header unless its first field is a number; then the file has none.
// - Every row has as many fields as the first line, and at least 3.
// - The columns used: those `columns` picks; else the header's X0, X1 and y (any order, any
//   case, each named once; other columns are ignored); else, in a file of exactly 3 columns
//   whose header does not name X0, X1 or y elsewhere, the three in order. Anything else (4
//   columns without those names, or no header) is refused, listing the columns.
// - Labels are numbers equal to 0 or 1 ("1", "1.0", "1e0").
// - Messages read `source:line:column: problem`, lines and columns (fields) counted from 1,
//   e.g. `points.csv:7:2: 'abc' is not a number`; problems of the whole file read
//   `source: problem`. Text from the file is shown through util::quoted (control characters
//   escaped).
//
// A FIFO or device is read as it comes, waiting for its writer; `interrupt` (when given) is
// checked at least every 0.1 s while reading, and a raised flag throws nnviz::Interrupted.
Dataset read_csv(const std::filesystem::path& path, const CsvColumns& columns = {},
                 const util::InterruptFlag* interrupt = nullptr);
// `source_name` is used in messages and as the dataset's name. read_csv names the dataset
// after the file name (without folders), but its messages show the path as given.
Dataset parse_csv(const std::string& text, const std::string& source_name, const CsvColumns& columns = {});

// Header `X0,X1,y`, then one line per sample: x0,x1 in std::to_chars' shortest round-trip
// form, the label as 0 or 1; '\n' line ends, one after the last row too.
std::string to_csv(const Dataset& dataset);
// Atomic: written to a temporary file and renamed into place.
void write_csv(const Dataset& dataset, const std::filesystem::path& path);

}  // namespace nnviz::data
