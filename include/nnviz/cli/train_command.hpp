#pragma once
// `nnviz train`: its options, their validation, and the TrainRequest they make.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "nnviz/app/train_run.hpp"
#include "nnviz/util/names.hpp"

namespace nnviz::cli {

// The options that turn a trained run into pictures: shared by train, render and compare.
struct VideoOptions {
  std::string output = "nnviz.mp4";
  std::optional<std::string> format;
  std::optional<int> fps;  // unset: 5 (the notebook's), times tween + 1
  int tween = 0;
  bool morph = false;
  std::optional<std::string> morph_at;  // unset: last
  std::optional<double> morph_seconds;  // unset: 3 per hidden layer
  std::string size = "1800x600";
  std::string style = "surface";
  std::string palette = "seaborn";
  std::string axes = "smooth";
  std::string title;
  std::string panels;  // empty: every layer panel (the notebook's figure)
  std::string legend = "on";
  bool misclassified = false;
  bool unit_lines = false;
  bool unit_contours = false;
  int crf = -1;
  std::string preset;
  std::optional<std::string> gif_palette;  // unset: global (and no complaint for non-GIF outputs)
  std::optional<std::string> pix_fmt;      // unset: yuv420p (and no complaint for other outputs)
  double hold_last = 0.0;
  bool no_video = false;
  bool no_overwrite = false;
  std::optional<std::string> frames_dir;
  bool html_fragment = false;  // a page (-o FILE.html) as a <div> for a notebook cell
  std::optional<int> render_threads;  // unset: every core (std::thread::hardware_concurrency)
};
void setup_video_options(CLI::App& cmd, VideoOptions& options);
// --stats's help, shared by train and render: what the file holds and how gradients are defined.
inline constexpr const char* stats_option_help =
    "Layer statistics per frame (.csv): per layer, histograms (40 bins fixed over the run) of the weights, the "
    "pre-activations on the training data and the gradients (the full-batch gradient of the training loss, BCE + "
    "L2, at the frame's weights), and the fraction of dead relu or saturated tanh/sigmoid units";
// --legend's values: on, off (any case).
const util::NameTable<bool>& legend_table();
app::VideoRequest to_video_request(const VideoOptions& options);
// --gif-palette only makes sense where a GIF is written: UsageError otherwise, as for --format
// with --no-video. `writes_gif`: the command writes at least one GIF; `gif_options`: how the
// command's user asks for one, for the message.
void check_gif_palette_applies(const VideoOptions& options, bool writes_gif,
                               const std::string& gif_options = "-o FILE.gif or --format gif");
// --pix-fmt only makes sense where an mp4 or webm file is written, and yuv444p not in a page
// (.html: browsers do not play it): UsageError otherwise. `writes_yuv`: the command writes at
// least one mp4 or webm file that is not a page's; `yuv_options`: how its user asks for one.
void check_pix_fmt_applies(const VideoOptions& options, bool writes_yuv,
                           const std::string& yuv_options = "-o FILE.mp4 or FILE.webm");
// `video` writes an mp4 or webm file of its own (not a page's video).
bool writes_yuv_video(const app::VideoRequest& video);
// `video` writes a GIF: its --format, else its output's extension (a page embeds mp4 or webm).
bool writes_gif(const app::VideoRequest& video);

// What the command line gives, as typed; to_request() turns it into a checked TrainRequest.
struct TrainOptions {
  std::string activation = "tanh";
  double leaky_alpha = 0.3;
  std::string hidden = "2";
  std::string init = "glorot_uniform";
  std::string optimizer = "adam";
  double lr = 0.1;
  double momentum = 0.0;
  bool nesterov = false;
  bool amsgrad = false;
  int epochs = 200;
  std::optional<double> stop_loss;  // unset: the notebook's 0.263 for blobs, no early stop otherwise
  int stop_patience = 0;
  int batch_size = 32;
  // Which snapshots become frames (train::FrameSchedule).
  int every = 1;
  bool steps = false;
  std::string schedule = "linear";
  int max_frames = 0;
  double l2 = 0.0;

  std::string dataset = "blobs";
  std::optional<std::string> data_file;
  std::optional<std::string> columns;  // --columns x0,x1,label of the data file
  std::uint32_t seed = 12345;
  std::optional<int> samples;    // unset: the generator's default
  std::optional<double> noise;
  double validation_split = 0.0;

  VideoOptions video;
  bool json = false;
  std::optional<std::string> metrics_file;
  std::optional<std::string> weights_file;
  std::optional<std::string> stats_file;
};

// Adds the options to `cmd` (a subcommand), each with its validator.
void setup_train_options(CLI::App& cmd, TrainOptions& options);
// Cross-option checks and conversion; throws UsageError naming the option.
app::TrainRequest to_request(const TrainOptions& options);

}  // namespace nnviz::cli
