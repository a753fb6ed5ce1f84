// `nnviz report DIR...`: merge the summaries of a sweep's shards (or re-summarise one folder) and
// build the comparison video from the runs' weights files.
#include <spdlog/spdlog.h>

#include <csignal>
#include <filesystem>
#include <memory>

#include "nnviz/app/run_record.hpp"
#include "nnviz/cli/command.hpp"
#include "nnviz/cli/validators.hpp"
#include "nnviz/encode/encoder.hpp"
#include "nnviz/render/palette.hpp"
#include "nnviz/sweep/summary.hpp"
#include "nnviz/util/atomic_file.hpp"
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
  std::string axes = "smooth";
  int jobs = default_jobs();
  std::optional<std::string> gif_palette;  // unset: global
  CompareVideoArgs compare;
};

int run_report(const ReportOptions& o) {
  std::vector<sweep::Summary> parts;
  for (const std::string& d : o.dirs)
    for (sweep::Summary& s : sweep::read_summaries(d)) parts.push_back(std::move(s));
  sweep::Summary merged = sweep::merge_summaries(parts);

  const fs::path out = o.output ? fs::path(*o.output) : fs::path(o.dirs.front());
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec || !fs::is_directory(out)) throw UsageError("--output: cannot create the folder '" + out.string() + "'");
  util::check_writable_output(out / "summary.json", "--output");
  sweep::CompareVideoOptions cv = to_compare_video(o.compare, out);
  cv.encode.fps = o.fps;
  cv.style = render::parse_style(o.style);
  cv.palette = o.palette;
  cv.axes = scene::parse_axes_mode(o.axes);
  cv.jobs = o.jobs;
  // As in `compare`: the option has to change something.
  if (o.gif_palette) {
    if (o.no_video) throw UsageError("--gif-palette: has no effect with --no-video");
    if (o.compare.format != "gif")
      throw UsageError("--gif-palette: has no effect: no GIF is written (it applies with --compare-format gif)");
    cv.encode.gif_palette = encode::parse_gif_palette_mode(*o.gif_palette);
  }

  const int code = report_summary(merged, out, o.json);
  // The page of the merged sweep, as `compare` writes for a whole one: the comparison video
  // (when one is made) and a row per run.
  const auto write_page = [&](const std::optional<fs::path>& video) {
    spdlog::info("wrote {}", write_compare_page(merged, out, video).string());
  };
  if (o.no_video) {
    write_page(std::nullopt);
    return code;
  }

  // Tiles for the runs that finished, in grid order, from the weights each run wrote.
  std::vector<sweep::CompareTile> tiles;
  for (const sweep::SummaryRow& r : merged.rows) {
    if (r.status != sweep::RunStatus::ok) continue;
    const fs::path weights = r.dir / "weights.json";
    if (!fs::exists(weights)) {
      spdlog::warn("{}: no weights.json, left out of the comparison video", r.dir.string());
      continue;
    }
    tiles.push_back({r.label.empty() ? r.name : r.label, std::make_shared<const app::RunRecord>(app::read_record(weights))});
  }
  if (tiles.empty()) {
    spdlog::warn("no finished run to put in the comparison video");
    write_page(std::nullopt);
    return code;
  }
  const util::InterruptFlag& interrupt = util::InterruptFlag::install();
  const int frames = sweep::write_compare_video(tiles, cv, interrupt);
  if (frames > 0) spdlog::info("wrote {} ({} frames, {} tiles)", cv.output.string(), frames, tiles.size());
  write_page(frames > 0 ? std::optional<fs::path>(cv.output) : std::nullopt);
  if (interrupt.raised()) return interrupt.signal() == SIGTERM ? exit_code::sigterm : exit_code::sigint;
  return code;
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
  return {cmd, [o] { return run_report(*o); }};
}

}  // namespace nnviz::cli
