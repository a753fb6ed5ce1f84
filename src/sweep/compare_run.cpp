#include "nnviz/sweep/compare_run.hpp"

#include <spdlog/spdlog.h>

#include <set>

#include "nnviz/app/html_page.hpp"
#include "nnviz/app/html_run.hpp"
#include "nnviz/run/record.hpp"
#include "nnviz/util/names.hpp"
#include "nnviz/util/atomic_file.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"

namespace nnviz::sweep {
namespace fs = std::filesystem;
namespace {

}  // namespace

void check_sweep_folder(const fs::path& dir) {
  // The folder, or the nearest part of its path that exists: compare creates the rest.
  std::error_code ec;
  fs::path at = dir;
  while (!at.empty() && !fs::exists(at, ec) && at != at.parent_path()) at = at.parent_path();
  if (!at.empty() && fs::exists(at, ec) && !fs::is_directory(at, ec))
    throw UsageError("--output: '" + at.string() + "' exists and is not a folder (compare writes a folder of runs)");
}

namespace {

// A tile's caption: the run's label (its swept settings), or its folder name without one.
std::string tile_label(const std::string& label, const std::string& name) { return label.empty() ? name : label; }

void prepare_folder(const fs::path& dir) {
  check_sweep_folder(dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) throw UsageError("--output: cannot create the folder '" + dir.string() + "'");
  util::check_writable_output(dir / "summary.json", "--output");
}

// The comparison video of `tiles` and the page; appends what was written to `report`.
void write_video_and_page(const std::vector<CompareTile>& tiles, const std::optional<CompareVideoOptions>& video,
                          const fs::path& dir, const util::InterruptFlag& interrupt, SweepReport& report) {
  std::optional<fs::path> page_video;
  if (video && !tiles.empty() && !interrupt.raised()) {
    report.video_frames = write_compare_video(tiles, *video, interrupt);
    if (report.video_frames > 0) {
      spdlog::info("wrote {} ({} frames, {} tiles)", video->output.string(), report.video_frames, tiles.size());
      page_video = video->output;
      report.outputs.push_back(video->output);
    }
  }
  if (video && interrupt.raised() && report.video_frames == 0)
    spdlog::warn("interrupted before the first frame of {}: it was not written", video->output.string());
  else if (video && interrupt.raised() && report.video_frames > 0)
    spdlog::warn("interrupted: {} has the {} frame(s) rendered so far", video->output.string(), report.video_frames);
  const fs::path page = write_compare_page(report.summary, dir, page_video);
  spdlog::info("wrote {}", page.string());
  report.outputs.push_back(page);
}

void write_summary_files(SweepReport& report, const fs::path& dir) {
  for (fs::path& p : write_summary(report.summary, dir)) {
    spdlog::info("wrote {}", p.string());
    report.outputs.push_back(std::move(p));
  }
  report.exit_code = summary_exit_code(report.summary);
}

// The video's options with the sweep's axes (the table's rows and columns).
CompareVideoOptions with_axes(CompareVideoOptions video, const std::vector<Axis>& axes) {
  video.sweep_axes = axes;
  return video;
}

}  // namespace

std::vector<CompareTile> planned_tiles(const std::vector<RunPlan>& plans) {
  std::vector<CompareTile> tiles;
  for (const RunPlan& p : plans) tiles.push_back({tile_label(p.label, p.name), nullptr, p.settings});
  return tiles;
}

int summary_exit_code(const Summary& summary) {
  std::size_t ok = 0;
  std::size_t failed = 0;
  for (const SummaryRow& r : summary.rows) {
    if (r.status == RunStatus::ok) ++ok;
    if (r.status == RunStatus::failed) ++failed;
  }
  const std::size_t expected = summary.shard ? 0 : summary.grid_size;  // a shard holds a slice
  const std::size_t missing = expected > summary.rows.size() ? expected - summary.rows.size() : 0;
  if (failed > 0) spdlog::warn("{} of {} run(s) failed (see the reason column of summary.csv)", failed, summary.rows.size());
  if (missing > 0) spdlog::warn("{} of {} run(s) of the grid have no result", missing, summary.grid_size);
  if (ok == 0 && !summary.rows.empty()) return exit_code::failure;
  return failed > 0 || missing > 0 ? exit_code::partial : exit_code::ok;
}

SweepReport run_compare(const CompareRequest& request, const util::InterruptFlag& interrupt,
                        const RunCallback& on_finished) {
  // A canvas no browser can play is refused before any run: its size is known from the plans.
  if (request.video && !request.grid.shard && !request.plans.empty())
    (void)plan_compare_canvas(planned_tiles(request.plans), with_axes(*request.video, request.grid.axes));
  prepare_folder(request.dir);
  RunnerOptions runner = request.runner;
  runner.dir = request.dir;
  runner.keep_records = request.video.has_value();
  std::vector<RunResult> results = run_sweep(request.plans, runner, interrupt, on_finished);

  SweepReport report;
  report.summary.grid_size = request.grid.grid_size;
  report.summary.axes = request.grid.axes;
  report.summary.shard = request.grid.shard;
  std::vector<CompareTile> tiles;
  for (RunResult& r : results) {
    if (r.record) tiles.push_back({tile_label(r.row.label, r.row.name), std::move(r.record), r.row.settings});
    report.summary.rows.push_back(std::move(r.row));
  }
  write_summary_files(report, request.dir);
  // The page belongs to a whole sweep; a shard's is made by `nnviz report` after the merge.
  if (!request.grid.shard)
    write_video_and_page(tiles, request.video ? std::optional(with_axes(*request.video, request.grid.axes)) : std::nullopt,
                         request.dir, interrupt, report);
  if (interrupt.raised()) {
    spdlog::warn("interrupted: the summary has the {} run(s) that started", report.summary.rows.size());
    report.exit_code = interrupt.exit_code();
  }
  return report;
}

namespace {

// When every part is a slice of the same N: the slices no folder held, by the --shard that makes
// them, so that the job to run again is known ("4 of 12 runs have no result" does not say).
void warn_missing_slices(const std::vector<Summary>& parts) {
  std::set<int> present;
  int count = 0;
  for (const Summary& s : parts) {
    if (!s.shard || (count != 0 && s.shard->count != count)) return;
    count = s.shard->count;
    present.insert(s.shard->slice());
  }
  std::vector<std::string> missing;
  for (int k = 0; k < count; ++k) {
    if (present.count(k) > 0) continue;
    const std::string n = std::to_string(count);
    missing.push_back(k == 0 ? "--shard " + n + "/" + n + " (or 0/" + n + ")" : "--shard " + std::to_string(k) + "/" + n);
  }
  if (missing.empty()) return;
  std::string list;
  for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + m;
  spdlog::warn("no folder given holds the slice(s) {}: run compare with it, then report with its folder", list);
}

}  // namespace

SweepReport run_report(const ReportRequest& request, const util::InterruptFlag& interrupt) {
  std::vector<Summary> parts;
  for (const fs::path& d : request.dirs)
    for (Summary& s : read_summaries(d)) parts.push_back(std::move(s));
  SweepReport report;
  report.summary = merge_summaries(parts);
  warn_missing_slices(parts);
  std::size_t finished = 0;
  for (const SummaryRow& r : report.summary.rows) finished += r.status == RunStatus::ok ? 1 : 0;
  // Checked before anything is written, as compare does before its runs.
  std::optional<CompareVideoOptions> video;
  if (request.video) video = with_axes(*request.video, report.summary.axes);
  if (video && finished > 0) {
    std::vector<CompareTile> planned;
    for (const SummaryRow& r : report.summary.rows)
      if (r.status == RunStatus::ok) planned.push_back({tile_label(r.label, r.name), nullptr, r.settings});
    (void)plan_compare_canvas(planned, *video);
  }
  prepare_folder(request.dir);
  write_summary_files(report, request.dir);

  // Tiles for the runs that finished, in grid order, from the weights each run wrote. A run
  // whose weights are missing or unreadable is left out with a warning, and the sweep is partial.
  std::vector<CompareTile> tiles;
  std::size_t left_out = 0;
  if (request.video) {
    for (const SummaryRow& r : report.summary.rows) {
      if (interrupt.raised()) break;
      if (r.status != RunStatus::ok) continue;
      const fs::path weights = r.dir / "weights.json";
      if (!fs::exists(weights)) {
        spdlog::warn("{}: no weights.json, left out of the comparison video", r.dir.string());
        ++left_out;
        continue;
      }
      try {
        tiles.push_back({tile_label(r.label, r.name),
                         std::make_shared<const run::RunRecord>(run::read_record(weights, &interrupt)), r.settings});
      } catch (const Interrupted&) {
        break;  // the summary is written; the video is not (said below)
      } catch (const Error& e) {
        spdlog::warn("{}; left out of the comparison video", e.what());
        ++left_out;
      }
    }
    if (tiles.empty() && !interrupt.raised()) spdlog::warn("no finished run to put in the comparison video");
  }
  write_video_and_page(tiles, video, request.dir, interrupt, report);
  if (left_out > 0 && report.exit_code == exit_code::ok) report.exit_code = exit_code::partial;
  if (interrupt.raised()) report.exit_code = interrupt.exit_code();
  return report;
}

fs::path write_compare_page(const Summary& summary, const fs::path& dir, const std::optional<fs::path>& video) {
  app::HtmlPage page;
  page.title = fmt::format("nnviz compare: {} run(s)", summary.rows.size());
  if (video) {
    page.video = app::read_bytes(*video);
    page.video_mime = util::ascii_lower(video->extension().string()) == ".gif" ? "image/gif" : "video/mp4";
  }
  const auto number = [](const std::optional<double>& v, const char* spec) {
    return v ? fmt::format(fmt::runtime(spec), *v) : std::string();
  };
  const auto integer = [](const std::optional<int>& v) { return v ? std::to_string(*v) : std::string(); };
  page.table.header = {"run", "status", "final epoch", "final loss", "final accuracy", "best loss", "best epoch",
                       "stop epoch", "frames", "wall s", "reason"};
  for (const SummaryRow& r : summary.rows)
    page.table.rows.push_back({r.name, status_name(r.status), integer(r.final_epoch), number(r.final_loss, "{:.4f}"),
                               number(r.final_accuracy, "{:.3f}"), number(r.best_loss, "{:.4f}"), integer(r.best_epoch),
                               integer(r.stop_epoch), std::to_string(r.frames), fmt::format("{:.1f}", r.wall_seconds),
                               r.reason});
  const fs::path path = dir / "index.html";
  util::write_file_atomically(path, app::html_page(page));
  return path;
}

}  // namespace nnviz::sweep
