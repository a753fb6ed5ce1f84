#include "nnviz/cli/dataset_command.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

#include "nnviz/cli/command.hpp"
#include "nnviz/cli/validators.hpp"
#include "nnviz/data/csv.hpp"
#include "nnviz/data/generators.hpp"
#include "nnviz/util/atomic_file.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"
#include "nnviz/util/numpy_random.hpp"

namespace nnviz::cli {

void setup_dataset_options(CLI::App& cmd, DatasetOptions& o) {
  CLI::Option* dataset_opt = cmd.add_option("--dataset", o.dataset, "Built-in dataset")
                                 ->transform(canonical_names(data::parse_dataset, names_description(data::dataset_names())))
                                 ->capture_default_str();
  cmd.add_option("--data", o.data_file, "Check a CSV file and write it in nnviz's form")
      ->check(CLI::ExistingFile)
      ->excludes(dataset_opt);
  cmd.add_option("--columns", o.columns,
                 "Columns of --data holding x0, x1 and the label, by header name or 0-based index: a,b,label");
  cmd.add_option("--seed", o.seed, "Seed (12345: the notebook's points)")->capture_default_str();
  cmd.add_option("--samples", o.samples, "Points (default: the dataset's own)")->check(CLI::Range(4, 1000000));
  cmd.add_option("--noise", o.noise, "Noise (default: the dataset's own)")->check(finite_range(0.0, data::max_noise));
  cmd.add_option("-o,--output", o.output, "CSV file to write ('-': stdout)")->capture_default_str();
}

int run_dataset(const DatasetOptions& o) {
  if (o.output != "-") util::check_writable_output(o.output, "--output");
  data::Dataset d;
  if (o.columns && !o.data_file) throw UsageError("--columns: applies to a --data file only");
  if (o.data_file) {
    d = data::read_csv(*o.data_file, o.columns ? data::parse_csv_columns(*o.columns) : data::CsvColumns{},
                       &util::InterruptFlag::install());
  } else {
    util::NumpyRandom rng(o.seed);
    data::DatasetSpec spec;
    spec.name = o.dataset;
    spec.samples = o.samples;
    spec.noise = o.noise;
    d = data::make_dataset(spec, rng);
  }
  if (o.output == "-") {
    std::cout << data::to_csv(d);
    std::cout.flush();
    if (!std::cout) throw Error("cannot write to stdout");
  } else {
    data::write_csv(d, o.output);
    std::cout << o.output << '\n';  // the path written, as train and render print theirs
    spdlog::info("wrote {} points of '{}' to {}", d.size(), d.name, o.output);
  }
  return 0;
}

Command add_dataset_command(CLI::App& parent) {
  auto options = std::make_shared<DatasetOptions>();
  CLI::App* cmd = parent.add_subcommand("dataset", "Write a built-in dataset (the notebook's by default) as CSV");
  setup_dataset_options(*cmd, *options);
  cmd->footer(
      "Examples:\n"
      "  nnviz dataset -o blobs.csv                      # the notebook's 400 points\n"
      "  nnviz dataset --dataset moons --samples 500 --noise 0.2 -o moons.csv  # then: train --data moons.csv\n"
      "  nnviz dataset --dataset spiral --seed 7 -o -    # CSV on stdout");
  return {cmd, [options] { return run_dataset(*options); }};
}

}  // namespace nnviz::cli
