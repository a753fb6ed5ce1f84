#pragma once
// `nnviz dataset`: write a built-in dataset (or a checked copy of a CSV file) as CSV.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace nnviz::cli {

struct DatasetOptions {
  std::string dataset = "blobs";
  std::optional<std::string> data_file;
  std::optional<std::string> columns;  // --columns x0,x1,label of the data file
  std::uint32_t seed = 12345;
  std::optional<int> samples;    // unset: the generator's default
  std::optional<double> noise;
  std::string output = "-";  // "-": stdout
};

void setup_dataset_options(CLI::App& cmd, DatasetOptions& options);
// Returns the exit code; the CSV goes to the file (atomically) or stdout.
int run_dataset(const DatasetOptions& options);

}  // namespace nnviz::cli
