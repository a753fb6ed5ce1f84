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

constexpr const char* format_tag = "nnviz-sweep/2";
constexpr const char* format_tag_v1 = "nnviz-sweep/1";  // options as flat text

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

// The CSV's option columns, in the order of `nnviz train --help`'s model/training/data, as text
// of the typed options' JSON: numbers in their shortest round-trip form, strings as they are.
std::vector<std::string> option_columns(const util::Json& o) {
  const util::Json& arch = o.at("architecture");
  std::string hidden;
  for (const util::Json& h : arch.at("hidden")) hidden += (hidden.empty() ? "" : ",") + run::scalar_text(h);
  // One name when every layer has the same activation (as it was asked for).
  std::string acts;
  bool same = true;
  const util::Json& list = arch.at("activations");
  for (const util::Json& a : list) {
    acts += (acts.empty() ? "" : ",") + run::scalar_text(a.at("name"));
    same = same && a.at("name") == list.front().at("name");
  }
  const util::Json& training = o.at("training");
  const util::Json& optimizer = training.at("optimizer");
  return {o.at("data_file").is_null() ? run::scalar_text(o.at("dataset").at("name")) : run::scalar_text(o.at("data_file")),
          hidden,
          same && !list.empty() ? run::scalar_text(list.front().at("name")) : acts,
          run::scalar_text(optimizer.at("kind")),
          run::scalar_text(optimizer.at("lr")),
          run::scalar_text(training.at("batch_size")),
          run::scalar_text(training.at("epochs")),
          run::scalar_text(training.at("stop_loss")),
          run::scalar_text(training.at("l2")),
          run::scalar_text(o.at("seed"))};
}

// A row's folder as written: relative to the summary's folder (see relative_dir).
std::string relative_dir(const fs::path& dir, const fs::path& base);

}  // namespace

// The row and its parts by field; ADL finds these (status by its name).
inline void to_json(util::Json& j, const RunStatus& s) { j = status_name(s); }
inline void from_json(const util::Json& j, RunStatus& s) { s = parse_status(j.get<std::string>()); }
NNVIZ_JSON_FIELDS(Axis, key, option, prefix, values, labels)
NNVIZ_JSON_FIELDS(Shard, index, count)

namespace {

// The fields of a row, once, in file order (CSV: these less label and settings, with the option
// columns for "options"). `dir` is the folder as written; the readers make it absolute.
util::Json row_to_json(const SummaryRow& r, const fs::path& base) {
  util::Json settings = util::Json::object();
  for (const auto& [k, v] : r.settings) settings[k] = v;
  return util::Json{{"index", r.index},           {"name", r.name},
                    {"label", r.label},           {"settings", std::move(settings)},
                    {"options", r.options},       {"status", r.status},
                    {"reason", r.reason},         {"stop_reason", r.stop_reason},
                    {"frames", r.frames},         {"final_epoch", r.final_epoch},
                    {"final_loss", r.final_loss}, {"final_accuracy", r.final_accuracy},
                    {"best_epoch", r.best_epoch}, {"best_loss", r.best_loss},
                    {"best_accuracy", r.best_accuracy}, {"stop_epoch", r.stop_epoch},
                    {"wall_seconds", r.wall_seconds}, {"dir", relative_dir(r.dir, base)}};
}

SummaryRow row_from_json(const util::Json& j, const fs::path& base, bool flat_options) {
  SummaryRow r;
  r.index = util::whole_number<std::size_t>(j.at("index"));
  j.at("name").get_to(r.name);
  j.at("label").get_to(r.label);
  for (const auto& [k, v] : j.at("settings").items()) r.settings.emplace_back(k, v.get<std::string>());
  r.options = flat_options ? run::config_from_flat(j.at("options")) : j.at("options").get<run::RunConfig>();
  j.at("status").get_to(r.status);
  j.at("reason").get_to(r.reason);
  j.at("stop_reason").get_to(r.stop_reason);
  j.at("frames").get_to(r.frames);
  j.at("final_epoch").get_to(r.final_epoch);
  j.at("final_loss").get_to(r.final_loss);
  j.at("final_accuracy").get_to(r.final_accuracy);
  j.at("best_epoch").get_to(r.best_epoch);
  j.at("best_loss").get_to(r.best_loss);
  j.at("best_accuracy").get_to(r.best_accuracy);
  j.at("stop_epoch").get_to(r.stop_epoch);
  j.at("wall_seconds").get_to(r.wall_seconds);
  r.dir = fs::absolute(base / fs::path(j.at("dir").get<std::string>())).lexically_normal();
  return r;
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
  std::string out = "index,name,dataset,hidden,activation,optimizer,lr,batch_size,epochs,stop_loss,l2,seed,"
                    "status,reason,stop_reason,frames,final_epoch,final_loss,final_accuracy,best_epoch,best_loss,"
                    "best_accuracy,stop_epoch,wall_seconds,dir\n";
  for (const SummaryRow& r : s.rows) {
    // The columns are the row's JSON, less label and settings, with the options spread out.
    const util::Json j = row_to_json(r, base);
    std::vector<std::string> cells;
    for (const auto& [key, value] : j.items()) {
      if (key == "label" || key == "settings") continue;
      if (key == "options") {
        for (const std::string& c : option_columns(value)) cells.push_back(c);
        continue;
      }
      cells.push_back(run::scalar_text(value));
    }
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_field(cells[i]);
    out += '\n';
  }
  return out;
}

util::Json summary_to_json(const Summary& s, const fs::path& base) {
  util::Json rows = util::Json::array();
  for (const SummaryRow& r : s.rows) rows.push_back(row_to_json(r, base));
  return util::Json{{"format", format_tag}, {"grid_size", s.grid_size}, {"axes", s.axes},
                    {"shard", s.shard},     {"runs", std::move(rows)}};
}

Summary summary_from_json(const util::Json& j, const fs::path& base, const std::string& source) {
  try {
    const bool v1 = j.is_object() && j.contains("format") && j.at("format") == format_tag_v1;
    if (!j.is_object() || !j.contains("format") || !(v1 || j.at("format") == format_tag))
      throw Error(std::string("not an nnviz sweep summary (\"format\": \"") + format_tag + "\")");
    Summary s;
    s.grid_size = util::whole_number<std::size_t>(j.at("grid_size"));
    j.at("axes").get_to(s.axes);
    j.at("shard").get_to(s.shard);
    for (const util::Json& row : j.at("runs")) {
      SummaryRow r = row_from_json(row, base, v1);
      if (r.index >= s.grid_size) throw Error("run index " + std::to_string(r.index) + " outside the grid");
      s.rows.push_back(std::move(r));
    }
    return s;
  } catch (const UsageError& e) {
    const std::string what = e.what();
    if (what.rfind(source, 0) == 0) throw;
    throw UsageError(source + ": " + what);
  } catch (const Error& e) {
    throw UsageError(source + ": " + e.what());
  } catch (const util::Json::exception& e) {
    throw UsageError(source + ": " + util::json_error_text(e));
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
  for (const fs::path& f : files) {
    util::Json j;
    try {
      j = util::read_json_file(f);
    } catch (const UsageError&) {
      throw;
    } catch (const Error& e) {
      throw UsageError(e.what());
    }
    out.push_back(summary_from_json(j, dir, f.string()));
  }
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
