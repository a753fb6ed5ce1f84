#include "nnviz/app/train_run.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>

#include "nnviz/app/frame_pipeline.hpp"
#include "nnviz/app/html_run.hpp"
#include "nnviz/app/metrics_io.hpp"
#include "nnviz/app/progress.hpp"
#include "nnviz/data/csv.hpp"
#include "nnviz/render/png.hpp"
#include "nnviz/scene/run_scenes.hpp"
#include "nnviz/train/trainer.hpp"
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

bool writes_video_file(const VideoRequest& video) {
  if (video.no_video) return false;
  const encode::Format format = resolve_format(video);
  return !(format == encode::Format::raw && video.output == "-") && format != encode::Format::png;
}

encode::Format check_video_outputs(const VideoRequest& video) {
  const encode::Format format = video.no_video ? encode::Format::mp4 : resolve_format(video);
  if (writes_video_file(video)) {
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

run::RunRecord train_record(const TrainRequest& request, const util::InterruptFlag& interrupt) {
  // One generator drives the whole run, in this order: the dataset (so `blobs` with seed 12345
  // is the notebook's), the validation split, the initial weights, the per-epoch shuffles.
  util::NumpyRandom rng(request.seed);
  data::Dataset all =
      request.data_file ? data::read_csv(*request.data_file) : data::make_dataset(request.dataset, rng);
  run::RunRecord record;
  if (request.validation_split > 0.0) {
    auto [train_part, val_part] = data::split_stratified(all, request.validation_split, rng);
    record.train = std::move(train_part);
    record.validation = std::move(val_part);
  } else {
    record.train = std::move(all);
    record.validation = empty_dataset();
  }
  record.config = request;  // the RunConfig part of the request

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

bool render_frame_png(const run::RunRecord& record, const VideoRequest& video, int epoch, const fs::path& path,
                      const util::InterruptFlag& interrupt) {
  std::size_t index = record.checkpoints.size();
  for (std::size_t i = 0; i < record.checkpoints.size(); ++i)
    if (record.checkpoints[i].metrics.epoch == epoch) index = i;
  if (index == record.checkpoints.size())
    throw UsageError("--epoch: the run has epochs 0 to " + std::to_string(record.checkpoints.back().metrics.epoch));
  util::check_writable_output(path, "--output");
  render::check_panels(video.render.panels, static_cast<int>(record.config.architecture.hidden.size()), "--panels");
  const scene::Mesh mesh = scene::run_mesh(record, video.mesh_resolution);
  // The view the frame has in the run's video, from the frames that decide it.
  const std::vector<scene::Bounds> view = scene::plan_frame_view(record, mesh, video.axes, index, interrupt);
  if (view.empty()) return false;  // interrupted
  render::Renderer renderer(video.render);
  util::Frame frame;
  renderer.render(scene::frame_scene(record, mesh, index), view, frame);
  if (interrupt.raised()) return false;
  render::write_png(frame, path);
  return true;
}

int render_record(const run::RunRecord& record, const VideoRequest& video, const util::InterruptFlag& interrupt,
                  std::vector<fs::path>& outputs, int frames) {
  const encode::Format format = check_video_outputs(video);
  const std::size_t count =
      frames < 0 ? record.checkpoints.size() : std::min(record.checkpoints.size(), static_cast<std::size_t>(frames));
  if (count == 0 || (video.no_video && !video.frames_dir)) return 0;
  render::check_panels(video.render.panels, static_cast<int>(record.config.architecture.hidden.size()), "--panels");

  const scene::Mesh mesh = scene::run_mesh(record, video.mesh_resolution);
  // Empty when interrupted: the pipeline then draws nothing.
  const auto views = scene::plan_run_views(record, mesh, video.axes, count, interrupt);
  render::Renderer renderer(video.render);

  FramePipeline pipeline;
  pipeline.count = count;
  pipeline.draw = [&](std::size_t i, util::Frame& out) {
    renderer.render(scene::frame_scene(record, mesh, i), views[i], out);
  };
  pipeline.options = video.encode;
  pipeline.options.format = format;
  pipeline.options.width = video.render.width;
  pipeline.options.height = video.render.height;
  pipeline.frames_dir = video.frames_dir;
  // A page embeds the video: encoded first into a hidden temporary file next to the page (same
  // file system; removed on every path out), then wrapped.
  const bool page = !video.no_video && is_html_output(video);
  std::optional<util::AtomicFile> page_video;
  if (page) {
    fs::path stem = video.output;
    stem.replace_extension("." + encode::format_name(format));
    page_video.emplace(stem);
    pipeline.output = page_video->temp_path();
    pipeline.options.overwrite = true;  // -n applies to the page (checked by check_video_outputs)
  } else if (!video.no_video) {
    pipeline.output = video.output;
  }
  Progress progress(stderr_progress_mode(), static_cast<int>(count));
  pipeline.on_frame = [&](std::size_t i) {
    progress.frame_done(record.checkpoints[i].metrics);
    spdlog::debug("frame {}/{} (epoch {})", i + 1, count, record.checkpoints[i].metrics.epoch);
  };

  const PipelineResult result = run_frame_pipeline(pipeline, interrupt);
  progress.finish();
  if (result.interrupted && result.written == 0) spdlog::warn("interrupted before the first frame: no video written");
  if (result.interrupted && result.written > 0)
    spdlog::warn("interrupted: finished the {} frame(s) rendered so far", result.written);
  for (const fs::path& p : result.outputs) {
    if (page && p == *pipeline.output) {
      write_html_page(record, video, static_cast<std::size_t>(result.written), p, format);
      outputs.push_back(video.output);
    } else {
      outputs.push_back(p);
    }
  }
  return result.written;
}

TrainReport run_train(const TrainRequest& request, const util::InterruptFlag& interrupt) {
  const Clock::time_point start = Clock::now();
  check_video_outputs(request.video);
  // Every output is checked before any work, -n included, and none may be another's file or the
  // data's.
  std::vector<util::NamedPath> files;
  if (request.data_file) files.push_back({"--data", *request.data_file});
  if (writes_video_file(request.video)) files.push_back({"--output", request.video.output});
  for (const auto& [what, path] : {std::pair{"--metrics", request.metrics_file}, {"--save-weights", request.weights_file}}) {
    if (!path) continue;
    util::check_writable_output(*path, what);
    if (!request.video.encode.overwrite && fs::exists(*path))
      throw UsageError(std::string(what) + ": '" + path->string() + "' already exists (drop -n/--no-overwrite to replace it)");
    files.push_back({what, *path});
  }
  util::check_distinct_files(files);

  const run::RunRecord record = train_record(request, interrupt);
  TrainReport report;
  report.reason = record.reason;
  report.message = record.message;
  spdlog::info("trained {} epoch(s): {}", record.checkpoints.back().metrics.epoch, record.message);

  // Metrics and weights first: they are what a diverged or interrupted run still has to offer.
  if (request.metrics_file) {
    write_metrics(record.checkpoints, *request.metrics_file);
    report.outputs.push_back(*request.metrics_file);
  }
  if (request.weights_file) {
    run::write_record(record, *request.weights_file);
    report.outputs.push_back(*request.weights_file);
  }
  const int rendered = render_record(record, request.video, interrupt, report.outputs);
  report.frames = request.video.no_video && !request.video.frames_dir ? static_cast<int>(record.checkpoints.size()) : rendered;
  // The final and best frames are those of what is on disk: an interrupted rendering's video
  // ends before the last trained epoch.
  const std::size_t shown = rendered > 0 ? std::min(record.checkpoints.size(), static_cast<std::size_t>(rendered))
                                         : record.checkpoints.size();
  report.final_metrics = record.checkpoints[shown - 1].metrics;
  report.best_metrics = report.final_metrics;
  for (std::size_t i = 0; i < shown; ++i)
    if (record.checkpoints[i].metrics.loss < report.best_metrics.loss) report.best_metrics = record.checkpoints[i].metrics;

  report.wall_seconds = seconds_since(start);
  if (interrupt.raised()) {
    report.reason = train::StopReason::interrupted;
    report.exit_code = interrupt.exit_code();
  } else if (record.reason == train::StopReason::diverged) {
    report.exit_code = exit_code::failure;
  }
  return report;
}

}  // namespace nnviz::app
