#include "nnviz/app/train_run.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <csignal>
#include <memory>

#include "nnviz/app/metrics_io.hpp"
#include "nnviz/data/csv.hpp"
#include "nnviz/scene/mesh.hpp"
#include "nnviz/scene/scene.hpp"
#include "nnviz/util/atomic_file.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"
#include "nnviz/util/numpy_random.hpp"

namespace nnviz::app {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Data {
  data::Dataset train;
  data::Dataset validation;  // 0 rows without --validation-split
};

// One generator drives the whole run, in this order: the dataset (so `blobs` with seed 12345 is
// the notebook's), the validation split, the initial weights, the per-epoch shuffles.
Data load_data(const TrainRequest& request, util::NumpyRandom& rng) {
  data::Dataset all = request.data_file ? data::read_csv(*request.data_file) : data::make_dataset(request.dataset, rng);
  if (request.validation_split > 0.0) {
    auto [train_part, val_part] = data::split_stratified(all, request.validation_split, rng);
    return {std::move(train_part), std::move(val_part)};
  }
  data::Dataset empty;
  empty.X.resize(0, 2);
  empty.y.resize(0);
  return {std::move(all), std::move(empty)};
}

void check_outputs_up_front(const TrainRequest& request, encode::Format format) {
  if (!request.no_video && !(format == encode::Format::raw && request.output == "-")) {
    if (format != encode::Format::png) util::check_writable_output(request.output, "--output");
    if (!request.encode.overwrite && fs::exists(request.output) && format != encode::Format::png)
      throw UsageError("--output: '" + request.output.string() +
                       "' already exists (drop -n/--no-overwrite to replace it)");
  }
  if (request.frames_dir && !fs::is_directory(*request.frames_dir))
    throw UsageError("--frames: '" + request.frames_dir->string() + "' is not an existing folder");
  if (request.metrics_file) util::check_writable_output(*request.metrics_file, "--metrics");
  if (request.weights_file) util::check_writable_output(*request.weights_file, "--save-weights");
}

// Renders and encodes every checkpoint. Returns the number of frames written.
int render_video(const TrainRequest& request, encode::Format format, const Data& data,
                 const std::vector<train::Checkpoint>& checkpoints, const util::InterruptFlag& interrupt,
                 std::vector<fs::path>& outputs) {
  Eigen::MatrixXd all_x(data.train.size() + data.validation.size(), 2);  // (n, 2)
  all_x.topRows(data.train.size()) = data.train.X;
  if (data.validation.size() > 0) all_x.bottomRows(data.validation.size()) = data.validation.X;
  const scene::Mesh mesh = scene::make_mesh(all_x, request.mesh_resolution);

  // One cheap pass for the axis ranges of every frame (training is done, so `fixed` can see the
  // whole run, as the notebook's celluloid video does).
  std::vector<std::vector<scene::Bounds>> tight;
  tight.reserve(checkpoints.size());
  for (const train::Checkpoint& c : checkpoints) {
    const scene::Scene s = scene::make_scene(c.network, data.train, data.validation, mesh, c.metrics);
    std::vector<scene::Bounds> b;
    for (const scene::Panel& p : s.panels) b.push_back(p.bounds);
    tight.push_back(std::move(b));
  }
  const auto views = scene::plan_views(tight, request.axes);

  if (interrupt.raised()) {
    spdlog::warn("interrupted before the first frame: no video written");
    return 0;
  }
  encode::EncodeOptions options = request.encode;
  options.format = format;
  options.width = request.render.width;
  options.height = request.render.height;
  std::unique_ptr<encode::Encoder> video;
  if (!request.no_video) video = encode::Encoder::open(request.output, options);
  std::unique_ptr<encode::Encoder> pngs;
  if (request.frames_dir) {
    encode::EncodeOptions png_options = options;
    png_options.format = encode::Format::png;
    png_options.hold_last = 0.0;
    pngs = encode::Encoder::open(*request.frames_dir, png_options);
  }

  render::Renderer renderer(request.render);
  util::Frame frame;
  int written = 0;
  for (std::size_t i = 0; i < checkpoints.size(); ++i) {
    if (interrupt.raised()) {
      spdlog::warn("interrupted: finishing the {} frame(s) rendered so far", written);
      break;
    }
    const train::Checkpoint& c = checkpoints[i];
    const scene::Scene s = scene::make_scene(c.network, data.train, data.validation, mesh, c.metrics);
    renderer.render(s, views[i], frame);
    if (video) video->write(frame);
    if (pngs) pngs->write(frame);
    ++written;
    spdlog::debug("frame {}/{} (epoch {})", written, checkpoints.size(), c.metrics.epoch);
  }
  if (video) {
    video->finish();
    outputs.push_back(request.output);
  }
  if (pngs) {
    pngs->finish();
    outputs.push_back(*request.frames_dir);
  }
  return written;
}

}  // namespace

encode::Format resolve_format(const TrainRequest& request) {
  if (request.format) return *request.format;
  if (request.output == "-")
    throw UsageError("--output: '-' (stdout) needs --format raw");
  if (const auto f = encode::format_from_path(request.output)) return *f;
  std::string valid;
  for (const std::string& n : encode::format_names()) valid += (valid.empty() ? "" : ", ") + n;
  throw UsageError("--output: cannot tell the format of '" + request.output.string() +
                   "' (use .mp4, .webm, .gif, .bgra, a folder or frames/%04d.png, or --format " + valid + ")");
}

TrainReport run_train(const TrainRequest& request, const util::InterruptFlag& interrupt) {
  const Clock::time_point start = Clock::now();
  const encode::Format format = request.no_video ? encode::Format::mp4 : resolve_format(request);
  check_outputs_up_front(request, format);

  util::NumpyRandom rng(request.seed);
  const Data data = load_data(request, rng);
  const model::Network initial = model::make_network(request.architecture, rng);
  spdlog::info("dataset '{}': {} training points{}; network 2-{}-1, {} parameters", data.train.name, data.train.size(),
               data.validation.size() > 0 ? fmt::format(", {} held out", data.validation.size()) : std::string(),
               [&] {
                 std::string s;
                 for (std::size_t i = 0; i < request.architecture.hidden.size(); ++i)
                   s += (i ? "-" : "") + std::to_string(request.architecture.hidden[i]);
                 return s;
               }(),
               initial.parameter_count());

  Clock::time_point last_log = Clock::now();
  const auto on_checkpoint = [&](const train::Checkpoint& c) {
    if (Clock::now() - last_log > std::chrono::seconds(2)) {
      last_log = Clock::now();
      spdlog::info("epoch {:>4}  loss {:.4f}  accuracy {:.3f}", c.metrics.epoch, c.metrics.loss, c.metrics.accuracy);
    }
    return !interrupt.raised();
  };
  train::TrainResult result =
      train::fit(initial, data.train, data.validation, request.training, rng, on_checkpoint);
  if (result.checkpoints.empty()) throw Error("training produced no frame");

  TrainReport report;
  report.reason = result.reason;
  report.message = result.message;
  report.final_metrics = result.checkpoints.back().metrics;
  report.best_metrics = report.final_metrics;
  for (const train::Checkpoint& c : result.checkpoints)
    if (c.metrics.loss < report.best_metrics.loss) report.best_metrics = c.metrics;
  spdlog::info("trained {} epoch(s): {} (loss {:.4f}, accuracy {:.3f})", report.final_metrics.epoch, result.message,
               report.final_metrics.loss, report.final_metrics.accuracy);

  if (request.metrics_file) {
    write_metrics(result.checkpoints, *request.metrics_file);
    report.outputs.push_back(*request.metrics_file);
  }
  if (!request.no_video || request.frames_dir)
    report.frames = render_video(request, format, data, result.checkpoints, interrupt, report.outputs);
  else
    report.frames = static_cast<int>(result.checkpoints.size());

  report.wall_seconds = seconds_since(start);
  if (interrupt.raised()) {
    report.reason = train::StopReason::interrupted;
    report.exit_code = interrupt.signal() == SIGTERM ? exit_code::sigterm : exit_code::sigint;
  } else if (result.reason == train::StopReason::diverged) {
    report.exit_code = exit_code::failure;
  }
  return report;
}

}  // namespace nnviz::app
