// `nnviz report DIR...`: merge the summaries of a sweep's shards (or re-summarise one folder) and
// build the comparison video from the runs' weights files.
#include <spdlog/spdlog.h>

#include <filesystem>

#include "nnviz/cli/command.hpp"
#include "nnviz/cli/train_command.hpp"
#include "nnviz/cli/validators.hpp"
#include "nnviz/encode/encoder.hpp"
#include "nnviz/render/palette.hpp"
#include "nnviz/sweep/compare_run.hpp"
#include "nnviz/sweep/summary.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"
#include "sweep_shared.hpp"

namespace nnviz::cli {
namespace {
namespace fs = std::filesystem;

struct ReportOptions {
  std::vector<std::string> dirs;
  std::optional<std::string> output;  // unset: the first folder
  bool no_video = false;
  bool json = false;
  int fps = 5;
  std::string style = "surface";
  std::string palette = "seaborn";
  std::string legend = "on";
  std::string axes = "smooth";
  int jobs = default_jobs();
  std::optional<std::string> gif_palette;  // unset: global
  CompareVideoArgs compare;
};

int run_report(const ReportOptions& o) {
  sweep::ReportRequest request;
  for (const std::string& d : o.dirs) request.dirs.emplace_back(d);
  request.dir = o.output ? fs::path(*o.output) : fs::path(o.dirs.front());
  sweep::CompareVideoOptions cv = to_compare_video(o.compare, request.dir);
  cv.encode.fps = o.fps;
  cv.style = render::parse_style(o.style);
  cv.palette = o.palette;
  cv.legend = legend_table().parse(o.legend);
  cv.axes = scene::parse_axes_mode(o.axes);
  cv.jobs = o.jobs;
  // As in `compare`: the option has to change something.
  if (o.gif_palette) {
    if (o.no_video) throw UsageError("--gif-palette: has no effect with --no-video");
    if (o.compare.format != "gif")
      throw UsageError("--gif-palette: has no effect: no GIF is written (it applies with --compare-format gif)");
    cv.encode.gif_palette = encode::parse_gif_palette_mode(*o.gif_palette);
  }
  if (!o.no_video) request.video = cv;

  const sweep::SweepReport report = sweep::run_report(request, util::InterruptFlag::install());
  print_summary(report.summary, request.dir, o.json);
  return report.exit_code;
}

}  // namespace

Command add_report_command(CLI::App& parent) {
  auto o = std::make_shared<ReportOptions>();
  CLI::App* cmd = parent.add_subcommand(
      "report", "Merge `nnviz compare` folders (shards) into one summary, comparison video and index.html");
  cmd->add_option("dirs", o->dirs, "Folders written by `nnviz compare` (one per shard, or the same one)")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("-o,--output", o->output, "Folder for the merged summary and compare.mp4 (default: the first folder)")
      ->group("Output");
  cmd->add_flag("--no-video", o->no_video, "Only merge the summaries")->group("Output");
  cmd->add_flag("--json", o->json, "Print the merged summary as JSON on stdout instead of the Markdown table")
      ->group("Output");
  cmd->add_option("--fps", o->fps, "Frames per second")->check(CLI::Range(1, 120))->capture_default_str()->group("Output");
  cmd->add_option("--style", o->style, "surface or points")
      ->transform(canonical_names([](const std::string& s) { return render::style_name(render::parse_style(s)); },
                                  names_description(render::style_names())))
      ->capture_default_str()
      ->group("Output");
  cmd->add_option("--palette", o->palette, "seaborn or okabe-ito")
      ->transform(canonical_names([](const std::string& s) { return render::palette_by_name(s).name(); },
                                  names_description(render::palette_names())))
      ->capture_default_str()
      ->group("Output");
  cmd->add_option("--legend", o->legend, "on: a key over the comparison video (the classes' dots, a colour bar); off: none")
      ->transform(canonical_names([](const std::string& s) { return legend_table().name(legend_table().parse(s)); },
                                  "on|off"))
      ->capture_default_str()
      ->group("Output");
  cmd->add_option("--axes", o->axes, "smooth, fixed or auto")
      ->transform(canonical_names([](const std::string& s) { return scene::axes_mode_name(scene::parse_axes_mode(s)); },
                                  names_description(scene::axes_mode_table().names())))
      ->capture_default_str()
      ->group("Output");
  cmd->add_option("--gif-palette", o->gif_palette,
                  "GIF colours of the comparison video: global (one palette) or frame (one per frame)")
      ->transform(canonical_names(
          [](const std::string& s) { return encode::gif_palette_mode_name(encode::parse_gif_palette_mode(s)); },
          names_description(encode::gif_palette_mode_names())))
      ->group("Output");
  cmd->add_option("-j,--jobs", o->jobs, "Threads rendering tiles (default: the number of cores)")
      ->check(CLI::Range(1, 1024));
  setup_compare_video_options(*cmd, o->compare);
  cmd->footer(
      "Examples:\n"
      "  for k in 1 2 3; do nnviz compare --seed 1..6 --no-video --shard $k/3 -o part$k; done  # 3 slices\n"
      "  nnviz report part1 part2 part3 -o merged   # one summary, compare.mp4 and index.html in merged\n"
      "  nnviz report merged --no-video --json      # the merged summary as JSON");
  return {cmd, [o] { return run_report(*o); }};
}

}  // namespace nnviz::cli
