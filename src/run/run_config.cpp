#include "nnviz/run/run_config.hpp"

#include <spdlog/fmt/fmt.h>

#include <algorithm>

#include "nnviz/train/optimizer.hpp"
#include "nnviz/train/schedule.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/printable.hpp"

// The enums by their CLI names, and the structs field by field: ADL finds these in the types'
// namespaces. They live here, with the run's JSON, so the lower modules need no JSON.
namespace nnviz::data {
NNVIZ_JSON_FIELDS(DatasetSpec, name, samples, noise)
}  // namespace nnviz::data

namespace nnviz::model {

inline void to_json(util::Json& j, const Init& init) { j = init_name(init); }
inline void from_json(const util::Json& j, Init& init) { init = parse_init(j.get<std::string>()); }

inline void to_json(util::Json& j, const Activation& a) {
  j = util::Json::object();
  j["name"] = a.name();
  if (a.kind == ActivationKind::leaky_relu) j["alpha"] = a.alpha;
}
inline void from_json(const util::Json& j, Activation& a) {
  a = Activation::parse(j.at("name").get<std::string>());
  if (a.kind == ActivationKind::leaky_relu) a.alpha = j.at("alpha").get<double>();
}

NNVIZ_JSON_FIELDS(Architecture, inputs, hidden, activations, init)

}  // namespace nnviz::model

namespace nnviz::train {

inline void to_json(util::Json& j, const OptimizerKind& kind) { j = optimizer_name(kind); }
inline void from_json(const util::Json& j, OptimizerKind& kind) { kind = parse_optimizer(j.get<std::string>()); }

NNVIZ_JSON_FIELDS(OptimizerConfig, kind, lr, momentum, nesterov, amsgrad)
inline void to_json(util::Json& j, const FrameSpacing& s) { j = frame_spacing_table().name(s); }
inline void from_json(const util::Json& j, FrameSpacing& s) { s = frame_spacing_table().parse(j.get<std::string>()); }

NNVIZ_JSON_FIELDS(FrameSchedule, steps, every, spacing, max_frames)

// By hand: a file written before stop_patience and the frame schedule has neither (a frame
// per epoch, no patience), and still reads.
inline void to_json(util::Json& j, const TrainConfig& c) {
  j = util::Json::object();
  j["optimizer"] = c.optimizer;
  j["batch_size"] = c.batch_size;
  j["epochs"] = c.epochs;
  j["stop_loss"] = c.stop_loss;
  j["stop_patience"] = c.stop_patience;
  j["l2"] = c.l2;
  j["frames"] = c.frames;
}
inline void from_json(const util::Json& j, TrainConfig& c) {
  j.at("optimizer").get_to(c.optimizer);
  j.at("batch_size").get_to(c.batch_size);
  j.at("epochs").get_to(c.epochs);
  j.at("stop_loss").get_to(c.stop_loss);
  j.at("l2").get_to(c.l2);
  c.stop_patience = j.contains("stop_patience") ? j.at("stop_patience").get<int>() : 0;
  c.frames = j.contains("frames") ? j.at("frames").get<FrameSchedule>() : FrameSchedule{};
}

}  // namespace nnviz::train

namespace nnviz::run {
namespace {

std::vector<int> parse_units(const std::string& text) {
  std::vector<int> units;
  std::string part;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '-' || text[i] == ',') {
      if (!part.empty()) {
        // Files are user input: digits only, and a width a layer can have (std::stoi would throw
        // std::invalid_argument or std::out_of_range, which no caller expects).
        const bool digits = part.size() <= 7 && std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits) throw UsageError("hidden", "'" + util::printable(part) + "' in '" + util::printable(text) + "' is not a layer width");
        units.push_back(std::stoi(part));
      }
      part.clear();
    } else {
      part += text[i];
    }
  }
  return units;
}

void flatten(const util::Json& j, const std::string& key, std::vector<std::pair<std::string, std::string>>& out) {
  if (j.is_null()) return;
  if (j.is_object()) {
    // A group's kind or name is shown under the group's own name ("optimizer": adam).
    for (const auto& [k, v] : j.items()) flatten(v, k == "kind" || k == "name" ? key : k, out);
    return;
  }
  if (j.is_array()) {
    std::string text;
    for (const util::Json& e : j) {
      std::string item = e.is_object() ? scalar_text(e.value("name", util::Json())) : scalar_text(e);
      if (e.is_object() && e.contains("alpha")) item += fmt::format(" (alpha {})", scalar_text(e.at("alpha")));
      text += (text.empty() ? "" : ",") + item;
    }
    out.emplace_back(key, text);
    return;
  }
  out.emplace_back(key, scalar_text(j));
}

}  // namespace

// The fields of RunConfig, once: written and read in this order.
#define NNVIZ_RUN_CONFIG_FIELDS dataset, data_file, seed, validation_split, architecture, training

void to_json(util::Json& nlohmann_json_j, const RunConfig& nlohmann_json_t) {
  nlohmann_json_j = util::Json::object();
  NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_TO, NNVIZ_RUN_CONFIG_FIELDS))
}

void from_json(const util::Json& nlohmann_json_j, RunConfig& nlohmann_json_t) {
  NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_FROM, NNVIZ_RUN_CONFIG_FIELDS))
}

bool operator==(const RunConfig& a, const RunConfig& b) { return util::Json(a) == util::Json(b); }

std::string scalar_text(const util::Json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null()) return {};
  if (j.is_number_float()) return fmt::format("{}", j.get<double>());
  return j.dump();
}

RunConfig config_from_flat(const util::Json& flat) {
  RunConfig c;
  if (!flat.is_object()) return c;
  if (flat.contains("dataset")) {
    const std::string name = flat.at("dataset").get<std::string>();
    const auto& names = data::dataset_names();
    if (std::find(names.begin(), names.end(), name) != names.end())
      c.dataset.name = name;
    else
      c.data_file = name;  // the data file, as far as the old file knew it
  }
  if (flat.contains("seed")) c.seed = flat.at("seed").get<std::uint32_t>();
  if (flat.contains("validation_split")) c.validation_split = flat.at("validation_split").get<double>();
  if (flat.contains("hidden")) c.architecture.hidden = parse_units(flat.at("hidden").get<std::string>());
  if (flat.contains("activation")) {
    c.architecture.activations.clear();
    const std::string names = flat.at("activation").get<std::string>();
    std::string part;
    for (std::size_t i = 0; i <= names.size(); ++i) {
      if (i == names.size() || names[i] == ',') {
        if (!part.empty()) c.architecture.activations.push_back(model::Activation::parse(part));
        part.clear();
      } else {
        part += names[i];
      }
    }
    if (c.architecture.activations.size() == 1)
      c.architecture.activations.assign(c.architecture.hidden.size(), c.architecture.activations.front());
  }
  if (flat.contains("init")) c.architecture.init = model::parse_init(flat.at("init").get<std::string>());
  if (flat.contains("optimizer")) c.training.optimizer.kind = train::parse_optimizer(flat.at("optimizer").get<std::string>());
  if (flat.contains("lr")) c.training.optimizer.lr = flat.at("lr").get<double>();
  if (flat.contains("batch_size")) c.training.batch_size = flat.at("batch_size").get<int>();
  if (flat.contains("epochs")) c.training.epochs = flat.at("epochs").get<int>();
  if (flat.contains("stop_loss")) c.training.stop_loss = flat.at("stop_loss").get<double>();
  if (flat.contains("l2")) c.training.l2 = flat.at("l2").get<double>();
  return c;
}

std::vector<std::pair<std::string, std::string>> config_settings(const RunConfig& c) {
  util::Json j = c;
  // With a data file the generator's settings decide nothing.
  if (c.data_file) j.erase("dataset");
  std::vector<std::pair<std::string, std::string>> out;
  flatten(j, "", out);
  return out;
}

}  // namespace nnviz::run
