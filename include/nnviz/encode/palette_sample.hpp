#pragma once
// Which frames stand for a whole animation when a GIF takes one palette for all of them
// (Encoder::set_palette_sample).
#include <cstddef>
#include <vector>

namespace nnviz::encode {

// Of `count` frames: the first, the last and evenly spaced ones between, at most `most`, without
// repeats, in order.
std::vector<std::size_t> palette_sample_indices(std::size_t count, std::size_t most = 5);

}  // namespace nnviz::encode
