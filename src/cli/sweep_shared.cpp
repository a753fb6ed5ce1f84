#include "sweep_shared.hpp"

#include <spdlog/spdlog.h>

#include <iostream>
#include <thread>

#include "nnviz/cli/validators.hpp"
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
  cmd.add_option("--tile-size", a.tile_size, "Size of one run's tile (default: from the number of runs, about 360x320, or 960x320 with all panels)")
      ->check(frame_size())
      ->group("Comparison video");
}

sweep::CompareVideoOptions to_compare_video(const CompareVideoArgs& a, const std::filesystem::path& dir) {
  sweep::CompareVideoOptions o;
  o.all_panels = a.panels == "all";
  if (a.tile_size) {  // unset: chosen from the number of runs (sweep::plan_compare_canvas)
    const auto [w, h] = parse_size(*a.tile_size, "--tile-size");
    o.tile_width = w;
    o.tile_height = h;
  }
  o.encode.format = encode::parse_format(a.format);
  o.output = dir / ("compare." + a.format);
  return o;
}

int default_jobs() { return static_cast<int>(std::max(1U, std::thread::hardware_concurrency())); }

void print_summary(const sweep::Summary& summary, const std::filesystem::path& dir, bool json) {
  if (json) {
    std::cout << sweep::summary_to_json(summary, dir).dump(1) << '\n';
  } else {
    std::cout << sweep::markdown_table(summary);
  }
  std::cout.flush();
}

}  // namespace nnviz::cli
