#include "nnviz/run/run_config.hpp"

#include "nnviz/train/optimizer.hpp"

namespace nnviz::run {
namespace {

std::string joined(const std::vector<int>& units) {
  std::string s;
  for (int u : units) s += (s.empty() ? "" : "-") + std::to_string(u);
  return s;
}

}  // namespace

util::Json config_json(const RunConfig& r, const std::string& dataset_name) {
  util::Json c = util::Json::object();
  c["dataset"] = dataset_name;
  c["seed"] = static_cast<double>(r.seed);
  c["hidden"] = joined(r.architecture.hidden);
  std::string acts;
  for (const model::Activation& a : r.architecture.activations) acts += (acts.empty() ? "" : ",") + a.name();
  c["activation"] = acts;
  c["init"] = model::init_name(r.architecture.init);
  c["optimizer"] = train::optimizer_name(r.training.optimizer.kind);
  c["lr"] = r.training.optimizer.lr;
  c["batch_size"] = r.training.batch_size;
  c["epochs"] = r.training.epochs;
  c["stop_loss"] = r.training.stop_loss;
  c["l2"] = r.training.l2;
  c["validation_split"] = r.validation_split;
  return c;
}

}  // namespace nnviz::run
