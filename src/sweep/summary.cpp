#include "nnviz/sweep/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "nnviz/util/atomic_file.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/names.hpp"

namespace nnviz::sweep {
namespace fs = std::filesystem;
namespace {

constexpr const char* format_tag = "nnviz-sweep/1";

// The option columns of the CSV, in the order of `nnviz train --help`'s model/training/data.
const std::vector<std::string>& option_keys() {
  static const std::vector<std::string> keys{"dataset", "hidden",     "activation", "optimizer", "lr",
                                             "batch_size", "epochs", "stop_loss",  "l2",        "seed"};
  return keys;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

// A JSON scalar as CSV text: numbers in their shortest round-trip form, strings as they are.
std::string scalar_text(const util::Json& j) {
  if (j.is_string()) return j.as_string();
  if (j.is_null()) return {};
  return j.dump();
}

template <class T>
util::Json optional_json(const std::optional<T>& v) {
  return v ? util::Json(*v) : util::Json();
}

template <class T>
std::string optional_text(const std::optional<T>& v) {
  return v ? util::Json(*v).dump() : std::string();
}

std::optional<double> optional_number(const util::Json& row, const char* key) {
  const util::Json* v = row.find(key);
  if (!v || v->is_null()) return std::nullopt;
  return v->as_number();
}

std::optional<int> optional_int(const util::Json& row, const char* key) {
  const std::optional<double> v = optional_number(row, key);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

util::Json axis_to_json(const Axis& a) {
  util::Json j = util::Json::object();
  j["key"] = a.key;
  j["option"] = a.option;
  j["prefix"] = a.prefix;
  util::Json values = util::Json::array();
  for (const std::string& v : a.values) values.push_back(v);
  j["values"] = std::move(values);
  util::Json labels = util::Json::array();
  for (const std::string& v : a.labels) labels.push_back(v);
  j["labels"] = std::move(labels);
  return j;
}

Axis axis_from_json(const util::Json& j) {
  Axis a;
  a.key = j.at("key").as_string();
  a.option = j.at("option").as_string();
  a.prefix = j.at("prefix").as_string();
  for (const util::Json& v : j.at("values").as_array()) a.values.push_back(v.as_string());
  for (const util::Json& v : j.at("labels").as_array()) a.labels.push_back(v.as_string());
  return a;
}

bool same_axes(const std::vector<Axis>& a, const std::vector<Axis>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].key != b[i].key || a[i].values != b[i].values) return false;
  return true;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// "0.254 (0.241–0.263)": the median and the range of the values; one value alone.
std::string median_range(const std::vector<double>& v, int decimals) {
  if (v.empty()) return "–";
  const std::string m = fixed(median(v), decimals);
  if (v.size() == 1) return m;
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return m + " (" + fixed(*lo, decimals) + "–" + fixed(*hi, decimals) + ")";
}

// Summaries travel with their folder (a shard copied back from a cluster): run folders are
// stored relative to the summary's folder.
std::string relative_dir(const fs::path& dir, const fs::path& base) {
  if (!dir.is_absolute()) return dir.generic_string();
  std::error_code ec;
  const fs::path rel = fs::relative(dir, fs::absolute(base), ec);
  return ec || rel.empty() ? dir.generic_string() : rel.generic_string();
}

}  // namespace

const util::NameTable<RunStatus>& status_table() {
  static const util::NameTable<RunStatus> table(
      "run status", "", {{RunStatus::ok, "ok"}, {RunStatus::failed, "failed"}, {RunStatus::interrupted, "interrupted"}});
  return table;
}

std::string status_name(RunStatus status) { return status_table().name(status); }

RunStatus parse_status(const std::string& name) { return status_table().parse(name); }

std::string summary_to_csv(const Summary& s, const fs::path& base) {
  std::string out = "index,name";
  for (const std::string& k : option_keys()) {
    out += ',';
    out += k;
  }
  out += ",status,reason,stop_reason,frames,final_epoch,final_loss,final_accuracy,best_epoch,best_loss,best_accuracy,"
         "stop_epoch,wall_seconds,dir\n";
  for (const SummaryRow& r : s.rows) {
    out += std::to_string(r.index) + "," + csv_field(r.name);
    for (const std::string& k : option_keys()) {
      const util::Json* v = r.options.find(k);
      out += ',';
      out += csv_field(v ? scalar_text(*v) : std::string());
    }
    out += "," + status_name(r.status) + "," + csv_field(r.reason) + "," + r.stop_reason + "," +
           std::to_string(r.frames) + "," + optional_text(r.final_epoch) + "," + optional_text(r.final_loss) + "," +
           optional_text(r.final_accuracy) + "," + optional_text(r.best_epoch) + "," + optional_text(r.best_loss) +
           "," + optional_text(r.best_accuracy) + "," + optional_text(r.stop_epoch) + "," +
           util::Json(r.wall_seconds).dump() + "," + csv_field(relative_dir(r.dir, base)) + "\n";
  }
  return out;
}

util::Json summary_to_json(const Summary& s, const fs::path& base) {
  util::Json j = util::Json::object();
  j["format"] = format_tag;
  j["grid_size"] = s.grid_size;
  util::Json axes = util::Json::array();
  for (const Axis& a : s.axes) axes.push_back(axis_to_json(a));
  j["axes"] = std::move(axes);
  if (s.shard) {
    util::Json shard = util::Json::object();
    shard["index"] = s.shard->index;
    shard["count"] = s.shard->count;
    j["shard"] = std::move(shard);
  } else {
    j["shard"] = nullptr;
  }
  util::Json rows = util::Json::array();
  for (const SummaryRow& r : s.rows) {
    util::Json row = util::Json::object();
    row["index"] = r.index;
    row["name"] = r.name;
    row["label"] = r.label;
    util::Json settings = util::Json::object();
    for (const auto& [k, v] : r.settings) settings[k] = v;
    row["settings"] = std::move(settings);
    row["options"] = r.options;
    row["status"] = status_name(r.status);
    row["reason"] = r.reason;
    row["stop_reason"] = r.stop_reason;
    row["frames"] = r.frames;
    row["final_epoch"] = optional_json(r.final_epoch);
    row["final_loss"] = optional_json(r.final_loss);
    row["final_accuracy"] = optional_json(r.final_accuracy);
    row["best_epoch"] = optional_json(r.best_epoch);
    row["best_loss"] = optional_json(r.best_loss);
    row["best_accuracy"] = optional_json(r.best_accuracy);
    row["stop_epoch"] = optional_json(r.stop_epoch);
    row["wall_seconds"] = r.wall_seconds;
    row["dir"] = relative_dir(r.dir, base);
    rows.push_back(std::move(row));
  }
  j["runs"] = std::move(rows);
  return j;
}

Summary summary_from_json(const util::Json& j, const fs::path& base, const std::string& source) {
  try {
    if (!j.is_object() || !j.contains("format") || j.at("format").as_string() != format_tag)
      throw Error(std::string("not an nnviz sweep summary (\"format\": \"") + format_tag + "\")");
    Summary s;
    s.grid_size = static_cast<std::size_t>(j.at("grid_size").as_number());
    for (const util::Json& a : j.at("axes").as_array()) s.axes.push_back(axis_from_json(a));
    if (const util::Json* shard = j.find("shard"); shard && !shard->is_null())
      s.shard = Shard{static_cast<int>(shard->at("index").as_number()), static_cast<int>(shard->at("count").as_number())};
    for (const util::Json& row : j.at("runs").as_array()) {
      SummaryRow r;
      r.index = static_cast<std::size_t>(row.at("index").as_number());
      if (r.index >= s.grid_size) throw Error("run index " + std::to_string(r.index) + " outside the grid");
      r.name = row.at("name").as_string();
      r.label = row.at("label").as_string();
      for (const auto& [k, v] : row.at("settings").as_object()) r.settings.emplace_back(k, v.as_string());
      r.options = row.at("options");
      r.status = parse_status(row.at("status").as_string());
      r.reason = row.at("reason").as_string();
      r.stop_reason = row.at("stop_reason").as_string();
      r.frames = static_cast<int>(row.at("frames").as_number());
      r.final_epoch = optional_int(row, "final_epoch");
      r.final_loss = optional_number(row, "final_loss");
      r.final_accuracy = optional_number(row, "final_accuracy");
      r.best_epoch = optional_int(row, "best_epoch");
      r.best_loss = optional_number(row, "best_loss");
      r.best_accuracy = optional_number(row, "best_accuracy");
      r.stop_epoch = optional_int(row, "stop_epoch");
      r.wall_seconds = row.at("wall_seconds").as_number();
      r.dir = fs::absolute(base / fs::path(row.at("dir").as_string())).lexically_normal();
      s.rows.push_back(std::move(r));
    }
    return s;
  } catch (const UsageError&) {
    throw;
  } catch (const Error& e) {
    throw UsageError(source + ": " + e.what());
  }
}

std::vector<fs::path> write_summary(const Summary& s, const fs::path& dir) {
  const std::string stem =
      s.shard && !s.shard->whole()
          ? "summary-shard-" + std::to_string(s.shard->index) + "-of-" + std::to_string(s.shard->count)
          : std::string("summary");
  const fs::path csv = dir / (stem + ".csv");
  const fs::path json = dir / (stem + ".json");
  util::write_file_atomically(csv, summary_to_csv(s, dir));
  util::write_file_atomically(json, summary_to_json(s, dir).dump(1) + "\n");
  return {csv, json};
}

std::vector<Summary> read_summaries(const fs::path& dir) {
  if (!fs::is_directory(dir)) throw UsageError("'" + dir.string() + "' is not a folder");
  std::vector<fs::path> files;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name.rfind("summary", 0) == 0 && e.path().extension() == ".json")
      files.push_back(e.path());
  }
  if (files.empty()) throw UsageError("'" + dir.string() + "' has no summary*.json (is it a `nnviz compare` folder?)");
  std::sort(files.begin(), files.end());
  std::vector<Summary> out;
  for (const fs::path& f : files) out.push_back(summary_from_json(util::read_json_file(f), dir, f.string()));
  return out;
}

Summary merge_summaries(const std::vector<Summary>& parts) {
  if (parts.empty()) throw UsageError("no summaries to merge");
  Summary merged;
  merged.grid_size = parts.front().grid_size;
  merged.axes = parts.front().axes;
  std::map<std::size_t, SummaryRow> rows;
  for (const Summary& p : parts) {
    if (p.grid_size != merged.grid_size || !same_axes(p.axes, merged.axes))
      throw UsageError("the summaries come from different grids (" + std::to_string(p.grid_size) + " vs " +
                       std::to_string(merged.grid_size) + " runs, or other option lists)");
    for (const SummaryRow& r : p.rows) rows[r.index] = r;
  }
  for (auto& [index, row] : rows) merged.rows.push_back(std::move(row));
  return merged;
}

std::string markdown_table(const Summary& s) {
  // Groups: every setting but the seed, in grid order of first appearance.
  struct Group {
    std::string label;
    int runs = 0;
    std::vector<double> loss, accuracy, best_loss, stop_epoch, wall;
  };
  std::vector<Group> groups;
  std::map<std::vector<std::pair<std::string, std::string>>, std::size_t> where;
  bool seeds_vary = false;
  for (const Axis& a : s.axes)
    if (a.key == "seed" && a.values.size() > 1) seeds_vary = true;
  for (const SummaryRow& r : s.rows) {
    std::vector<std::pair<std::string, std::string>> key;
    std::string label;
    for (std::size_t a = 0; a < s.axes.size() && a < r.settings.size(); ++a) {
      const Axis& axis = s.axes[a];
      if (axis.key == "seed") continue;
      key.push_back(r.settings[a]);
      if (axis.values.size() < 2) continue;
      const auto it = std::find(axis.values.begin(), axis.values.end(), r.settings[a].second);
      const std::string shown = axis.labels.empty() || it == axis.values.end()
                                    ? r.settings[a].second
                                    : axis.labels[static_cast<std::size_t>(it - axis.values.begin())];
      label += (label.empty() ? "" : ", ") + (axis.prefix.empty() ? shown : axis.prefix + " " + shown);
    }
    auto [it, fresh] = where.emplace(key, groups.size());
    if (fresh) {
      groups.emplace_back();
      groups.back().label = label.empty() ? std::string("all") : label;
    }
    Group& g = groups[it->second];
    ++g.runs;
    if (r.status != RunStatus::ok || !r.final_loss) continue;
    g.loss.push_back(*r.final_loss);
    g.accuracy.push_back(r.final_accuracy.value_or(0.0));
    g.best_loss.push_back(r.best_loss.value_or(*r.final_loss));
    if (r.stop_epoch) g.stop_epoch.push_back(*r.stop_epoch);
    g.wall.push_back(r.wall_seconds);
  }
  // The best setting first; settings without a finished run last, in grid order.
  std::stable_sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
    if (a.loss.empty() || b.loss.empty()) return !a.loss.empty() && b.loss.empty();
    return median(a.loss) < median(b.loss);
  });

  std::string out = seeds_vary ? "Runs grouped over seeds: median (min–max); best first.\n\n"
                               : "Median (min–max) over the runs of each setting; best first.\n\n";
  out += "| setting | ok/runs | final loss | final accuracy | best loss | epoch at stop-loss | wall s |\n";
  out += "| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const Group& g : groups) {
    std::string stop = median_range(g.stop_epoch, 0);
    if (!g.loss.empty() && g.stop_epoch.size() != g.loss.size())
      stop += " [" + std::to_string(g.stop_epoch.size()) + "/" + std::to_string(g.loss.size()) + " reached]";
    out += "| " + g.label + " | " + std::to_string(g.loss.size()) + "/" + std::to_string(g.runs) + " | " +
           median_range(g.loss, 3) + " | " + median_range(g.accuracy, 3) + " | " + median_range(g.best_loss, 3) +
           " | " + stop + " | " + median_range(g.wall, 2) + " |\n";
  }
  const std::size_t missing = s.grid_size > s.rows.size() ? s.grid_size - s.rows.size() : 0;
  if (missing > 0) out += "\n" + std::to_string(missing) + " of " + std::to_string(s.grid_size) + " runs have no result here.\n";
  return out;
}

}  // namespace nnviz::sweep
