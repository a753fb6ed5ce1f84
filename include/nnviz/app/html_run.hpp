#pragma once
// `-o run.html`: a run's video encoded to a temporary file, then embedded with its settings,
// results and curves in one self-contained page (app::html_page), written atomically; a player
// told what each video frame shows (the VideoPlan's snapshot, in-between or morph frame).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "nnviz/app/html_page.hpp"
#include "nnviz/run/record.hpp"
#include "nnviz/app/train_run.hpp"

namespace nnviz::app {

// The output is a page: its extension is .html or .htm (any case).
bool is_html_output(const VideoRequest& video);
// The format of the video inside the page: mp4 (H.264, plays everywhere) unless --format webm;
// UsageError for formats a <video> element cannot hold.
encode::Format html_video_format(const VideoRequest& video);

// The page of a run (no video yet): title, settings from record.config, results and curves of
// snapshots [0, snapshots).
HtmlPage run_page(const run::RunRecord& record, const VideoRequest& video, std::size_t snapshots);

// The video a page embeds: its file, and what each of its frames shows (held copies of the last
// frame not listed).
struct PageVideo {
  std::filesystem::path file;
  encode::Format format = encode::Format::mp4;
  std::vector<PlayerFrame> frames;
  std::string poster_png;  // the last frame as PNG; empty: no poster (the video shows its first)
};

// The warning for a page of `bytes` bytes at `path` (empty at most `limit` bytes).
std::string page_size_warning(const std::filesystem::path& path, std::uintmax_t bytes,
                              std::uintmax_t limit = default_page_warn_bytes);

// Where the video inside a page is encoded first: a hidden name in the page's folder.
std::filesystem::path page_video_path(const VideoRequest& video, encode::Format format);
// The step after encoding for an .html output: embeds the video with the run's settings, results
// and curves (of the snapshots its frames reach) in video.output (a <div> alone with
// video.html_fragment), atomically (staged in `commit_to` when given, committed with the run's
// other outputs); warns (spdlog) above video.page_warn_bytes.
void write_html_page(const run::RunRecord& record, const VideoRequest& video, const PageVideo& page_video,
                     util::OutputSet* commit_to = nullptr);
// A file's bytes (Error naming it when it cannot be read).
std::string read_bytes(const std::filesystem::path& path);

}  // namespace nnviz::app
