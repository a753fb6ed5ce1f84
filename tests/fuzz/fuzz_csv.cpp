// libFuzzer target: data::parse_csv on arbitrary bytes.
// A UsageError is the expected answer to a bad file; any other exception, a sanitizer report or
// a broken invariant below is a bug. An accepted file must also survive to_csv -> parse_csv
// bit for bit, as csv.hpp promises.
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>

#include "nnviz/data/csv.hpp"
#include "nnviz/util/error.hpp"

namespace {

// Aborts (which libFuzzer reports as a crash, with the input) when an invariant does not hold.
void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz_csv: invariant broken: %s\n", what);
  std::abort();
}

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

void check_dataset(const nnviz::data::Dataset& d) {
  require(d.X.cols() == 2, "X has 2 columns");
  require(d.X.rows() == d.y.size(), "one label per row");
  require(d.size() >= 2, "at least 2 rows");
  bool zero = false;
  bool one = false;
  for (Eigen::Index i = 0; i < d.size(); ++i) {
    require(std::isfinite(d.X(i, 0)) && std::isfinite(d.X(i, 1)), "features are finite");
    require(d.y(i) == 0.0 || d.y(i) == 1.0, "labels are 0 or 1");
    require(!std::signbit(d.y(i)), "labels are never -0");
    zero = zero || d.y(i) == 0.0;
    one = one || d.y(i) == 1.0;
  }
  require(zero && one, "both classes present");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  nnviz::data::Dataset parsed;
  try {
    parsed = nnviz::data::parse_csv(text, "fuzz.csv");
  } catch (const nnviz::Error&) {
    return 0;  // UsageError: a refused file, the expected outcome for most inputs
  }
  check_dataset(parsed);
  require(parsed.name == "fuzz.csv", "the dataset is named after the source");

  // Written and read back, every double must come back bit for bit.
  nnviz::data::Dataset again;
  try {
    again = nnviz::data::parse_csv(nnviz::data::to_csv(parsed), "again.csv");
  } catch (const nnviz::Error& e) {
    std::fprintf(stderr, "fuzz_csv: to_csv output refused: %s\n", e.what());
    std::abort();
  }
  require(again.size() == parsed.size(), "round trip keeps the row count");
  for (Eigen::Index i = 0; i < parsed.size(); ++i) {
    require(same_bits(again.X(i, 0), parsed.X(i, 0)) && same_bits(again.X(i, 1), parsed.X(i, 1)),
            "round trip keeps every feature bit for bit");
    require(same_bits(again.y(i), parsed.y(i)), "round trip keeps every label");
  }
  return 0;
}
