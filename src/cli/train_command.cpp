#include "nnviz/cli/train_command.hpp"

#include <algorithm>
#include <thread>

#include "nnviz/train/schedule.hpp"

#include "nnviz/train/optimizer.hpp"
#include "nnviz/train/trainer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "nnviz/app/html_run.hpp"
#include "nnviz/app/memory.hpp"
#include "nnviz/run/record.hpp"
#include "nnviz/cli/cli.hpp"
#include "nnviz/cli/command.hpp"
#include "nnviz/cli/config_file.hpp"
#include "nnviz/cli/validators.hpp"
#include "nnviz/data/csv.hpp"
#include "nnviz/util/interrupt.hpp"
#include "nnviz/util/json.hpp"
#include "nnviz/model/activation.hpp"
#include "nnviz/render/palette.hpp"
#include "nnviz/render/panels.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/printable.hpp"

namespace nnviz::cli {
namespace {

using util::joined;

// --morph-at: first, last or epochs (any case), a comma list; duplicates dropped.
std::vector<int> parse_morph_at(const std::string& text) {
  std::vector<int> at;
  for (const std::string& item : split_list(text)) {
    std::string lower;
    for (char c : item) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    int epoch = 0;
    if (lower == "first") {
      epoch = app::MorphRequest::first;
    } else if (lower == "last") {
      epoch = app::MorphRequest::last;
    } else {
      const bool digits = !lower.empty() && lower.size() <= 9 &&
                          std::all_of(lower.begin(), lower.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!digits)
        throw UsageError("--morph-at: '" + util::printable(item) + "' is not first, last or an epoch (e.g. first,last or 0,50)");
      epoch = std::stoi(lower);
    }
    if (std::find(at.begin(), at.end(), epoch) == at.end()) at.push_back(epoch);
  }
  if (at.empty()) throw UsageError("--morph-at: give first, last or epochs");
  return at;
}

}  // namespace

namespace {
// The format of the video file `video` writes: none with --no-video or for a page (which embeds
// an mp4 or webm it makes itself).
std::optional<encode::Format> written_format(const app::VideoRequest& video) {
  if (video.no_video || app::is_html_output(video)) return std::nullopt;
  if (video.output == "-") return encode::resolve_format(video.output, video.format);  // y4m when not named
  return video.format ? video.format : encode::format_from_path(video.output);
}
}  // namespace

bool writes_gif(const app::VideoRequest& video) { return written_format(video) == encode::Format::gif; }

const util::NameTable<bool>& legend_table() {
  static const util::NameTable<bool> table("legend setting", "legend", {{true, "on"}, {false, "off"}});
  return table;
}

bool writes_yuv_video(const app::VideoRequest& video) {
  const std::optional<encode::Format> format = written_format(video);
  return format && encode::is_yuv_format(*format);
}

void setup_video_options(CLI::App& cmd, VideoOptions& v) {
  cmd.add_option("-o,--output", v.output,
                 "Video file: .mp4, .gif, .webm, .html (a page embedding the video), .y4m, .nut, .bgra, or "
                 "frames/%04d.png; - for stdout (a y4m stream unless --format says: nnviz train -o - | ffplay -)")
      ->capture_default_str()
      ->group("Output");
  cmd.add_option("--format", v.format,
                 "Output format when the extension does not say: " + joined(encode::format_names()) +
                     " (streams for -o - or a FIFO: y4m, nut = H.264, nut-raw = the exact pixels)")
      ->transform(canonical_names([](const std::string& s) { return encode::format_name(encode::parse_format(s)); }, "FORMAT"))
      ->group("Output");
  cmd.add_option("--fps", v.fps, "Frames per second (default: 5, the notebook's; with --tween K, 5(K+1))")
      ->check(CLI::Range(1, 120))
      ->group("Output");
  cmd.add_option("--tween", v.tween,
                 "K in-between frames between consecutive snapshots, their weights interpolated (not trained "
                 "states): smooth motion")
      ->check(CLI::Range(0, 100))
      ->capture_default_str()
      ->group("Frames");
  cmd.add_flag("--morph", v.morph,
               "Add the layer morph: the data and the mesh moving through the network stage by stage (linear map, "
               "bias, activation, per layer), in one large panel")
      ->group("Frames");
  cmd.add_option("--morph-at", v.morph_at,
                 "Which snapshots get the morph, after their frame: first, last or epochs, e.g. first,last or 0,50 "
                 "(default: last)")
      ->group("Frames");
  cmd.add_option("--morph-seconds", v.morph_seconds, "Seconds of the morph per hidden layer (default: 3)")
      ->check(finite_range(0.2, 60.0))
      ->group("Frames");
  cmd.add_option("--size", v.size, "Frame size in pixels (the notebook: 18x6 in at 100 dpi)")
      ->check(frame_size())
      ->capture_default_str()
      ->group("Output");
  cmd.add_option("--style", v.style, "surface (smooth, warped grid) or points (the notebook's dots)")
      ->transform(canonical_names([](const std::string& s) { return render::style_name(render::parse_style(s)); }, "STYLE"))
      ->capture_default_str()
      ->group("Output");
  cmd.add_option("--palette", v.palette, "Colours: seaborn (the notebook's) or okabe-ito (colour-blind safe)")
      ->transform(canonical_names([](const std::string& s) { return render::palette_by_name(s).name(); },
                                  names_description(render::palette_names())))
      ->capture_default_str()
      ->group("Output");
  cmd.add_option("--axes", v.axes, "Axis ranges: smooth, fixed (the notebook's video) or auto")
      ->transform(canonical_names([](const std::string& s) { return scene::axes_mode_name(scene::parse_axes_mode(s)); },
                                  "MODE"))
      ->capture_default_str()
      ->group("Output");
  cmd.add_option("--title", v.title, "A caption under the heading")->group("Output");
  cmd.add_option("--panels", v.panels,
                 "Panels to draw, e.g. input,hidden2,activation2,loss: input, hiddenN, activationN, neurons "
                 "(every hidden unit's output over the input plane, a block per layer; neuronsN: layer N's), loss, "
                 "stats (per hidden layer: weights, pre-activations and gradients as histograms over the epochs, dead "
                 "or saturated units; see --stats), all (the layer panels and loss) (default: every layer panel)")
      // An empty value (as a printed config file has it) is the default.
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            try {
              if (!value.empty()) render::parse_panels(split_list(value));
            } catch (const Error& e) {
              return e.what();
            }
            return {};
          },
          "NAME[,NAME...]"))
      ->group("Output");
  cmd.add_option("--legend", v.legend,
                 "on: a key in the heading (the classes' dots, a colour bar of P(class 1)) where it fits; off: none")
      ->transform(canonical_names([](const std::string& s) { return legend_table().name(legend_table().parse(s)); },
                                  "on|off"))
      ->capture_default_str()
      ->group("Output");
  cmd.add_flag("--misclassified", v.misclassified,
               "Ring the points the network misclassifies (in the predicted class's colour); their count in the heading")
      ->group("Output");
  cmd.add_flag("--unit-lines", v.unit_lines,
               "In the input panel, each first-layer unit's zero line (where a relu turns on, a tanh changes sign), "
               "labelled h0, h1... as the hidden panel's axes")
      ->group("Output");
  cmd.add_flag("--unit-contours", v.unit_contours,
               "In the input panel, deeper layers' units' zero level sets too (contours on the mesh)")
      ->group("Output");
  cmd.add_option("--crf", v.crf,
                 "Quality of mp4/webm (lower is better; default: mp4 20 at 1800x600 and up, one lower per halving "
                 "of the pixel count: 17 at 600x200, 16 at least; webm 32)")
      ->check(CLI::Range(0, 63))
      ->group("Output");
  cmd.add_option("--preset", v.preset, "libx264 preset (ultrafast ... veryslow; default medium)")
      ->check(CLI::IsMember({"ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"}))
      ->group("Output");
  cmd.add_option("--gif-palette", v.gif_palette,
                 "GIF colours: global (one palette for the whole animation; default) or frame (one per frame: "
                 "slower, bigger files)")
      ->transform(canonical_names(
          [](const std::string& s) { return encode::gif_palette_mode_name(encode::parse_gif_palette_mode(s)); },
          util::joined(encode::gif_palette_mode_names(), "|")))
      ->group("Output");
  cmd.add_option("--pix-fmt", v.pix_fmt,
                 "Colour of mp4/webm: yuv420p (half-resolution colour; plays everywhere; default) or yuv444p "
                 "(full colour: sharper coloured edges, but most browsers and phones do not play it)")
      ->transform(canonical_names(
          [](const std::string& s) { return encode::pixel_format_name(encode::parse_pixel_format(s)); },
          util::joined(encode::pixel_format_names(), "|")))
      ->group("Output");
  cmd.add_option("--hold-last", v.hold_last, "Seconds the last frame stays on screen")
      ->check(finite_range(0.0, 600.0))
      ->group("Output");
  cmd.add_flag("--html-fragment", v.html_fragment,
               "With -o FILE.html: write the page as one <div> (scoped styles, no <html>/<body>) for a notebook "
               "cell: IPython.display.HTML(open(\"FILE.html\").read())")
      ->group("Output");
  cmd.add_flag("--no-video", v.no_video, "Train and write metrics only")->group("Output");
  cmd.add_flag("-n,--no-overwrite", v.no_overwrite, "Refuse to replace an existing output file")->group("Output");
  // Created when missing (app checks it before any work: never through a file or a dangling link).
  cmd.add_option("--frames", v.frames_dir, "Also write every frame as PNG into this folder (created if missing)")
      ->group("Output");
  cmd.add_option("--render-threads", v.render_threads,
                 "Threads drawing the frames (default: the number of cores; 1: one thread). The frames are the "
                 "same whatever the number")
      ->check(CLI::Range(1, 1024))
      ->group("Output");
}

app::VideoRequest to_video_request(const VideoOptions& v) {
  app::VideoRequest r;
  const auto [w, h] = parse_size(v.size, "--size");
  r.render.width = w;
  r.render.height = h;
  r.render.style = render::parse_style(v.style);
  r.render.title = v.title;
  r.render.palette = v.palette;
  r.render.legend = legend_table().parse(v.legend);
  r.render.misclassified = v.misclassified;
  r.render.unit_lines = v.unit_lines;
  r.render.unit_contours = v.unit_contours;
  if (!v.panels.empty()) r.render.panels = render::parse_panels(split_list(v.panels));
  r.axes = scene::parse_axes_mode(v.axes);
  r.output = v.output;
  if (v.format) r.format = encode::parse_format(*v.format);
  r.tween = v.tween;
  // A tweened run keeps the notebook's pace of 5 snapshots a second, smoothly.
  r.encode.fps = v.fps.value_or(5 * (v.tween + 1));
  if (r.encode.fps > encode::max_fps)
    throw UsageError("--tween: " + std::to_string(v.tween) + " in-between frames play at " + std::to_string(r.encode.fps) +
                     " fps, above the " + std::to_string(encode::max_fps) + " an encoder takes: give --fps");
  r.morph.enabled = v.morph;
  if (!v.morph && (v.morph_at || v.morph_seconds))
    throw UsageError(std::string(v.morph_at ? "--morph-at" : "--morph-seconds") + ": has no effect without --morph");
  if (v.morph_seconds) r.morph.seconds_per_layer = *v.morph_seconds;
  if (v.morph_at) r.morph.at = parse_morph_at(*v.morph_at);
  if (v.morph && v.no_video && !v.frames_dir) throw UsageError("--morph: has no effect with --no-video");
  r.encode.crf = v.crf;
  r.encode.preset = v.preset;
  if (v.gif_palette) r.encode.gif_palette = encode::parse_gif_palette_mode(*v.gif_palette);
  if (v.pix_fmt) r.encode.pix_fmt = encode::parse_pixel_format(*v.pix_fmt);
  r.encode.hold_last = v.hold_last;
  r.encode.overwrite = !v.no_overwrite;
  r.no_video = v.no_video;
  if (v.frames_dir) r.frames_dir = *v.frames_dir;
  if (v.no_video && v.format) throw UsageError("--format: has no effect with --no-video");
  if (v.hold_last > 0.0 && v.no_video) throw UsageError("--hold-last: has no effect with --no-video");
  if (v.html_fragment) {
    if (v.no_video) throw UsageError("--html-fragment: has no effect with --no-video (no page is written)");
    if (!app::is_html_output(r))
      throw UsageError("--html-fragment: no page is written (-o " + util::printable(r.output.string()) +
                       "): it applies with -o FILE.html");
  }
  r.html_fragment = v.html_fragment;
  r.render_threads = static_cast<std::size_t>(
      v.render_threads.value_or(static_cast<int>(std::max(1U, std::thread::hardware_concurrency()))));
  return r;
}

void check_gif_palette_applies(const VideoOptions& v, bool writes_gif, const std::string& gif_options) {
  if (!v.gif_palette || writes_gif) return;
  if (v.no_video) throw UsageError("--gif-palette: has no effect with --no-video");
  throw UsageError("--gif-palette: has no effect: no GIF is written (it applies with " + gif_options + ")");
}

void check_pix_fmt_applies(const VideoOptions& v, bool writes_yuv, const std::string& yuv_options) {
  if (!v.pix_fmt) return;
  if (v.no_video) throw UsageError("--pix-fmt: has no effect with --no-video");
  const app::VideoRequest video = to_video_request(v);
  if (app::is_html_output(video)) {
    if (video.encode.pix_fmt == encode::PixelFormat::yuv420p) return;  // what the page has anyway
    throw UsageError("--pix-fmt: " + *v.pix_fmt + " does not play in most browsers, and a page (-o " +
                     video.output.filename().string() + ") is for one: use yuv420p or an mp4/webm output");
  }
  if (!writes_yuv)
    throw UsageError("--pix-fmt: has no effect: no mp4 or webm is written (it applies with " + yuv_options + ")");
}

void setup_train_options(CLI::App& cmd, TrainOptions& o) {
  // Model and training.
  cmd.add_option("--activation", o.activation,
                 "Hidden activation by its Keras name, or one per hidden layer: tanh,relu")
      ->transform(canonical_names([](const std::string& s) { return model::Activation::parse(s).name(); },
                                  "NAME[,NAME...]", true))
      ->capture_default_str()
      ->group("Model");
  cmd.add_option("--leaky-alpha", o.leaky_alpha, "Negative slope of leaky_relu (tf.keras LeakyReLU: 0.3)")
      ->check(finite_range(0.0, model::max_leaky_alpha))
      ->capture_default_str()
      ->group("Model");
  cmd.add_option("--hidden", o.hidden, "Units per hidden layer: 2 (the notebook), 8 or 8,8,4")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            try {
              parse_units(v, "");
            } catch (const Error& e) {
              return e.what();
            }
            return {};
          },
          "N[,N...]"))
      ->capture_default_str()
      ->group("Model");
  cmd.add_option("--init", o.init, "Kernel initializer: " + joined(model::init_names()))
      ->transform(canonical_names([](const std::string& s) { return model::init_name(model::parse_init(s)); }, "NAME"))
      ->capture_default_str()
      ->group("Model");
  cmd.add_option("--optimizer", o.optimizer, "Optimizer: " + joined(train::optimizer_names()))
      ->transform(canonical_names([](const std::string& s) { return train::optimizer_name(train::parse_optimizer(s)); },
                                  "NAME"))
      ->capture_default_str()
      ->group("Training");
  cmd.add_option("--lr,--learning-rate", o.lr, "Learning rate")
      ->check(finite_positive())
      ->capture_default_str()
      ->group("Training");
  cmd.add_option("--momentum", o.momentum, "Momentum (sgd, rmsprop)")
      ->check(finite_range(0.0, 1.0))
      ->capture_default_str()
      ->group("Training");
  cmd.add_flag("--nesterov", o.nesterov, "Nesterov momentum (sgd)")->group("Training");
  cmd.add_flag("--amsgrad", o.amsgrad, "AMSGrad variant (adam)")->group("Training");
  cmd.add_option("--epochs", o.epochs, "Epochs of training at most (frames = epochs + 1)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str()
      ->group("Training");
  cmd.add_option("--stop-loss", o.stop_loss,
                 "Stop after the first epoch whose loss <= this (0: never). Default: 0.263, the notebook's rule, "
                 "for --dataset blobs; no early stop for other data")
      ->check(finite_non_negative())
      ->group("Training");
  cmd.add_option("--stop-patience", o.stop_patience,
                 "Stop when the training loss has not improved for N epochs (Keras EarlyStopping; 0: never)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str()
      ->group("Training");
  cmd.add_option("--batch-size", o.batch_size, "Rows per gradient step")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str()
      ->group("Training");
  cmd.add_option("--l2", o.l2, "L2 kernel regularisation factor (added to the loss, as Keras)")
      ->check(finite_non_negative())
      ->capture_default_str()
      ->group("Training");

  // Which snapshots become frames.
  cmd.add_option("--every", o.every, "A frame every N epochs (or steps with --steps); the last epoch always")
      ->check(CLI::Range(1, 100000000))
      ->capture_default_str()
      ->group("Frames");
  cmd.add_flag("--steps", o.steps, "Snapshots after gradient steps (batches) instead of epochs")->group("Frames");
  cmd.add_option("--schedule", o.schedule,
                 "Frames at linear or log-spaced epochs (log: denser early, --max-frames of them, 100 by default)")
      ->transform(canonical_names([](const std::string& s) { return train::frame_spacing_table().name(train::frame_spacing_table().parse(s)); },
                                  names_description(train::frame_spacing_table().names())))
      ->capture_default_str()
      ->group("Frames");
  cmd.add_option("--max-frames", o.max_frames, "At most M frames (the first and the last included); 0: no cap")
      ->check(CLI::Range(0, 100000000))
      ->capture_default_str()
      ->group("Frames");

  // Data.
  CLI::Option* dataset_opt = cmd.add_option("--dataset", o.dataset, "Built-in dataset: " + joined(data::dataset_names()))
      ->transform(canonical_names(data::parse_dataset, names_description(data::dataset_names())))
      ->capture_default_str()
      ->group("Data");
  cmd.add_option("--data", o.data_file, "CSV file with columns X0,X1,y (instead of --dataset)")
      ->check(CLI::ExistingFile)
      ->excludes(dataset_opt)
      ->group("Data");
  cmd.add_option("--columns", o.columns,
                 "Columns of --data holding x0, x1 and the label, by header name or 0-based index: a,b,label "
                 "(default: those named X0, X1, y, or the 3 of a 3-column file)")
      ->group("Data");
  cmd.add_option("--seed", o.seed, "Seed of the dataset, the initial weights and the shuffles")
      ->capture_default_str()
      ->group("Data");
  cmd.add_option("--samples", o.samples, "Points in the built-in dataset (default: its own)")
      ->check(CLI::Range(4, 1000000))
      ->group("Data");
  cmd.add_option("--noise", o.noise, "Noise of the built-in dataset (default: its own)")
      ->check(finite_range(0.0, data::max_noise))
      ->group("Data");
  cmd.add_option("--validation-split", o.validation_split, "Fraction held out for validation, stratified")
      ->check(finite_range(0.0, 0.9))
      ->group("Data");

  setup_video_options(cmd, o.video);
  cmd.add_flag("--json", o.json, "Print one JSON object with the results on stdout (nothing else goes there)")
      ->group("Output");
  cmd.add_option("--metrics", o.metrics_file, "Per-frame metrics: epoch,loss,accuracy,... (.csv)")->group("Output");
  cmd.add_option("--save-weights", o.weights_file, "Every frame's weights (.json), to re-render later")->group("Output");
  cmd.add_option("--stats", o.stats_file, stats_option_help)->group("Output");
}

app::TrainRequest to_request(const TrainOptions& o) {
  app::TrainRequest r;
  r.seed = o.seed;
  r.dataset.name = o.dataset;
  r.dataset.samples = o.samples;
  r.dataset.noise = o.noise;
  if (o.data_file) r.data_file = *o.data_file;
  if (o.columns) {
    if (!o.data_file) throw UsageError("--columns: applies to a --data file only");
    r.data_columns = data::parse_csv_columns(*o.columns);
  }
  r.validation_split = o.validation_split;

  r.architecture.hidden = parse_units(o.hidden, "--hidden");
  for (const std::string& name : split_list(o.activation)) {
    model::Activation a = model::Activation::parse(name);
    a.alpha = o.leaky_alpha;
    r.architecture.activations.push_back(a);
  }
  if (r.architecture.activations.size() != 1 && r.architecture.activations.size() != r.architecture.hidden.size())
    throw UsageError("--activation: give one activation, or one per hidden layer (" +
                     std::to_string(r.architecture.hidden.size()) + " for --hidden " + o.hidden + ")");
  if (r.architecture.activations.size() == 1)
    r.architecture.activations.assign(r.architecture.hidden.size(), r.architecture.activations.front());
  r.architecture.init = model::parse_init(o.init);

  r.training.optimizer.kind = train::parse_optimizer(o.optimizer);
  r.training.optimizer.lr = o.lr;
  r.training.optimizer.momentum = o.momentum;
  r.training.optimizer.nesterov = o.nesterov;
  r.training.optimizer.amsgrad = o.amsgrad;
  r.training.epochs = o.epochs;
  // The notebook's stop rule fits the notebook's data: elsewhere it cuts runs short (a moons CSV
  // stopped after 7 epochs), so other data train all their epochs unless asked.
  r.training.stop_loss = o.stop_loss.value_or(!o.data_file && o.dataset == "blobs" ? 0.263 : 0.0);
  r.training.stop_patience = o.stop_patience;
  r.training.batch_size = o.batch_size;
  r.training.frames.every = o.every;
  r.training.frames.steps = o.steps;
  r.training.frames.spacing = train::frame_spacing_table().parse(o.schedule);
  r.training.frames.max_frames = o.max_frames;
  if (o.max_frames == 1) throw UsageError("--max-frames: must be 0 (no cap) or >= 2, the first and the last frame");
  if (o.every != 1 && r.training.frames.spacing == train::FrameSpacing::log)
    throw UsageError("--every: a log --schedule picks its own epochs; give --max-frames instead");
  if (o.every != 1 && o.max_frames > 0) throw UsageError("--every and --max-frames exclude each other: give one");
  r.training.l2 = o.l2;

  r.video = to_video_request(o.video);
  if (o.json && !r.video.no_video && r.video.output == "-")
    throw UsageError("--json: stdout carries the video (-o -); write the video to a file or leave out --json");
  check_gif_palette_applies(o.video, writes_gif(r.video));
  check_pix_fmt_applies(o.video, writes_yuv_video(r.video));
  // Layer numbers can only be checked against the architecture: before any training.
  render::check_panels(r.video.render.panels, static_cast<int>(r.architecture.hidden.size()), "--panels");
  if (o.metrics_file) r.metrics_file = *o.metrics_file;
  if (o.weights_file) r.weights_file = *o.weights_file;
  if (o.stats_file) r.stats_file = *o.stats_file;

  if (o.data_file && (o.samples || o.noise))
    throw UsageError("--data: --samples and --noise apply to built-in datasets only");
  return r;
}

}  // namespace nnviz::cli

namespace nnviz::cli {
namespace {

// stdout carries results only: the paths written, one per line, or one JSON object.
int report_train(const app::TrainReport& report, bool json) {
  if (json) {
    util::Json j = util::Json::object();
    j["nnviz"] = version_name();
    util::Json outputs = util::Json::array();
    for (const auto& path : report.outputs) outputs.push_back(path.string());
    j["outputs"] = std::move(outputs);
    j["frames"] = report.frames;
    j["final"] = run::metrics_json(report.final_metrics, false);
    j["best"] = run::metrics_json(report.best_metrics, false);
    j["stop_reason"] = train::stop_reason_name(report.reason);
    j["message"] = report.message;
    j["wall_seconds"] = report.wall_seconds;
    j["exit_code"] = report.exit_code;
    std::cout << j.dump(2) << '\n';
  } else if (std::find(report.outputs.begin(), report.outputs.end(), "-") == report.outputs.end()) {
    // With -o -, stdout carries the video: nothing may follow it there (the paths are logged).
    for (const auto& path : report.outputs) std::cout << path.string() << '\n';
  }
  std::cout.flush();
  const train::Metrics& m = report.final_metrics;
  spdlog::info("{} frame(s), epoch {}: loss {:.4f}, accuracy {:.3f} ({}); {:.1f} s", report.frames, m.epoch, m.loss,
               m.accuracy, train::stop_reason_name(report.reason), report.wall_seconds);
  for (const auto& path : report.outputs)
    if (path != "-") spdlog::info("wrote {}", path.string());
  if (report.exit_code == exit_code::failure) spdlog::error("{}", report.message);
  if (report.reason == train::StopReason::interrupted)
    spdlog::warn("interrupted: kept {} frame(s)", report.frames);
  return report.exit_code;
}

}  // namespace

Command add_train_command(CLI::App& parent) {
  auto options = std::make_shared<TrainOptions>();
  auto config = std::make_shared<ConfigArgs>();
  CLI::App* cmd = parent.add_subcommand("train", "Train a network and render every epoch into a video");
  setup_train_options(*cmd, *options);
  setup_config_options(*cmd, *config);
  // Each command's examples run as written, in order, in an empty folder
  // (tests/cli/help_examples_test.cpp); each has its comment (help2man makes it the text under it).
  cmd->footer(
      "Examples:\n"
      "  nnviz train                                     # the notebook's run: nnviz.mp4\n"
      "  nnviz train --dataset moons --hidden 8,8 --epochs 300 --every 10 -o moons.gif  # a deeper net\n"
      "  nnviz train --no-video --save-weights run.json  # train only; nnviz render draws it later\n"
      "  nnviz train --activation relu --lr 0.05 --print-config > relu.toml  # then: --config relu.toml");
  return {cmd, [options, config, cmd] {
            if (apply_config_args(*cmd, *config)) return 0;
            app::TrainRequest request = to_request(*options);
            if (config->file) request.config_file = *config->file;
            // The run inside the file: mp4/webm/nut/gif/html carry these options (config_file.hpp).
            request.video.config_toml = embedded_config(*cmd);
            // Refused before training when its frames cannot all be kept.
            const app::MemoryEstimate memory = app::estimate_run_memory(request);
            app::check_memory({memory}, memory.total(), app::memory_limit(), "the run");
            return report_train(app::run_train(request, util::InterruptFlag::install()), options->json);
          }};
}

}  // namespace nnviz::cli
