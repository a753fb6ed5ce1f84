#include "nnviz/app/metrics_io.hpp"

#include <spdlog/fmt/fmt.h>

#include <iterator>
#include <string>

#include "nnviz/run/record.hpp"
#include "nnviz/util/names.hpp"
#include "nnviz/util/atomic_file.hpp"
#include "nnviz/util/json.hpp"

namespace nnviz::app {
namespace {

// Shortest representation that reads back to the same double.
void append_number(std::string& out, double value) { fmt::format_to(std::back_inserter(out), "{}", value); }

bool has_validation(const std::vector<train::Checkpoint>& checkpoints) {
  return !checkpoints.empty() && checkpoints.front().metrics.val_loss.has_value();
}

}  // namespace

std::string metrics_to_csv(const std::vector<train::Checkpoint>& checkpoints) {
  const bool val = has_validation(checkpoints);
  std::string out = val ? "epoch,step,loss,accuracy,val_loss,val_accuracy,lr,wall_seconds\n"
                        : "epoch,step,loss,accuracy,lr,wall_seconds\n";
  for (const train::Checkpoint& c : checkpoints) {
    const train::Metrics& m = c.metrics;
    out += std::to_string(m.epoch) + ',' + std::to_string(m.step);
    for (double v : {m.loss, m.accuracy}) {
      out += ',';
      append_number(out, v);
    }
    if (val) {
      out += ',';
      append_number(out, m.val_loss.value_or(0.0));
      out += ',';
      append_number(out, m.val_accuracy.value_or(0.0));
    }
    out += ',';
    append_number(out, m.lr);
    out += ',';
    append_number(out, m.wall_seconds);
    out += '\n';
  }
  return out;
}

std::string metrics_text(const std::vector<train::Checkpoint>& checkpoints, const std::filesystem::path& path) {
  if (util::ascii_lower(path.extension().string()) == ".json") {  // any case: x.JSON is JSON
    util::Json doc = util::Json::object();
    doc["frames"] = run::metrics_to_json(checkpoints);
    return doc.dump(1) + "\n";
  }
  return metrics_to_csv(checkpoints);
}

void write_metrics(const std::vector<train::Checkpoint>& checkpoints, const std::filesystem::path& path) {
  util::write_file_atomically(path, metrics_text(checkpoints, path));
}

}  // namespace nnviz::app
