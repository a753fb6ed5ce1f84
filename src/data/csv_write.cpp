#include <array>
#include <charconv>
#include <string>

#include "nnviz/data/csv.hpp"
#include "nnviz/util/atomic_file.hpp"

namespace nnviz::data {
namespace {

// to_chars without a format gives the shortest text that parses back to the same double.
void append_double(std::string& out, double value) {
  std::array<char, 32> buffer{};
  const std::to_chars_result result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), result.ptr);
}

}  // namespace

std::string to_csv(const Dataset& dataset) {
  std::string out = "X0,X1,y\n";
  out.reserve(out.size() + static_cast<std::size_t>(dataset.size()) * 44);
  for (Eigen::Index r = 0; r < dataset.size(); ++r) {
    append_double(out, dataset.X(r, 0));
    out += ',';
    append_double(out, dataset.X(r, 1));
    out += dataset.y(r) > 0.5 ? ",1\n" : ",0\n";
  }
  return out;
}

void write_csv(const Dataset& dataset, const std::filesystem::path& path) {
  util::write_file_atomically(path, to_csv(dataset));
}

}  // namespace nnviz::data
