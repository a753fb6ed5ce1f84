// `nnviz render`: re-render a saved run (--save-weights) with other looks, sizes or formats.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>
#include <thread>
#include <memory>

#include "nnviz/run/record.hpp"
#include "nnviz/app/stats_io.hpp"
#include "nnviz/app/train_run.hpp"
#include "nnviz/cli/command.hpp"
#include "nnviz/cli/config_file.hpp"
#include "nnviz/cli/train_command.hpp"
#include "nnviz/util/names.hpp"
#include "nnviz/util/atomic_file.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"
#include "nnviz/util/output_set.hpp"


namespace nnviz::cli {
namespace {

// The run file, read on a helper thread while this one watches the flag: a 100 MB file is one
// JSON parse of seconds that cannot look at it. Nothing has been written yet (outputs are
// opened after the read, no temporary file exists), so an interrupted read ends the process at
// once with the signal's exit code.
run::RunRecord read_run(const std::string& path, const util::InterruptFlag& interrupt) {
  std::packaged_task<run::RunRecord()> task([path, &interrupt] { return run::read_record(path, &interrupt); });
  std::future<run::RunRecord> result = task.get_future();
  std::thread reader(std::move(task));
  while (result.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready) {
    if (interrupt.raised()) {
      spdlog::warn("interrupted while reading {}: nothing written", path);
      std::fflush(nullptr);
      std::_Exit(interrupt.exit_code());
    }
  }
  reader.join();
  return result.get();  // rethrows the reader's error
}

struct RenderOptions {
  std::string run_file;
  std::optional<int> epoch;
  std::optional<std::string> stats_file;
  VideoOptions video;
};

// What only a video means: refused with --epoch (one PNG frame), as --gif-palette is.
void check_epoch_options(const CLI::App& cmd) {
  for (const char* name : {"--format", "--fps", "--crf", "--preset", "--pix-fmt", "--hold-last", "--no-video", "--frames",
                           "--render-threads"})
    if (cmd.count(name) > 0) throw UsageError(std::string(name) + ": has no effect with --epoch (it writes one PNG frame)");
}

// The run file, the --config file (inputs) and `output`: none may be another.
void check_inputs_and_output(const RenderOptions& o, const std::optional<std::string>& config_file,
                             const std::optional<std::filesystem::path>& output) {
  std::vector<util::NamedPath> files{{"the run file", o.run_file}};
  if (output) files.push_back({"--output", *output});
  if (o.stats_file) files.push_back({"--stats", *o.stats_file});
  if (config_file) files.push_back({"--config", *config_file});
  util::check_distinct_files(files);
}

int run_render(const RenderOptions& o, const CLI::App& cmd, const std::optional<std::string>& config_file) {
  if (o.epoch) check_epoch_options(cmd);
  // Without a video, render's only outputs are --frames and --stats.
  if (o.video.no_video && !o.video.frames_dir && !o.stats_file)
    throw UsageError("--no-video: render would write nothing; give --frames DIR for the PNG frames only, or --stats FILE.csv");
  if (o.epoch && o.stats_file)
    throw UsageError("--stats: writes the whole run's statistics, not one epoch's: drop --epoch (with --no-video, render "
                     "writes the statistics only)");
  if (o.stats_file) {
    app::check_stats_path(*o.stats_file);
    util::check_writable_output(*o.stats_file, "--stats");
    if (o.video.no_overwrite && std::filesystem::exists(std::filesystem::symlink_status(*o.stats_file)))
      throw UsageError("--stats: '" + *o.stats_file + "' already exists (drop -n/--no-overwrite to replace it)");
  }
  app::VideoRequest video = to_video_request(o.video);
  // A re-rendered video carries render's options (not the run's training ones, which the run
  // file holds): nnviz render RUN.json --config VIDEO renders it again.
  video.config_toml = embedded_config(cmd);
  check_gif_palette_applies(o.video, !o.epoch && writes_gif(video));
  check_pix_fmt_applies(o.video, writes_yuv_video(video));
  if (o.epoch) {
    if (util::ascii_lower(video.output.extension().string()) != ".png")
      throw UsageError("--epoch: writes one PNG frame; give -o FILE.png");
    check_inputs_and_output(o, config_file, video.output);
    const util::InterruptFlag& interrupt = util::InterruptFlag::install();
    const run::RunRecord record = read_run(o.run_file, interrupt);
    if (interrupt.raised() || !app::render_frame_png(record, video, *o.epoch, video.output, interrupt)) {
      spdlog::warn("interrupted before epoch {} was drawn: nothing written", *o.epoch);
      return interrupt.exit_code();
    }
    std::cout << video.output.string() << '\n';
    spdlog::info("wrote epoch {} to {}", *o.epoch, video.output.string());
    return 0;
  }
  app::check_video_outputs(video);
  check_inputs_and_output(o, config_file,
                          app::writes_video_file(video) ? std::optional<std::filesystem::path>(video.output) : std::nullopt);
  const util::InterruptFlag& interrupt = util::InterruptFlag::install();
  spdlog::debug("reading {}", o.run_file);
  const run::RunRecord record = read_run(o.run_file, interrupt);
  std::vector<std::filesystem::path> outputs;
  // The statistics file and the video are committed together.
  util::OutputSet set(!o.video.no_overwrite);
  std::shared_ptr<const scene::RunStats> stats;
  if (o.stats_file) {
    stats = app::run_stats(record, interrupt);
    set.write_file(*o.stats_file, app::stats_to_csv(*stats));
    outputs.emplace_back(*o.stats_file);
  }
  const int frames = app::render_record(record, video, interrupt, outputs, -1, &set, nullptr, stats);
  set.commit();
  // With -o -, stdout carries the video: nothing may follow it there (the paths are logged).
  if (std::find(outputs.begin(), outputs.end(), "-") == outputs.end())
    for (const auto& p : outputs) std::cout << p.string() << '\n';
  for (const auto& p : outputs)
    if (p != "-") spdlog::info("wrote {}", p.string());
  spdlog::info("rendered {} frame(s) of {}", frames, o.run_file);
  if (interrupt.raised()) return interrupt.exit_code();
  return 0;
}

}  // namespace

Command add_render_command(CLI::App& parent) {
  auto options = std::make_shared<RenderOptions>();
  CLI::App* cmd = parent.add_subcommand("render", "Re-render a run saved with --save-weights, without training");
  cmd->add_option("run", options->run_file, "The run's weights file (.json)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--epoch", options->epoch, "Write only this epoch's frame, as PNG (-o FILE.png)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--stats", options->stats_file, stats_option_help)->group("Output");
  setup_video_options(*cmd, options->video);
  auto config = std::make_shared<ConfigArgs>();
  setup_config_options(*cmd, *config);
  cmd->footer(
      "Examples:\n"
      "  nnviz train --no-video --save-weights run.json   # a run to render\n"
      "  nnviz render run.json --style points --size 900x300 -o points.mp4  # the notebook's dots, smaller\n"
      "  nnviz render run.json --epoch 10 -o epoch10.png      # one frame\n"
      "  nnviz render run.json --morph --size 720x400 -o morph.mp4  # then the layer morph");
  return {cmd, [options, config, cmd] {
            // The run file is positional: a config file sets the looks, the command line names the run.
            if (apply_config_args(*cmd, *config)) return 0;
            return run_render(*options, *cmd, config->file);
          }};
}

}  // namespace nnviz::cli
