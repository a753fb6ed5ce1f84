#pragma once
// A self-contained HTML page for a run or a sweep (the notebook's `HTML(anim.to_html5_video())`,
// plus the settings, the results and the curves): text in, text out. It knows nothing of libav;
// the caller hands it the encoded video's bytes.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nnviz/train/checkpoint.hpp"

namespace nnviz::app {

struct HtmlTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as wide as the header
};

struct HtmlPage {
  std::string title;
  // The video file's bytes, embedded as a base64 data: URL; empty: no video.
  std::string video;
  std::string video_mime = "video/mp4";  // video/mp4, video/webm; image/gif becomes an <img>
  int width = 0;                         // the video's size in pixels (the element's size)
  int height = 0;
  std::vector<std::pair<std::string, std::string>> settings;  // name, value
  std::vector<std::pair<std::string, std::string>> results;   // name, value (final metrics)
  std::vector<train::Metrics> curves;                         // one per frame; empty: no chart
  HtmlTable table;                                            // empty header: no table
};

// &, <, >, " and ' as entities: safe in text and in quoted attributes.
std::string html_escape(std::string_view text);
// Loss (left axis, from 0) and accuracy (right axis, 0..1) against the epoch, as an inline
// <svg> of `width` x `height` user units; validation curves dashed when present.
std::string curves_svg(const std::vector<train::Metrics>& curves, int width = 720, int height = 260);
// The whole page; UTF-8, no external resource.
std::string html_page(const HtmlPage& page);

}  // namespace nnviz::app
