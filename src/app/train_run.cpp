#include "nnviz/app/train_run.hpp"

#include "video_plan.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <new>
#include <optional>

#include "nnviz/app/frame_pipeline.hpp"
#include "nnviz/app/html_run.hpp"
#include "nnviz/app/memory.hpp"
#include "nnviz/app/metrics_io.hpp"
#include "nnviz/app/stats_io.hpp"
#include "nnviz/app/progress.hpp"
#include "nnviz/data/csv.hpp"
#include "nnviz/render/png.hpp"
#include "nnviz/scene/run_scenes.hpp"
#include "nnviz/train/schedule.hpp"
#include "nnviz/train/trainer.hpp"
#include "nnviz/util/atomic_file.hpp"
#include "nnviz/util/output_set.hpp"
#include "nnviz/render/layout.hpp"
#include "nnviz/render/panels.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"
#include "nnviz/util/numpy_random.hpp"
#include "nnviz/util/printable.hpp"

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

// "nan", "inf", "-inf" or the number (fmt writes "-nan" for a NaN with its sign bit set).
std::string loss_text(double loss) { return std::isnan(loss) ? "nan" : fmt::format("{}", loss); }

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
  return video.output != "-" && format != encode::Format::png;
}

encode::Format check_video_outputs(const VideoRequest& video, int max_frames) {
  const encode::Format format = video.no_video ? encode::Format::mp4 : resolve_format(video);
  const auto refuse_existing = [&](const std::string& what, const fs::path& path) {
    throw UsageError(what + ": '" + path.string() + "' already exists (drop -n/--no-overwrite to replace it)");
  };
  if (writes_video_file(video)) {
    util::check_writable_output(video.output, "--output");
    if (!video.encode.overwrite && fs::exists(fs::symlink_status(video.output)))
      refuse_existing("--output", video.output);
  }
  // PNG frames (-o frames/%04d.png, -o folder, --frames DIR): the folder is created by the
  // commit when missing, never through something that is not a folder; with -n no frame this
  // run may write may exist yet.
  const int held = static_cast<int>(std::lround(video.encode.hold_last * video.encode.fps));
  if (!video.no_video && format == encode::Format::png && video.output != "-") {
    util::check_output_folder(encode::png_frames_folder(video.output), "--output");
    try {
      (void)encode::png_frame_path(video.output, 0);
    } catch (const UsageError& e) {
      throw UsageError(std::string("--output: ") + e.what());
    }
    if (!video.encode.overwrite)
      if (const auto existing = encode::first_existing_png_frame(video.output, max_frames < 0 ? 1 : max_frames + held))
        refuse_existing("--output", *existing);
  }
  if (video.frames_dir) {
    util::check_output_folder(*video.frames_dir, "--frames");
    if (!video.encode.overwrite)
      if (const auto existing = encode::first_existing_png_frame(*video.frames_dir, max_frames < 0 ? 1 : max_frames))
        refuse_existing("--frames", *existing);
  }
  if (!video.no_video) {
    encode::EncodeOptions options = video.encode;
    options.width = video.render.width;
    options.height = video.render.height;
    encode::check_options(format, options);  // e.g. odd sizes for mp4: refused before training
    // stdout (a terminal? mp4?), a FIFO: before training too.
    if (!is_html_output(video)) {
      try {
        encode::check_target(video.output, format);
      } catch (const UsageError& e) {
        throw UsageError(std::string("--output: ") + e.what());
      }
    }
  }
  return format;
}

void check_render_options(const VideoRequest& video, int hidden_layers) {
  if (video.no_video && !video.frames_dir) return;
  render::check_panels(video.render.panels, hidden_layers, "--panels");
  // The figure must have room for the panels a frame of this network shows: known before
  // training (the Renderer would refuse it only at the first frame).
  render::check_figure_size(video.render.width, video.render.height,
                            render::shown_panel_set(video.render.panels, hidden_layers), !video.render.title.empty(),
                            video.render.scale);
  render::Renderer probe(video.render);  // its own checks (size limits, palette)
}

std::size_t finite_prefix(const run::RunRecord& record) {
  // A diverged run's last checkpoint has a NaN/Inf loss or weights: no axis range or picture
  // can be made of it, and a metrics file or best epoch must not report it.
  const auto finite = [](const train::Checkpoint& c) {
    if (!std::isfinite(c.metrics.loss) || (c.metrics.val_loss && !std::isfinite(*c.metrics.val_loss))) return false;
    for (const model::Dense& layer : c.network().layers)
      if (!layer.W.allFinite() || !layer.b.allFinite()) return false;
    return true;
  };
  std::size_t n = 0;
  while (n < record.checkpoints.size() && finite(record.checkpoints[n])) ++n;
  return n;
}

run::RunRecord train_record(const TrainRequest& request, const util::InterruptFlag& interrupt) {
  // One generator drives the whole run, in this order: the dataset (so `blobs` with seed 12345
  // is the notebook's), the validation split, the initial weights, the per-epoch shuffles.
  util::NumpyRandom rng(request.seed);
  data::Dataset all =
      request.data_file ? data::read_csv(*request.data_file, request.data_columns, &interrupt)
                        : data::make_dataset(request.dataset, rng);
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
  spdlog::info("dataset '{}': {} training points{}; network 2-{}-1, {} parameters", util::printable(record.train.name),
               record.train.size(),
               record.validation.size() > 0 ? fmt::format(", {} held out", record.validation.size()) : std::string(),
               joined(request.architecture.hidden), initial.parameter_count());

  Clock::time_point last_log = Clock::now();
  std::size_t kept = 0;  // frames so far, for the message when memory runs out
  const auto on_checkpoint = [&](const train::Checkpoint& c) {
    ++kept;
    if (Clock::now() - last_log > std::chrono::seconds(2)) {
      last_log = Clock::now();
      spdlog::info("epoch {:>4}  loss {:.4f}  accuracy {:.3f}", c.metrics.epoch, c.metrics.loss, c.metrics.accuracy);
    }
    return !interrupt.raised();
  };
  // Checked after every epoch (and step), frame or not.
  const auto keep_going = [&] { return !interrupt.raised(); };
  train::TrainResult result;
  try {
    result = train::fit(initial, record.train, record.validation, request.training, rng, on_checkpoint, keep_going);
  } catch (const std::bad_alloc&) {
    // The up-front estimate (memory.hpp) let the run start, but keeping its frames did not fit:
    // say how far it got and what each frame costs.
    const double frame_mb = static_cast<double>(initial.parameter_count()) * 8.0 / 1e6;
    throw Error(fmt::format("out of memory while training, keeping every frame's weights ({} parameters, {:.2f} MB "
                            "a frame, {} frames kept): use fewer --epochs or a smaller --hidden",
                            initial.parameter_count(), frame_mb, kept));
  }
  if (result.checkpoints.empty()) throw Error("training produced no frame");
  record.checkpoints = std::move(result.checkpoints);
  record.reason = result.reason;
  record.message = std::move(result.message);
  return record;
}

bool render_frame_png(const run::RunRecord& record, const VideoRequest& video, int epoch, const fs::path& path,
                      const util::InterruptFlag& interrupt) {
  // The epoch's snapshot: with step snapshots, the last of that epoch (its end).
  std::size_t index = record.checkpoints.size();
  for (std::size_t i = 0; i < record.checkpoints.size(); ++i)
    if (record.checkpoints[i].metrics.epoch == epoch) index = i;
  if (index == record.checkpoints.size())
    throw UsageError("--epoch: the run has no frame of epoch " + std::to_string(epoch) + "; " + frame_epochs_text(record));
  const std::size_t drawable = finite_prefix(record);
  if (index >= drawable)
    throw UsageError("--epoch: epoch " + std::to_string(epoch) + " is not finite (the run diverged); epochs 0 to " +
                     std::to_string(record.checkpoints[drawable == 0 ? 0 : drawable - 1].metrics.epoch) + " can be drawn");
  util::check_writable_output(path, "--output");
  check_render_options(video, static_cast<int>(record.config.architecture.hidden.size()));
  // The view the frame has in the video of the run's finite frames (tweened as asked), from the
  // frames that decide it (and the projections of the frames up to those).
  const std::size_t video_frames = scene::RunScenes::frame_count(drawable, video.tween);
  const std::size_t frame = index * static_cast<std::size_t>(video.tween + 1);
  const scene::FrameSpan span = scene::frames_deciding_view(video.axes, frame, video_frames);
  // Snapshots up to the one the span's last frame stands on (or leaves).
  const std::size_t snapshots = std::min(drawable, (span.last - 1) / static_cast<std::size_t>(video.tween + 1) + 2);
  const scene::RunScenes scenes(record, video.mesh_resolution, snapshots, interrupt, video.tween,
                                render::shows_stats(video.render.panels) ? run_stats(record, interrupt) : nullptr,
                                render::shows_neurons(video.render.panels));
  const std::vector<scene::Bounds> view = scenes.plan_frame_view(video.axes, frame, video_frames, interrupt);
  if (view.empty()) return false;  // interrupted
  render::Renderer renderer(video.render);
  util::Frame out;
  renderer.render(scenes.scene(frame), view, out);
  if (interrupt.raised()) return false;
  render::write_png(out, path);
  return true;
}

std::size_t video_frame_count(const VideoRequest& video, std::size_t snapshots, int hidden_layers) {
  std::size_t frames = scene::RunScenes::frame_count(snapshots, video.tween);
  if (video.morph.enabled && snapshots > 0)
    frames += video.morph.at.size() * morph_frame_count(video, hidden_layers);
  return frames;
}

std::string frame_epochs_text(const run::RunRecord& record) {
  const auto& c = record.checkpoints;
  if (c.empty()) return "it has no frames";
  std::string listed;
  const std::size_t shown = std::min<std::size_t>(c.size(), 8);
  for (std::size_t i = 0; i < shown; ++i) {
    const std::size_t k = c.size() <= 8 ? i : (i + 1 == shown ? c.size() - 1 : i);
    if (i > 0) listed += c.size() > 8 && i + 1 == shown ? ", ..., " : ", ";
    listed += std::to_string(c[k].metrics.epoch);
  }
  return "its frames are at epochs " + listed;
}

std::shared_ptr<const scene::RunStats> run_stats(const run::RunRecord& record, const util::InterruptFlag& interrupt) {
  return std::make_shared<const scene::RunStats>(
      scene::compute_run_stats(record, finite_prefix(record), scene::default_stat_bins, &interrupt));
}

int render_record(const run::RunRecord& record, const VideoRequest& video, const util::InterruptFlag& interrupt,
                  std::vector<fs::path>& outputs, int frames, util::OutputSet* commit_to, std::size_t* shown,
                  std::shared_ptr<const scene::RunStats> stats) {
  const encode::Format format = check_video_outputs(video, static_cast<int>(record.checkpoints.size()));
  // Only the finite frames of a diverged run can be drawn (and planned).
  const std::size_t drawable = finite_prefix(record);
  const std::size_t count = frames < 0 ? drawable : std::min(drawable, static_cast<std::size_t>(frames));
  if (count == 0 || (video.no_video && !video.frames_dir)) return 0;
  check_render_options(video, static_cast<int>(record.config.architecture.hidden.size()));

  // Without a set of the caller's, this call's outputs are committed together at its end.
  std::optional<util::OutputSet> own_set;
  if (!commit_to) commit_to = &own_set.emplace(video.encode.overwrite);

  spdlog::debug("planning the views of {} snapshot(s), {} in-between frame(s) after each", count, video.tween);
  if (render::shows_stats(video.render.panels) && !stats) stats = run_stats(record, interrupt);
  if (!render::shows_stats(video.render.panels)) stats = nullptr;
  const scene::RunScenes scenes(record, video.mesh_resolution, count, interrupt, video.tween, std::move(stats),
                                render::shows_neurons(video.render.panels));
  // Empty when interrupted: the pipeline then draws nothing.
  const auto views = scenes.plan_views(video.axes, interrupt);
  // Made when first drawn with: with render threads, only a GIF's palette sample uses it.
  std::optional<render::Renderer> renderer;
  const VideoPlan plan(record, scenes, count, video, interrupt);

  // A page's poster is the video's last frame (the trained network, not the untrained first):
  // a copy of it as it is drawn.
  const bool page = !video.no_video && is_html_output(video);
  util::Frame last_frame;
  FramePipeline pipeline;
  pipeline.count = plan.size();
  pipeline.draw = [&](std::size_t i, util::Frame& out) {
    if (!renderer) renderer.emplace(video.render);
    plan.draw(i, *renderer, views, out);
    if (page && i + 1 == plan.size()) last_frame = out;
  };
  // With render threads: a renderer each, made on its thread (in parallel, not before the
  // first frame); the plan, the scenes and the views are shared, read only (VideoPlan::draw
  // locks what it builds on the way). One thread draws the last frame.
  pipeline.render_threads = video.render_threads;
  pipeline.make_draw = [&]() -> DrawFrame {
    auto own = std::make_shared<std::optional<render::Renderer>>();
    return [&, own](std::size_t i, util::Frame& out) {
      if (!*own) own->emplace(video.render);
      plan.draw(i, **own, views, out);
      if (page && i + 1 == plan.size()) last_frame = out;
    };
  };
  pipeline.options = video.encode;
  pipeline.options.format = format;
  pipeline.options.width = video.render.width;
  pipeline.options.height = video.render.height;
  pipeline.options.commit_to = commit_to;
  pipeline.options.comment = video.config_toml;
  pipeline.frames_dir = video.frames_dir;
  pipeline.frames_commit_to = commit_to;
  // A page embeds the video: encoded first into a hidden temporary file next to the page (same
  // file system; a set of its own, never committed: its temporary file is removed on every path
  // out), then wrapped.
  util::OutputSet page_video_set;
  if (page) {
    pipeline.output = page_video_path(video, format);
    pipeline.options.commit_to = &page_video_set;
    pipeline.options.overwrite = true;  // -n applies to the page (checked by check_video_outputs)
  } else if (!video.no_video) {
    pipeline.output = video.output;
  }
  Progress progress(stderr_progress_mode(), static_cast<int>(plan.size()));
  pipeline.on_frame = [&](std::size_t i) {
    const train::Metrics& m = record.checkpoints[plan.snapshot(i)].metrics;
    progress.frame_done(m);
    spdlog::debug("frame {}/{} (epoch {})", i + 1, plan.size(), m.epoch);
  };

  PipelineResult result;
  try {
    result = run_frame_pipeline(pipeline, interrupt);
  } catch (const Error& e) {
    if (!page) throw;
    // The hidden video is the page's business: messages name the page.
    std::string message = e.what();
    const std::string hidden = pipeline.output->string();
    for (std::size_t at = message.find(hidden); at != std::string::npos; at = message.find(hidden, at))
      message.replace(at, hidden.size(), video.output.string());
    throw Error(message);
  }
  progress.finish();
  if (result.interrupted && result.written == 0) spdlog::warn("interrupted before the first frame: no video written");
  if ((result.interrupted || result.written < result.rendered) && result.written > 0) {
    // The flush may also be cut when the signal came after the last frame (during the hold).
    if (result.written < result.rendered)
      spdlog::warn("interrupted: finished the video with {} of the {} frame(s) rendered (the encoder's last {} were "
                   "dropped to stop at once){}",
                   result.written, result.rendered, result.rendered - result.written,
                   video.frames_dir ? "; the frames folder has them all" : "");
    else
      spdlog::warn("interrupted: finished the {} frame(s) rendered so far", result.written);
  }
  const int asked_held = static_cast<int>(std::lround(pipeline.options.hold_last * pipeline.options.fps));
  if (!result.interrupted && interrupt.raised() && result.written > 0 && result.held < asked_held)
    spdlog::warn("interrupted while holding the last frame: it stays {:.1f} s of the {:g} s asked",
                 static_cast<double>(result.held) / pipeline.options.fps, pipeline.options.hold_last);
  for (const fs::path& p : result.outputs) {
    if (page && p == *pipeline.output) {
      PageVideo page_video;
      page_video.file = page_video_set.file(0).temp_path();
      page_video.format = format;
      for (std::size_t i = 0; i < static_cast<std::size_t>(result.written); ++i) {
        const double fraction = plan.fraction(i);
        page_video.frames.push_back({plan.is_morph(i)  ? PlayerFrameKind::morph
                                     : fraction > 0.0 ? PlayerFrameKind::between
                                                      : PlayerFrameKind::snapshot,
                                     plan.snapshot(i), fraction});
      }
      // Only a video that reaches the last frame (not one a signal cut short) has it as poster.
      if (static_cast<std::size_t>(result.written) == plan.size() && !last_frame.pixels.empty())
        page_video.poster_png = render::encode_png(last_frame);
      write_html_page(record, video, page_video, commit_to);
      outputs.push_back(video.output);
    } else {
      outputs.push_back(p);
    }
  }
  if (own_set) own_set->commit();
  if (shown) *shown = result.written > 0 ? plan.snapshot(static_cast<std::size_t>(result.written) - 1) + 1 : 0;
  return result.written;
}

namespace {

// A --morph-at epoch that no run of this request can have a frame of is refused before training:
// one past --epochs, or, when no stop rule can end the run early, one off an epoch schedule.
// (With a stop rule the last frame is wherever training stops, so that is checked afterwards.)
void check_morph_epochs(const TrainRequest& request) {
  if (!request.video.morph.enabled || request.video.no_video) return;
  const train::TrainConfig& t = request.training;
  const bool may_stop_early = t.stop_loss > 0.0 || t.stop_patience > 0;
  const std::optional<train::FrameTimes> epochs =
      t.frames.steps ? std::nullopt : std::optional<train::FrameTimes>(std::in_place, t.frames, t.epochs);
  for (const int at : request.video.morph.at) {
    if (at < 0) continue;  // first, last
    if (at > t.epochs)
      throw UsageError("--morph-at: epoch " + std::to_string(at) + " is past the run's last epoch (--epochs " +
                       std::to_string(t.epochs) + ")");
    if (epochs && !may_stop_early && !epochs->contains(at))
      throw UsageError("--morph-at: epoch " + std::to_string(at) + " has no frame in this schedule (--every " +
                       std::to_string(t.frames.every) + (t.frames.max_frames > 0 ? ", --max-frames " + std::to_string(t.frames.max_frames) : std::string()) +
                       "); give an epoch that has one, or first/last");
  }
}

}  // namespace

TrainReport run_train(const TrainRequest& request, const util::InterruptFlag& interrupt) {
  const Clock::time_point start = Clock::now();
  // Every check that can be made before training is made here: outputs (-n included, for every
  // output), the panels and the figure size.
  // The frames the schedule keeps (with --steps, of at most the data's rows), in-between frames
  // and morphs included.
  const auto snapshots = static_cast<std::size_t>(
      train::planned_frames(request.training, static_cast<std::int64_t>(estimated_rows(request))));
  check_video_outputs(request.video, static_cast<int>(std::min<std::size_t>(
                                         video_frame_count(request.video, snapshots,
                                                           static_cast<int>(request.architecture.hidden.size())),
                                         1u << 30)));
  check_render_options(request.video, static_cast<int>(request.architecture.hidden.size()));
  check_morph_epochs(request);
  // None may be another's file or the data's.
  std::vector<util::NamedPath> files;
  if (request.data_file) files.push_back({"--data", *request.data_file});
  if (request.config_file) files.push_back({"--config", *request.config_file});
  if (writes_video_file(request.video)) files.push_back({"--output", request.video.output});
  // PNG frames by their first file: `-o fr --format png --frames fr` would write one folder twice.
  if (!request.video.no_video && resolve_format(request.video) == encode::Format::png && request.video.output != "-")
    files.push_back({"--output", encode::png_frame_path(request.video.output, 0)});
  if (request.video.frames_dir) files.push_back({"--frames", encode::png_frame_path(*request.video.frames_dir, 0)});
  if (request.stats_file) check_stats_path(*request.stats_file);
  for (const auto& [what, path] : {std::pair{"--metrics", request.metrics_file}, {"--save-weights", request.weights_file},
                                   {"--stats", request.stats_file}}) {
    if (!path) continue;
    util::check_writable_output(*path, what);
    if (!request.video.encode.overwrite && fs::exists(fs::symlink_status(*path)))
      throw UsageError(std::string(what) + ": '" + path->string() + "' already exists (drop -n/--no-overwrite to replace it)");
    files.push_back({what, *path});
  }
  util::check_distinct_files(files);

  run::RunRecord record = train_record(request, interrupt);
  TrainReport report;
  report.reason = record.reason;
  report.message = record.message;
  spdlog::info("trained {} epoch(s): {}", record.checkpoints.back().metrics.epoch, record.message);

  // A diverged run keeps its finite frames: metrics, weights and pictures up to the last finite
  // epoch.
  const std::size_t finite = finite_prefix(record);
  std::optional<train::Metrics> diverged_at;
  if (finite < record.checkpoints.size()) {
    diverged_at = record.checkpoints[finite].metrics;
    record.checkpoints.resize(finite);
  } else if (record.reason == train::StopReason::diverged) {
    diverged_at = record.checkpoints.back().metrics;  // a batch's loss was not finite; the epoch's is
  }
  if (record.checkpoints.empty())
    throw Error("training diverged at epoch 0 (loss " + loss_text(diverged_at->loss) + "): nothing to write");

  // Every output is staged and committed together at the end: until then no existing output is
  // touched, and a failure (a full disk, an encoder error) leaves them all as they were.
  util::OutputSet outputs(request.video.encode.overwrite);
  if (request.metrics_file) outputs.write_file(*request.metrics_file, metrics_text(record.checkpoints, *request.metrics_file));
  if (request.weights_file) {  // written a frame at a time: a long run's weights need not fit in memory as JSON
    util::AtomicFile file(*request.weights_file, outputs.replace());
    if (file.in_place()) {
      outputs.write_file(*request.weights_file, run::record_to_json(record).dump() + "\n");
    } else {
      run::write_record_text(record, file.temp_path(), *request.weights_file);
      outputs.adopt(std::move(file));
    }
  }
  // The statistics once, for the file and the panel.
  std::shared_ptr<const scene::RunStats> stats;
  if (request.stats_file || render::shows_stats(request.video.render.panels)) stats = run_stats(record, interrupt);
  if (request.stats_file) outputs.write_file(*request.stats_file, stats_to_csv(*stats));
  std::vector<fs::path> written;
  std::size_t shown_snapshots = 0;
  const int rendered = render_record(record, request.video, interrupt, written, -1, &outputs, &shown_snapshots, stats);
  outputs.commit();
  if (request.metrics_file) report.outputs.push_back(*request.metrics_file);
  if (request.weights_file) report.outputs.push_back(*request.weights_file);
  if (request.stats_file) report.outputs.push_back(*request.stats_file);
  report.outputs.insert(report.outputs.end(), written.begin(), written.end());

  report.frames = request.video.no_video && !request.video.frames_dir ? static_cast<int>(record.checkpoints.size()) : rendered;
  // The final and best frames are those of what is on disk: an interrupted rendering's video
  // ends before the last trained epoch.
  const std::size_t shown = rendered > 0 ? std::min(record.checkpoints.size(), shown_snapshots) : record.checkpoints.size();
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
    report.message = fmt::format("training diverged at epoch {} (loss {}); wrote {} frame{} (try a smaller learning rate)",
                                 diverged_at->epoch, loss_text(diverged_at->loss), report.frames, report.frames == 1 ? "" : "s");
  }
  return report;
}

}  // namespace nnviz::app
