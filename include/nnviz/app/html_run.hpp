#pragma once
// `-o run.html`: a run's video encoded to a temporary file, then embedded with its settings,
// results and curves in one self-contained page (app::html_page), written atomically.
#include <filesystem>
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

// The page of a run (no video yet): title, settings from record.config, results of frames
// [0, frames), curves.
HtmlPage run_page(const run::RunRecord& record, const VideoRequest& video, std::size_t frames);

// Where the video inside a page is encoded first: a hidden name in the page's folder.
std::filesystem::path page_video_path(const VideoRequest& video, encode::Format format);
// The step after encoding for an .html output: embeds `video_file` (the first `frames` frames of
// the run, in `format`) with the run's settings, results and curves in video.output, atomically
// (staged in `commit_to` when given, committed with the run's other outputs).
void write_html_page(const run::RunRecord& record, const VideoRequest& video, std::size_t frames,
                     const std::filesystem::path& video_file, encode::Format format,
                     util::OutputSet* commit_to = nullptr);
// A file's bytes (Error naming it when it cannot be read).
std::string read_bytes(const std::filesystem::path& path);

}  // namespace nnviz::app
