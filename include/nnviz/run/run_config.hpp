#pragma once
// What decides a trained run, and nothing of how it is drawn: the data (a built-in generator or
// a file), the seed, the validation split, the architecture and the training settings. The one
// description of a run that saved runs, sweeps and pages carry, with its one JSON form.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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

// Equal when they save the same (an activation's alpha counts for leaky_relu only).
bool operator==(const RunConfig& a, const RunConfig& b);

// The typed JSON form (every field, nested as the structs are; activations as
// {"name": "leaky_relu", "alpha": 0.1}); from_json throws nlohmann's exceptions for a missing key
// or a wrong type and UsageError for an unknown name.
void to_json(util::Json& j, const RunConfig& c);
void from_json(const util::Json& j, RunConfig& c);

// The flat options of the files written before the typed form ("nnviz-run/1" weights' "config",
// "nnviz-sweep/1" rows' "options"): dataset (a built-in name or the data file), hidden ("3-2" or
// "3,2"), activation (one name or one per layer), init, optimizer, lr, batch_size, epochs,
// stop_loss, l2, seed, validation_split; missing keys keep their defaults.
RunConfig config_from_flat(const util::Json& flat);

// The run's settings for people (the HTML page): the typed JSON flattened, leaf names as keys,
// numbers in their shortest exact form, unset values left out.
std::vector<std::pair<std::string, std::string>> config_settings(const RunConfig& c);

// A JSON scalar as text: strings bare, numbers in their shortest round-trip form (fmt; 1.0 is
// "1"), null empty.
std::string scalar_text(const util::Json& j);

}  // namespace nnviz::run
