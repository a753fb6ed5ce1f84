#pragma once
// `-o run.html`: a run's video encoded to a temporary file, then embedded with its settings,
// results and curves in one self-contained page (app::html_page), written atomically.
#include <filesystem>
#include <vector>

#include "nnviz/app/html_page.hpp"
#include "nnviz/app/run_record.hpp"
#include "nnviz/app/train_run.hpp"

namespace nnviz::app {

// The output is a page: its extension is .html or .htm (any case).
bool is_html_output(const VideoRequest& video);
// The format of the video inside the page: mp4 (H.264, plays everywhere) unless --format webm;
// UsageError for formats a <video> element cannot hold.
encode::Format html_video_format(const VideoRequest& video);

// The page of a run (no video yet): title, settings from record.config, results of frames
// [0, frames), curves.
HtmlPage run_page(const RunRecord& record, const VideoRequest& video, std::size_t frames);

// render_record for an .html output: encodes into a temporary file next to the page, embeds it,
// writes the page atomically and removes the temporary file. Same contract as render_record.
int render_html(const RunRecord& record, const VideoRequest& video, const util::InterruptFlag& interrupt,
                std::vector<std::filesystem::path>& outputs, int frames);

// A file's bytes (Error naming it when it cannot be read).
std::string read_bytes(const std::filesystem::path& path);

}  // namespace nnviz::app
