#include "nnviz/encode/palette_sample.hpp"

#include <algorithm>

namespace nnviz::encode {

std::vector<std::size_t> palette_sample_indices(std::size_t count, std::size_t most) {
  std::vector<std::size_t> out;
  if (count == 0 || most == 0) return out;
  const std::size_t k = std::min(count, most);
  for (std::size_t j = 0; j < k; ++j) {
    // Rounded positions j / (k - 1) of the way from the first frame to the last.
    const std::size_t i = k == 1 ? 0 : (j * (count - 1) + (k - 1) / 2) / (k - 1);
    if (out.empty() || out.back() != i) out.push_back(i);
  }
  return out;
}

}  // namespace nnviz::encode
