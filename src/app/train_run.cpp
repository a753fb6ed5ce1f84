#include "nnviz/app/train_run.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <csignal>
#include <memory>

#include "nnviz/app/encode_thread.hpp"
#include "nnviz/app/html_run.hpp"
#include "nnviz/app/metrics_io.hpp"
#include "nnviz/app/progress.hpp"
#include "nnviz/data/csv.hpp"
#include "nnviz/render/png.hpp"
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

data::Dataset empty_dataset() {
  data::Dataset empty;
  empty.X.resize(0, 2);
  empty.y.resize(0);
  return empty;
}

std::string joined(const std::vector<int>& units) {
  std::string s;
  for (int u : units) s += (s.empty() ? "" : "-") + std::to_string(u);
  return s;
}

util::Json config_json(const TrainRequest& r, const std::string& dataset_name) {
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

}  // namespace

encode::Format resolve_format(const VideoRequest& video) {
  // The encoder owns the rules (extensions, patterns, '-'); asking it here lets a run refuse a
  // bad --output before any training. A page (.html) is app's: it holds an encoded video.
  if (is_html_output(video)) return html_video_format(video);
  try {
    return encode::resolve_format(video.output, video.format);
  } catch (const UsageError& e) {
    throw UsageError(std::string("--output: ") + e.what());
  }
}

encode::Format check_video_outputs(const VideoRequest& video) {
  const encode::Format format = video.no_video ? encode::Format::mp4 : resolve_format(video);
  if (!video.no_video && !(format == encode::Format::raw && video.output == "-") && format != encode::Format::png) {
    util::check_writable_output(video.output, "--output");
    if (!video.encode.overwrite && fs::exists(video.output))
      throw UsageError("--output: '" + video.output.string() + "' already exists (drop -n/--no-overwrite to replace it)");
  }
  if (video.frames_dir && !fs::is_directory(*video.frames_dir))
    throw UsageError("--frames: '" + video.frames_dir->string() + "' is not an existing folder");
  if (!video.no_video) {
    encode::EncodeOptions options = video.encode;
    options.width = video.render.width;
    options.height = video.render.height;
    encode::check_options(format, options);  // e.g. odd sizes for mp4: refused before training
  }
  return format;
}

RunRecord train_record(const TrainRequest& request, const util::InterruptFlag& interrupt) {
  // One generator drives the whole run, in this order: the dataset (so `blobs` with seed 12345
  // is the notebook's), the validation split, the initial weights, the per-epoch shuffles.
  util::NumpyRandom rng(request.seed);
  data::Dataset all =
      request.data_file ? data::read_csv(*request.data_file) : data::make_dataset(request.dataset, rng);
  RunRecord record;
  if (request.validation_split > 0.0) {
    auto [train_part, val_part] = data::split_stratified(all, request.validation_split, rng);
    record.train = std::move(train_part);
    record.validation = std::move(val_part);
  } else {
    record.train = std::move(all);
    record.validation = empty_dataset();
  }
  record.hidden = request.architecture.hidden;
  for (const model::Activation& a : request.architecture.activations) record.activations.push_back(a.name());
  record.config = config_json(request, record.train.name);

  const model::Network initial = model::make_network(request.architecture, rng);
  spdlog::info("dataset '{}': {} training points{}; network 2-{}-1, {} parameters", record.train.name,
               record.train.size(),
               record.validation.size() > 0 ? fmt::format(", {} held out", record.validation.size()) : std::string(),
               joined(request.architecture.hidden), initial.parameter_count());

  Clock::time_point last_log = Clock::now();
  const auto on_checkpoint = [&](const train::Checkpoint& c) {
    if (Clock::now() - last_log > std::chrono::seconds(2)) {
      last_log = Clock::now();
      spdlog::info("epoch {:>4}  loss {:.4f}  accuracy {:.3f}", c.metrics.epoch, c.metrics.loss, c.metrics.accuracy);
    }
    return !interrupt.raised();
  };
  train::TrainResult result = train::fit(initial, record.train, record.validation, request.training, rng, on_checkpoint);
  if (result.checkpoints.empty()) throw Error("training produced no frame");
  record.checkpoints = std::move(result.checkpoints);
  record.reason = result.reason;
  record.message = std::move(result.message);
  return record;
}

scene::Mesh record_mesh(const RunRecord& record, int resolution) {
  Eigen::MatrixXd all_x(record.train.size() + record.validation.size(), 2);  // (n, 2)
  all_x.topRows(record.train.size()) = record.train.X;
  if (record.validation.size() > 0) all_x.bottomRows(record.validation.size()) = record.validation.X;
  return scene::make_mesh(all_x, resolution);
}

std::vector<std::vector<scene::Bounds>> plan_record_views(const RunRecord& record, const scene::Mesh& mesh,
                                                          scene::AxesMode axes, std::size_t count) {
  // One cheap pass for the axis ranges of every frame (training is done, so `fixed` can see the
  // whole run, as the notebook's celluloid video does).
  std::vector<std::vector<scene::Bounds>> tight;
  tight.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const train::Checkpoint& c = record.checkpoints[i];
    scene::Scene s = scene::make_scene(c.network, record.train, record.validation, mesh, c.metrics);
    scene::set_history(s, record.checkpoints, i);  // the loss panel, as the frames have it
    std::vector<scene::Bounds> b;
    for (const scene::Panel& p : s.panels) b.push_back(p.bounds);
    tight.push_back(std::move(b));
  }
  return scene::plan_views(tight, axes);
}

std::vector<std::size_t> palette_sample_indices(std::size_t count, std::size_t most) {
  std::vector<std::size_t> out;
  if (count == 0 || most == 0) return out;
  const std::size_t k = std::min(count, most);
  for (std::size_t j = 0; j < k; ++j) {
    // Rounded positions j / (k - 1) of the way from the first frame to the last.
    const std::size_t i = k == 1 ? 0 : (j * (count - 1) + (k - 1) / 2) / (k - 1);
    if (out.empty() || out.back() != i) out.push_back(i);
  }
  return out;
}

void render_frame_png(const RunRecord& record, const VideoRequest& video, int epoch, const fs::path& path) {
  std::size_t index = record.checkpoints.size();
  for (std::size_t i = 0; i < record.checkpoints.size(); ++i)
    if (record.checkpoints[i].metrics.epoch == epoch) index = i;
  if (index == record.checkpoints.size())
    throw UsageError("--epoch: the run has epochs 0 to " + std::to_string(record.checkpoints.back().metrics.epoch));
  util::check_writable_output(path, "--output");
  render::check_panels(video.render.panels, static_cast<int>(record.hidden.size()), "--panels");
  const scene::Mesh mesh = record_mesh(record, video.mesh_resolution);
  // The views of the whole run, so the frame looks as it does in the video.
  const auto views = plan_record_views(record, mesh, video.axes, record.checkpoints.size());
  const train::Checkpoint& c = record.checkpoints[index];
  scene::Scene s = scene::make_scene(c.network, record.train, record.validation, mesh, c.metrics);
  scene::set_history(s, record.checkpoints, index);
  render::Renderer renderer(video.render);
  util::Frame frame;
  renderer.render(s, views[index], frame);
  render::write_png(frame, path);
}

int render_record(const RunRecord& record, const VideoRequest& video, const util::InterruptFlag& interrupt,
                  std::vector<fs::path>& outputs, int frames) {
  if (!video.no_video && is_html_output(video)) return render_html(record, video, interrupt, outputs, frames);
  const encode::Format format = check_video_outputs(video);
  const std::size_t count =
      frames < 0 ? record.checkpoints.size() : std::min(record.checkpoints.size(), static_cast<std::size_t>(frames));
  if (count == 0 || (video.no_video && !video.frames_dir)) return 0;
  render::check_panels(video.render.panels, static_cast<int>(record.hidden.size()), "--panels");

  const scene::Mesh mesh = record_mesh(record, video.mesh_resolution);
  const auto views = plan_record_views(record, mesh, video.axes, count);

  render::Renderer renderer(video.render);
  const auto draw = [&](std::size_t i, util::Frame& out) {
    const train::Checkpoint& c = record.checkpoints[i];
    scene::Scene s = scene::make_scene(c.network, record.train, record.validation, mesh, c.metrics);
    scene::set_history(s, record.checkpoints, i);
    renderer.render(s, views[i], out);
  };
  encode::EncodeOptions options = video.encode;
  options.format = format;
  options.width = video.render.width;
  options.height = video.render.height;
  // A GIF's one palette is made from a few frames spread over the run (drawn here, before the
  // output is opened), so colours that only appear late, once the network is confident, are in it.
  std::vector<util::Frame> sample;
  if (!video.no_video && format == encode::Format::gif && options.gif_palette == encode::GifPaletteMode::global) {
    for (const std::size_t i : palette_sample_indices(count)) {
      if (interrupt.raised()) break;
      draw(i, sample.emplace_back());
    }
  }

  if (interrupt.raised()) {
    spdlog::warn("interrupted before the first frame: no video written");
    return 0;
  }
  std::unique_ptr<encode::Encoder> encoder;
  if (!video.no_video) {
    encoder = encode::Encoder::open(video.output, options);
    std::vector<const util::Frame*> pointers;
    for (const util::Frame& f : sample) pointers.push_back(&f);
    encoder->set_palette_sample(pointers);
    std::vector<util::Frame>().swap(sample);  // read by the call: no longer needed
  }
  std::unique_ptr<encode::Encoder> pngs;
  if (video.frames_dir) {
    encode::EncodeOptions png_options = options;
    png_options.format = encode::Format::png;
    png_options.hold_last = 0.0;
    pngs = encode::Encoder::open(*video.frames_dir, png_options);
  }

  std::vector<encode::Encoder*> sinks;
  if (encoder) sinks.push_back(encoder.get());
  if (pngs) sinks.push_back(pngs.get());
  EncodeThread pipeline(sinks);
  Progress progress(stderr_progress_mode(), static_cast<int>(count));
  int written = 0;
  for (std::size_t i = 0; i < count; ++i) {
    // Once the output is open, it gets at least one frame: an interrupted run always leaves a
    // playable file.
    if (i > 0 && interrupt.raised()) {
      progress.finish();
      spdlog::warn("interrupted: finishing the {} frame(s) rendered so far", written);
      break;
    }
    const train::Checkpoint& c = record.checkpoints[i];
    draw(i, pipeline.acquire());
    pipeline.submit();
    ++written;
    progress.frame_done(c.metrics);
    spdlog::debug("frame {}/{} (epoch {})", written, count, c.metrics.epoch);
  }
  pipeline.drain();
  progress.finish();
  if (written == 0) return 0;  // the encoders' destructors remove their temporary files
  if (encoder) {
    encoder->finish();
    outputs.push_back(video.output);
  }
  if (pngs) {
    pngs->finish();
    outputs.push_back(*video.frames_dir);
  }
  return written;
}

TrainReport run_train(const TrainRequest& request, const util::InterruptFlag& interrupt) {
  const Clock::time_point start = Clock::now();
  check_video_outputs(request.video);
  if (request.metrics_file) util::check_writable_output(*request.metrics_file, "--metrics");
  if (request.weights_file) util::check_writable_output(*request.weights_file, "--save-weights");

  const RunRecord record = train_record(request, interrupt);
  TrainReport report;
  report.reason = record.reason;
  report.message = record.message;
  report.final_metrics = record.checkpoints.back().metrics;
  report.best_metrics = report.final_metrics;
  for (const train::Checkpoint& c : record.checkpoints)
    if (c.metrics.loss < report.best_metrics.loss) report.best_metrics = c.metrics;
  spdlog::info("trained {} epoch(s): {}", report.final_metrics.epoch, record.message);

  // Metrics and weights first: they are what a diverged or interrupted run still has to offer.
  if (request.metrics_file) {
    write_metrics(record.checkpoints, *request.metrics_file);
    report.outputs.push_back(*request.metrics_file);
  }
  if (request.weights_file) {
    write_record(record, *request.weights_file);
    report.outputs.push_back(*request.weights_file);
  }
  const int rendered = render_record(record, request.video, interrupt, report.outputs);
  report.frames = request.video.no_video && !request.video.frames_dir ? static_cast<int>(record.checkpoints.size()) : rendered;

  report.wall_seconds = seconds_since(start);
  if (interrupt.raised()) {
    report.reason = train::StopReason::interrupted;
    report.exit_code = interrupt.signal() == SIGTERM ? exit_code::sigterm : exit_code::sigint;
  } else if (record.reason == train::StopReason::diverged) {
    report.exit_code = exit_code::failure;
  }
  return report;
}

}  // namespace nnviz::app
