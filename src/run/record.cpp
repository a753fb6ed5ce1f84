#include "nnviz/run/record.hpp"

#include "nnviz/train/schedule.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "nnviz/data/csv.hpp"
#include "nnviz/util/atomic_file.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"
#include "nnviz/util/printable.hpp"

namespace nnviz::run {
namespace {

constexpr const char* kFormat = "nnviz-run/2";
constexpr const char* kFormatV1 = "nnviz-run/1";  // flat config, top-level hidden and activations

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

// What a weights file may hold, checked as it is read so that a hand-edited or hostile file is
// refused naming the value, not rendered into a non-finite picture after all the work:
// coordinates as a CSV file may hold them; weights far beyond what training reaches (the
// pictures' single-precision pass overflows soon after).
constexpr double max_weight = 1e15;

std::string bound_text(double bound) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", bound);
  return text;
}

// A finite number of magnitude at most `bound`, or UsageError naming `what`.
double bounded_number(const util::Json& j, double bound, const std::string& what) {
  if (!j.is_number()) throw UsageError(what + ": expected a number, found " + util::printable(j.dump()));
  const double v = j.get<double>();
  if (!(std::abs(v) <= bound))
    throw UsageError(what + ": " + util::printable(j.dump()) + " is out of range (at most " + bound_text(bound) +
                     " in magnitude)");
  return v;
}

// Names in a weights file are text: a NUL ("\u0000") is refused here, with the value escaped,
// before it reaches a message of a lower module, where it would cut the message short (other
// control characters are escaped where messages are shown).
void check_text(const util::Json& j, const std::string& where) {
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    if (s.find('\0') != std::string::npos) throw UsageError(where + ": " + util::quoted(s, 80) + " holds a NUL byte");
  } else if (j.is_object()) {
    for (const auto& [key, value] : j.items()) check_text(value, where + "." + util::printable(key));
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) check_text(j[i], where + "[" + std::to_string(i) + "]");
  }
}

Eigen::MatrixXd matrix_from_json(const util::Json& j, Eigen::Index rows, Eigen::Index cols, const std::string& what,
                                 double bound) {
  if (!j.is_array() || static_cast<Eigen::Index>(j.size()) != rows)
    throw UsageError(what + ": expected " + std::to_string(rows) + " rows");
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const util::Json& row = j.at(static_cast<std::size_t>(r));
    if (!row.is_array() || static_cast<Eigen::Index>(row.size()) != cols)
      throw UsageError(what + ": expected " + std::to_string(cols) + " columns in row " + std::to_string(r));
    for (Eigen::Index c = 0; c < cols; ++c)
      m(r, c) = bounded_number(row.at(static_cast<std::size_t>(c)), bound,
                               what + " row " + std::to_string(r) + " column " + std::to_string(c));
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
  if (!y.is_array()) throw UsageError(what + ".y: expected an array");
  const auto n = static_cast<Eigen::Index>(y.size());
  d.X = matrix_from_json(j.at("X"), n, 2, what + ".X", data::max_csv_coordinate);
  d.y.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    d.y(i) = y.at(static_cast<std::size_t>(i)).get<double>();
    if (d.y(i) != 0.0 && d.y(i) != 1.0)
      throw UsageError(what + ".y: label " + util::printable(y.at(static_cast<std::size_t>(i)).dump()) + " (row " +
                       std::to_string(i) + ") is not 0 or 1");
  }
  return d;
}

train::Metrics metrics_from_json(const util::Json& j) {
  train::Metrics m;
  m.epoch = j.at("epoch").get<int>();
  // Files before frame schedules have no step: -1 until the record knows its steps per epoch.
  m.step = j.contains("step") ? j.at("step").get<std::int64_t>() : -1;
  // NaN losses and accuracies (a diverged run) are written as null.
  const auto number = [&](const char* key) { return j.at(key).is_null() ? std::nan("") : j.at(key).get<double>(); };
  m.loss = number("loss");
  m.accuracy = number("accuracy");
  if (auto v = j.find("val_loss"); v != j.end() && v->is_number()) m.val_loss = v->get<double>();
  if (auto v = j.find("val_accuracy"); v != j.end() && v->is_number()) m.val_accuracy = v->get<double>();
  if (auto v = j.find("lr"); v != j.end()) m.lr = v->get<double>();
  if (auto v = j.find("wall_seconds"); v != j.end()) m.wall_seconds = v->get<double>();
  return m;
}

}  // namespace

util::Json metrics_json(const train::Metrics& m, bool timing) {
  util::Json j = util::Json::object();
  j["epoch"] = m.epoch;
  j["step"] = m.step;
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

namespace {

// Everything but the frames (the key "frames" comes last).
util::Json record_head(const RunRecord& r) {
  util::Json j = util::Json::object();
  j["format"] = kFormat;
  j["config"] = r.config;
  j["dataset"] = r.train.name;
  j["train"] = dataset_to_json(r.train);
  j["validation"] = dataset_to_json(r.validation);
  j["stop_reason"] = train::stop_reason_name(r.reason);
  j["message"] = r.message;
  return j;
}

util::Json frame_to_json(const train::Checkpoint& c) {
  util::Json f = metrics_json(c.metrics);
  util::Json layers = util::Json::array();
  const model::Network network = c.network();
  for (const model::Dense& d : network.layers) {
    util::Json layer = util::Json::object();
    layer["kernel"] = matrix_to_json(d.W);  // (in, out): Keras layout [input][unit]
    layer["bias"] = vector_to_json(d.b.transpose());
    layers.push_back(std::move(layer));
  }
  f["layers"] = std::move(layers);
  return f;
}

void write_all(int fd, const std::string& text, const std::filesystem::path& named) {
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error("cannot write '" + named.string() + "': " + std::strerror(errno));
    written += static_cast<std::size_t>(n);
  }
}

}  // namespace

util::Json record_to_json(const RunRecord& r) {
  util::Json j = record_head(r);
  util::Json frames = util::Json::array();
  for (const train::Checkpoint& c : r.checkpoints) frames.push_back(frame_to_json(c));
  j["frames"] = std::move(frames);
  return j;
}

void write_record_text(const RunRecord& r, const std::filesystem::path& path, const std::filesystem::path& named,
                       const util::InterruptFlag* interrupt) {
  // record_to_json(r).dump() without the whole document in memory: the head's dump with its
  // closing brace replaced by the frames, each dumped as it comes (the same bytes, as "frames"
  // is the last key and dump() writes no spaces).
  std::string head = record_head(r).dump();
  head.pop_back();  // '}'
  head += head.size() > 1 ? ",\"frames\":[" : "\"frames\":[";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw Error("cannot create '" + named.string() + "': " + std::strerror(errno));
  try {
    write_all(fd, head, named);
    for (std::size_t f = 0; f < r.checkpoints.size(); ++f) {
      if (interrupt != nullptr && interrupt->raised())
        throw Interrupted(interrupt->signal(), "interrupted while writing " + util::printable(named.string()));
      write_all(fd, (f > 0 ? "," : "") + frame_to_json(r.checkpoints[f]).dump(), named);
    }
    write_all(fd, "]}\n", named);
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0) throw Error("cannot write '" + named.string() + "': " + std::strerror(errno));
}

RunRecord record_from_json(const util::Json& j, const std::string& source, const util::InterruptFlag* interrupt) {
  const std::string shown = util::printable(source);
  try {
    const bool v1 = j.is_object() && j.contains("format") && j.at("format") == kFormatV1;
    if (!j.is_object() || !j.contains("format") || !(v1 || j.at("format") == kFormat))
      throw UsageError(source + ": not an nnviz weights file (expected \"format\": \"" + kFormat + "\")");
    for (const char* key : {"config", "dataset", "hidden", "activations"})
      if (j.contains(key)) check_text(j.at(key), shown + ": " + key);
    RunRecord r;
    if (v1) {
      // The flat text config (without momentum, samples, ...; activations without alpha) and the
      // network's shape beside it: recover what they hold.
      r.config = config_from_flat(j.value("config", util::Json::object()));
      r.config.architecture.hidden.clear();
      for (const util::Json& h : j.at("hidden")) {
        const double units = h.get<double>();  // checked before it becomes an int
        if (!(units >= 1 && units <= 1024)) throw UsageError(source + ": hidden layer width out of range");
        r.config.architecture.hidden.push_back(static_cast<int>(units));
      }
      r.config.architecture.activations.clear();
      for (const util::Json& a : j.at("activations"))
        r.config.architecture.activations.push_back(model::Activation::parse(a.get<std::string>()));
    } else {
      r.config = j.at("config").get<RunConfig>();
    }
    const model::Architecture& arch = r.config.architecture;
    if (arch.inputs != 2) throw UsageError(source + ": the network needs 2 inputs");
    for (int h : arch.hidden)
      if (h < 1 || h > 1024) throw UsageError(source + ": hidden layer width out of range");
    if (arch.hidden.empty() || arch.activations.size() != arch.hidden.size())
      throw UsageError(source + ": needs one activation per hidden layer");
    for (const model::Activation& a : arch.activations)
      if (a.kind == model::ActivationKind::leaky_relu && !(a.alpha >= 0.0 && a.alpha <= model::max_leaky_alpha))
        throw UsageError(source + ": leaky_relu's alpha " + util::printable(util::Json(a.alpha).dump()) +
                         " is out of range (0 to 1000)");
    const std::string name = j.at("dataset").get<std::string>();
    r.train = dataset_from_json(j.at("train"), name, source + ": train");
    r.validation = dataset_from_json(j.at("validation"), name, source + ": validation");
    if (r.train.size() < 2) throw UsageError(source + ": needs at least 2 training points");
    r.message = j.contains("message") ? j.at("message").get<std::string>() : "";
    std::vector<int> widths{2};
    widths.insert(widths.end(), arch.hidden.begin(), arch.hidden.end());
    widths.push_back(1);
    const util::Json& frames = j.at("frames");
    train::CheckpointStore store;  // a long run's weights past its budget go to a temporary file
    if (!frames.is_array()) throw UsageError(source + ": frames: expected an array");
    for (std::size_t f = 0; f < frames.size(); ++f) {
      if (interrupt != nullptr && interrupt->raised())
        throw Interrupted(interrupt->signal(), "interrupted while reading " + shown + ": nothing was written");
      const util::Json& frame = frames.at(f);
      train::Metrics metrics = metrics_from_json(frame);
      model::Network network;
      const util::Json& layers = frame.at("layers");
      if (!layers.is_array() || layers.size() != widths.size() - 1)
        throw UsageError(source + ": frame " + std::to_string(f) + " has the wrong number of layers");
      for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
        const std::string what = source + ": frame " + std::to_string(f) + " layer " + std::to_string(l);
        model::Dense d;
        d.W = matrix_from_json(layers.at(l).at("kernel"), widths[l], widths[l + 1], what + " kernel", max_weight);
        d.b = matrix_from_json(util::Json::array({layers.at(l).at("bias")}), 1, widths[l + 1], what + " bias",
                               max_weight);
        network.layers.push_back(std::move(d));
      }
      network.hidden_activations = arch.activations;
      r.checkpoints.emplace_back(std::move(metrics), store.keep(std::move(network)));
    }
    if (r.checkpoints.empty()) throw UsageError(source + ": has no frames");
    // A file before frame schedules had a frame per epoch: its steps follow from the epochs.
    const std::int64_t per_epoch = train::steps_per_epoch(r.train.size(), r.config.training.batch_size);
    for (train::Checkpoint& c : r.checkpoints)
      if (c.metrics.step < 0) c.metrics.step = static_cast<std::int64_t>(c.metrics.epoch) * per_epoch;
    return r;
  } catch (const Interrupted&) {
    throw;
  } catch (const UsageError& e) {
    const std::string what = util::printable(e.what());
    if (what.rfind(shown, 0) == 0) throw UsageError(what);
    throw UsageError(shown + ": " + what);  // e.g. an unknown activation name in the config
  } catch (const Error& e) {
    throw UsageError(shown + ": " + util::printable(e.what()));
  } catch (const util::Json::exception& e) {
    // nlohmann's errors (a missing key, a wrong type) say what; add which file.
    throw UsageError(shown + ": " + util::printable(util::json_error_text(e)));
  }
}

void write_record(const RunRecord& record, const std::filesystem::path& path, const util::InterruptFlag* interrupt) {
  util::AtomicFile file(path);
  write_record_text(record, file.temp_path(), path, interrupt);
  file.commit();
}

RunRecord read_record(const std::filesystem::path& path, const util::InterruptFlag* interrupt) {
  util::Json j;
  try {
    j = util::read_json_file(path, interrupt);
  } catch (const Interrupted&) {
    throw;
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  return record_from_json(j, path.string(), interrupt);
}

}  // namespace nnviz::run
