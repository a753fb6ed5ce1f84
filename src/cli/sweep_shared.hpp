#pragma once
// What `compare` and `report` share: the comparison video's options and the summary's output.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>
#include <string>

#include "nnviz/sweep/compare_video.hpp"
#include "nnviz/sweep/summary.hpp"

namespace nnviz::cli {

struct CompareVideoArgs {
  std::string format = "mp4";
  std::string panels = "input";
  std::optional<std::string> tile_size;  // unset: chosen from the runs (sweep::plan_compare_canvas)
};
void setup_compare_video_options(CLI::App& cmd, CompareVideoArgs& args);
// <dir>/compare.<format>; every other look from the arguments.
sweep::CompareVideoOptions to_compare_video(const CompareVideoArgs& args, const std::filesystem::path& dir);

// std::thread::hardware_concurrency(), at least 1.
int default_jobs();

// Prints the Markdown table of the runs (or the summary JSON with `json`) on stdout.
void print_summary(const sweep::Summary& summary, const std::filesystem::path& dir, bool json);

}  // namespace nnviz::cli
