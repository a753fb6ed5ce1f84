#pragma once
// The layer statistics file (--stats FILE.csv): scene::RunStats in long format, one row per
// histogram bin and one per hidden layer's unit fraction, per snapshot.
#include <filesystem>
#include <string>

#include "nnviz/scene/stats.hpp"

namespace nnviz::app {

// Header: epoch,step,layer,layer_name,activation,quantity,bin_low,bin_high,value
// - layer: 1..H the hidden layers, H + 1 the output layer; layer_name hidden1..hiddenH, output.
// - quantity weights, pre_activation or gradient: one row per bin, value = the count of values in
//   [bin_low, bin_high) (the last bin includes bin_high).
// - quantity dead_fraction or saturated_fraction (hidden layers): bin_low and bin_high empty,
//   value the fraction of the layer's units; "fraction" with an empty value for an activation
//   with neither notion.
// Numbers are written shortest-exact (they read back to the same double).
std::string stats_to_csv(const scene::RunStats& stats);

// `--stats`'s checks before any work: UsageError naming it for a .json path (the file is CSV
// only).
void check_stats_path(const std::filesystem::path& path);

}  // namespace nnviz::app
