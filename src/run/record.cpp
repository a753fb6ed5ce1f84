#include "nnviz/run/record.hpp"

#include "nnviz/util/atomic_file.hpp"
#include "nnviz/util/error.hpp"

namespace nnviz::run {
namespace {

constexpr const char* kFormat = "nnviz-run/1";

util::Json matrix_to_json(const Eigen::MatrixXd& m) {  // rows outermost: [input][unit]
  util::Json rows = util::Json::array();
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    util::Json row = util::Json::array();
    for (Eigen::Index c = 0; c < m.cols(); ++c) row.push_back(m(r, c));
    rows.push_back(std::move(row));
  }
  return rows;
}

util::Json vector_to_json(const Eigen::VectorXd& v) {
  util::Json out = util::Json::array();
  for (Eigen::Index i = 0; i < v.size(); ++i) out.push_back(v(i));
  return out;
}

Eigen::MatrixXd matrix_from_json(const util::Json& j, Eigen::Index rows, Eigen::Index cols, const std::string& what) {
  if (!j.is_array() || static_cast<Eigen::Index>(j.size()) != rows)
    throw UsageError(what + ": expected " + std::to_string(rows) + " rows");
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const util::Json& row = j.at(static_cast<std::size_t>(r));
    if (!row.is_array() || static_cast<Eigen::Index>(row.size()) != cols)
      throw UsageError(what + ": expected " + std::to_string(cols) + " columns in row " + std::to_string(r));
    for (Eigen::Index c = 0; c < cols; ++c) m(r, c) = row.at(static_cast<std::size_t>(c)).as_number();
  }
  return m;
}

util::Json dataset_to_json(const data::Dataset& d) {
  util::Json j = util::Json::object();
  j["X"] = matrix_to_json(d.X);
  j["y"] = vector_to_json(d.y);
  return j;
}

data::Dataset dataset_from_json(const util::Json& j, const std::string& name, const std::string& what) {
  data::Dataset d;
  d.name = name;
  const util::Json& y = j.at("y");
  const auto n = static_cast<Eigen::Index>(y.size());
  d.X = matrix_from_json(j.at("X"), n, 2, what + ".X");
  d.y.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) d.y(i) = y.at(static_cast<std::size_t>(i)).as_number();
  return d;
}

train::Metrics metrics_from_json(const util::Json& j) {
  train::Metrics m;
  m.epoch = static_cast<int>(j.at("epoch").as_number());
  // NaN losses (a diverged run) are written as null.
  m.loss = j.at("loss").is_null() ? std::nan("") : j.at("loss").as_number();
  m.accuracy = j.at("accuracy").as_number();
  if (const util::Json* v = j.find("val_loss"); v && v->is_number()) m.val_loss = v->as_number();
  if (const util::Json* v = j.find("val_accuracy"); v && v->is_number()) m.val_accuracy = v->as_number();
  if (const util::Json* v = j.find("lr")) m.lr = v->as_number();
  if (const util::Json* v = j.find("wall_seconds")) m.wall_seconds = v->as_number();
  return m;
}

}  // namespace

util::Json metrics_json(const train::Metrics& m, bool timing) {
  util::Json j = util::Json::object();
  j["epoch"] = m.epoch;
  j["loss"] = m.loss;
  j["accuracy"] = m.accuracy;
  if (m.val_loss) j["val_loss"] = *m.val_loss;
  if (m.val_accuracy) j["val_accuracy"] = *m.val_accuracy;
  if (timing) {
    j["lr"] = m.lr;
    j["wall_seconds"] = m.wall_seconds;
  }
  return j;
}

util::Json metrics_to_json(const std::vector<train::Checkpoint>& checkpoints) {
  util::Json frames = util::Json::array();
  for (const train::Checkpoint& c : checkpoints) frames.push_back(metrics_json(c.metrics));
  return frames;
}

util::Json record_to_json(const RunRecord& r) {
  util::Json j = util::Json::object();
  j["format"] = kFormat;
  j["config"] = r.config;
  util::Json hidden = util::Json::array();
  for (int h : r.hidden) hidden.push_back(h);
  util::Json acts = util::Json::array();
  for (const std::string& a : r.activations) acts.push_back(a);
  j["hidden"] = std::move(hidden);
  j["activations"] = std::move(acts);
  j["dataset"] = r.train.name;
  j["train"] = dataset_to_json(r.train);
  j["validation"] = dataset_to_json(r.validation);
  j["stop_reason"] = train::stop_reason_name(r.reason);
  j["message"] = r.message;
  util::Json frames = util::Json::array();
  for (const train::Checkpoint& c : r.checkpoints) {
    util::Json f = metrics_json(c.metrics);
    util::Json layers = util::Json::array();
    for (const model::Dense& d : c.network.layers) {
      util::Json layer = util::Json::object();
      layer["kernel"] = matrix_to_json(d.W);  // (in, out): Keras layout [input][unit]
      layer["bias"] = vector_to_json(d.b.transpose());
      layers.push_back(std::move(layer));
    }
    f["layers"] = std::move(layers);
    frames.push_back(std::move(f));
  }
  j["frames"] = std::move(frames);
  return j;
}

RunRecord record_from_json(const util::Json& j, const std::string& source) {
  try {
    if (!j.is_object() || !j.contains("format") || j.at("format").as_string() != kFormat)
      throw UsageError(source + ": not an nnviz weights file (expected \"format\": \"" + kFormat + "\")");
    RunRecord r;
    if (const util::Json* c = j.find("config")) r.config = *c;
    for (std::size_t i = 0; i < j.at("hidden").size(); ++i) {
      const double h = j.at("hidden").at(i).as_number();
      if (!(h >= 1 && h <= 1024)) throw UsageError(source + ": hidden layer width out of range");
      r.hidden.push_back(static_cast<int>(h));
    }
    for (std::size_t i = 0; i < j.at("activations").size(); ++i) {
      const std::string& name = j.at("activations").at(i).as_string();
      model::Activation::parse(name);  // validates
      r.activations.push_back(name);
    }
    if (r.hidden.empty() || r.activations.size() != r.hidden.size())
      throw UsageError(source + ": needs one activation per hidden layer");
    const std::string name = j.at("dataset").as_string();
    r.train = dataset_from_json(j.at("train"), name, source + ": train");
    r.validation = dataset_from_json(j.at("validation"), name, source + ": validation");
    if (r.train.size() < 2) throw UsageError(source + ": needs at least 2 training points");
    r.message = j.contains("message") ? j.at("message").as_string() : "";
    std::vector<int> widths{2};
    widths.insert(widths.end(), r.hidden.begin(), r.hidden.end());
    widths.push_back(1);
    for (std::size_t f = 0; f < j.at("frames").size(); ++f) {
      const util::Json& frame = j.at("frames").at(f);
      train::Checkpoint c;
      c.metrics = metrics_from_json(frame);
      const util::Json& layers = frame.at("layers");
      if (layers.size() != widths.size() - 1) throw UsageError(source + ": frame " + std::to_string(f) + " has the wrong number of layers");
      for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
        const std::string what = source + ": frame " + std::to_string(f) + " layer " + std::to_string(l);
        model::Dense d;
        d.W = matrix_from_json(layers.at(l).at("kernel"), widths[l], widths[l + 1], what + " kernel");
        d.b = matrix_from_json(util::Json(util::Json::Array{layers.at(l).at("bias")}), 1, widths[l + 1], what + " bias");
        c.network.layers.push_back(std::move(d));
      }
      for (const std::string& a : r.activations) c.network.hidden_activations.push_back(model::Activation::parse(a));
      r.checkpoints.push_back(std::move(c));
    }
    if (r.checkpoints.empty()) throw UsageError(source + ": has no frames");
    return r;
  } catch (const UsageError&) {
    throw;
  } catch (const Error& e) {
    // Json's own errors (a missing key, a wrong type) say what; add which file.
    throw UsageError(source + ": " + e.what());
  }
}

void write_record(const RunRecord& record, const std::filesystem::path& path) {
  util::write_file_atomically(path, record_to_json(record).dump() + "\n");
}

RunRecord read_record(const std::filesystem::path& path) {
  util::Json j;
  try {
    j = util::read_json_file(path);
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  return record_from_json(j, path.string());
}

}  // namespace nnviz::run
