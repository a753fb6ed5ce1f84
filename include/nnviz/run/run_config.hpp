#pragma once
// What decides a trained run, and nothing of how it is drawn: the data (a built-in generator or
// a file), the seed, the validation split, the architecture and the training settings. The one
// description of a run that saved runs, sweeps and pages carry.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "nnviz/data/generators.hpp"
#include "nnviz/model/network.hpp"
#include "nnviz/train/config.hpp"
#include "nnviz/util/json.hpp"

namespace nnviz::run {

struct RunConfig {
  // Data: a built-in generator (drawn from the run's generator, seeded with `seed`) or a file.
  data::DatasetSpec dataset;
  std::optional<std::filesystem::path> data_file;
  std::uint32_t seed = 12345;
  double validation_split = 0.0;

  model::Architecture architecture;
  train::TrainConfig training;
};

// The run's resolved options as a JSON object (`dataset_name`: the data's name as loaded).
util::Json config_json(const RunConfig& config, const std::string& dataset_name);

}  // namespace nnviz::run
