#include "sweep_shared.hpp"

#include <spdlog/spdlog.h>

#include <iostream>
#include <thread>

#include "nnviz/app/html_page.hpp"
#include "nnviz/app/html_run.hpp"
#include "nnviz/cli/validators.hpp"
#include "nnviz/util/atomic_file.hpp"
#include "nnviz/util/error.hpp"

namespace nnviz::cli {

void setup_compare_video_options(CLI::App& cmd, CompareVideoArgs& a) {
  cmd.add_option("--compare-format", a.format, "Format of the comparison video <dir>/compare.<format>")
      ->check(CLI::IsMember({"mp4", "gif"}))
      ->capture_default_str()
      ->group("Comparison video");
  cmd.add_option("--compare-panels", a.panels, "What each tile shows: input (the input panel) or all panels")
      ->check(CLI::IsMember({"input", "all"}))
      ->capture_default_str()
      ->group("Comparison video");
  cmd.add_option("--tile-size", a.tile_size, "Size of one run's tile (default 360x320, or 960x320 with all panels)")
      ->check(frame_size())
      ->group("Comparison video");
}

sweep::CompareVideoOptions to_compare_video(const CompareVideoArgs& a, const std::filesystem::path& dir) {
  sweep::CompareVideoOptions o;
  o.all_panels = a.panels == "all";
  const auto [w, h] = parse_size(a.tile_size.value_or(o.all_panels ? "960x320" : "360x320"), "--tile-size");
  o.tile_width = w;
  o.tile_height = h;
  o.encode.format = encode::parse_format(a.format);
  o.output = dir / ("compare." + a.format);
  return o;
}

int default_jobs() { return static_cast<int>(std::max(1U, std::thread::hardware_concurrency())); }

int report_summary(const sweep::Summary& summary, const std::filesystem::path& dir, bool json) {
  const std::vector<std::filesystem::path> written = sweep::write_summary(summary, dir);
  if (json) {
    std::cout << sweep::summary_to_json(summary, dir).dump(1) << '\n';
  } else {
    std::cout << sweep::markdown_table(summary);
  }
  std::cout.flush();
  for (const auto& p : written) spdlog::info("wrote {}", p.string());

  std::size_t ok = 0;
  std::size_t failed = 0;
  for (const sweep::SummaryRow& r : summary.rows) {
    if (r.status == sweep::RunStatus::ok) ++ok;
    if (r.status == sweep::RunStatus::failed) ++failed;
  }
  const std::size_t expected = summary.shard ? 0 : summary.grid_size;  // a shard holds a slice
  const std::size_t missing = expected > summary.rows.size() ? expected - summary.rows.size() : 0;
  if (failed > 0) spdlog::warn("{} of {} run(s) failed (see the reason column of summary.csv)", failed, summary.rows.size());
  if (missing > 0) spdlog::warn("{} of {} run(s) of the grid have no result", missing, summary.grid_size);
  if (ok == 0 && !summary.rows.empty()) return exit_code::failure;
  return failed > 0 || missing > 0 ? exit_code::partial : exit_code::ok;
}

std::filesystem::path write_compare_page(const sweep::Summary& summary, const std::filesystem::path& dir,
                                         const std::optional<std::filesystem::path>& video) {
  app::HtmlPage page;
  page.title = fmt::format("nnviz compare: {} run(s)", summary.rows.size());
  if (video) {
    page.video = app::read_bytes(*video);
    page.video_mime = video->extension() == ".gif" ? "image/gif" : "video/mp4";
  }
  const auto number = [](const std::optional<double>& v, const char* spec) {
    return v ? fmt::format(fmt::runtime(spec), *v) : std::string();
  };
  const auto integer = [](const std::optional<int>& v) { return v ? std::to_string(*v) : std::string(); };
  page.table.header = {"run", "status", "final epoch", "final loss", "final accuracy", "best loss", "best epoch",
                       "stop epoch", "frames", "wall s", "reason"};
  for (const sweep::SummaryRow& r : summary.rows)
    page.table.rows.push_back({r.name, sweep::status_name(r.status), integer(r.final_epoch),
                               number(r.final_loss, "{:.4f}"), number(r.final_accuracy, "{:.3f}"),
                               number(r.best_loss, "{:.4f}"), integer(r.best_epoch), integer(r.stop_epoch),
                               std::to_string(r.frames), fmt::format("{:.1f}", r.wall_seconds), r.reason});
  const std::filesystem::path path = dir / "index.html";
  util::write_file_atomically(path, app::html_page(page));
  return path;
}

}  // namespace nnviz::cli
