#pragma once
// `nnviz train`: dataset -> training -> scenes -> frames -> files. The only place (with the
// other app/ units) that knows every module.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nnviz/run/record.hpp"
#include "nnviz/run/run_config.hpp"
#include "nnviz/data/csv.hpp"
#include "nnviz/data/generators.hpp"
#include "nnviz/encode/encoder.hpp"
#include "nnviz/model/network.hpp"
#include "nnviz/render/renderer.hpp"
#include "nnviz/scene/axes.hpp"
#include "nnviz/scene/stats.hpp"
#include "nnviz/train/checkpoint.hpp"

namespace nnviz::util {
class InterruptFlag;
class OutputSet;
}

namespace nnviz::app {

// The layer morph (scene/morph.hpp): after the frames of the chosen snapshots, a sequence in
// one large panel where the data and the mesh move through the network stage by stage.
struct MorphRequest {
  static constexpr int first = -2;  // the run's first snapshot
  static constexpr int last = -1;   // its last
  bool enabled = false;
  std::vector<int> at{last};  // epochs, or first/last
  double seconds_per_layer = 3.0;
};

// Notebooks refuse or drop outputs larger than about this (matplotlib's 20 MB embed limit, what
// notebook users hit): a larger page is written with a warning saying how to shrink it.
inline constexpr std::uintmax_t default_page_warn_bytes = 20'000'000;

// How a trained run becomes pictures and files (shared by train, render and compare).
struct VideoRequest {
  render::RenderOptions render;
  scene::AxesMode axes = scene::AxesMode::smooth;
  int mesh_resolution = 200;
  std::filesystem::path output = "nnviz.mp4";
  std::optional<encode::Format> format;  // from --format; otherwise from the extension
  encode::EncodeOptions encode;          // format/size filled in by the run
  bool no_video = false;
  std::optional<std::filesystem::path> frames_dir;  // PNG frames as well
  // In-between frames after each snapshot but the last (scene::RunScenes: the weights
  // interpolated; the heading keeps the snapshot's numbers).
  int tween = 0;
  MorphRequest morph;
  // A page (-o run.html) as a <div> for a notebook cell (IPython.display.HTML) instead of a
  // whole page.
  bool html_fragment = false;
  // A page larger than this is written with a warning (tests lower it).
  std::uintmax_t page_warn_bytes = default_page_warn_bytes;
  // The options that made this video (the TOML of --print-config, without the output options;
  // cli/config_file.hpp), carried by the file: the container's comment tag, a page's
  // <script type="application/toml">. Empty: none.
  std::string config_toml;
  // Threads drawing the video's frames (each with its own renderer; the encoder gets the frames
  // in order, the same pixels whatever the count): 1 draws them on the calling thread.
  std::size_t render_threads = 1;
};

// A run to train (RunConfig: what decides it) and where its files go.
struct TrainRequest : run::RunConfig {
  data::CsvColumns data_columns;  // which columns of data_file hold x0, x1, label (the run keeps the points)
  VideoRequest video;
  std::optional<std::filesystem::path> metrics_file;  // .csv or .json
  std::optional<std::filesystem::path> weights_file;  // every frame's weights, .json
  std::optional<std::filesystem::path> stats_file;    // the layer statistics, .csv (stats_io.hpp)
  // The --config file the options came from: an input, so no output may be it.
  std::optional<std::filesystem::path> config_file;
};

struct TrainReport {
  std::vector<std::filesystem::path> outputs;  // files and folders written
  int frames = 0;
  train::Metrics final_metrics;
  train::Metrics best_metrics;  // lowest loss
  train::StopReason reason = train::StopReason::epochs;
  std::string message;
  double wall_seconds = 0.0;
  int exit_code = 0;  // 0, or 130/143 when interrupted, 1 when training diverged
  // A diverged run's outputs hold its finite frames only; `message` says at which epoch it
  // diverged and how many frames were written.
};

// Checks every option and path up front (UsageError), then runs. Logs go to spdlog (stderr).
TrainReport run_train(const TrainRequest& request, const util::InterruptFlag& interrupt);

// The pieces of run_train, for `compare` and `render`:
// checks the outputs of `video` up front (UsageError); returns the resolved format. With -n, no
// PNG frame of the first `max_frames` (-1: the first only) may exist yet.
encode::Format check_video_outputs(const VideoRequest& video, int max_frames = -1);
// The rendering options a network with `hidden_layers` hidden layers allows: the panels exist
// and the figure has room for them (UsageError naming the smallest size). Nothing when nothing
// is drawn.
void check_render_options(const VideoRequest& video, int hidden_layers);
// The number of leading checkpoints with finite losses and weights (all but a diverged one).
std::size_t finite_prefix(const run::RunRecord& record);
// The request writes one video (or page) file at video.output: not stdout, not PNG frames.
// (Output "-" is stdout: a stream in any format but mp4 and PNG, y4m when none is named.)
bool writes_video_file(const VideoRequest& video);
// Loads or draws the data and trains; never touches a file.
run::RunRecord train_record(const TrainRequest& request, const util::InterruptFlag& interrupt);
// Renders and encodes the video of snapshots [0, frames) of `record` (all its finite ones when
// frames < 0), with the in-between frames and morphs `video` asks for; returns the frame count
// written and appends the paths written to `outputs`. With `commit_to` the files are staged
// there for the caller to commit with its others; without, they are committed together before
// the call returns. `shown` (if given) gets the snapshots the written frames reach.
// With the stats panel chosen, its statistics are `stats` when given (computed over the record's
// finite snapshots, as run_stats does), else computed here.
int render_record(const run::RunRecord& record, const VideoRequest& video, const util::InterruptFlag& interrupt,
                  std::vector<std::filesystem::path>& outputs, int frames = -1, util::OutputSet* commit_to = nullptr,
                  std::size_t* shown = nullptr, std::shared_ptr<const scene::RunStats> stats = nullptr);
// The layer statistics of the record's finite snapshots (finite_prefix): the stats panel's and
// the --stats file's.
std::shared_ptr<const scene::RunStats> run_stats(const run::RunRecord& record, const util::InterruptFlag& interrupt);
// The video frames `video` makes of `snapshots` snapshots of a run with `hidden_layers` hidden
// layers (in-between frames and morph sequences included): for the -n checks and estimates.
std::size_t video_frame_count(const VideoRequest& video, std::size_t snapshots, int hidden_layers);
// "its frames are at epochs 0, 10, 20, ..., 200": for messages about a frame that is not there.
std::string frame_epochs_text(const run::RunRecord& record);

// One frame (by epoch) as a PNG, with the axes it has in the run's video. Returns false, having
// written nothing, when `interrupt` was raised before the frame was drawn.
bool render_frame_png(const run::RunRecord& record, const VideoRequest& video, int epoch,
                      const std::filesystem::path& path, const util::InterruptFlag& interrupt);

// The resolved output format of a request (explicit --format, else the extension).
encode::Format resolve_format(const VideoRequest& video);

}  // namespace nnviz::app
