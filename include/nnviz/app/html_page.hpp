#pragma once
// A self-contained HTML page for a run or a sweep (the notebook's `HTML(anim.to_html5_video())`,
// plus the settings, the results and the curves): text in, text out. It knows nothing of libav;
// the caller hands it the encoded video's bytes.
#include <optional>
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
  // The run's configuration (TOML), as <script type="application/toml" id="nnviz-config"> in the
  // head (script_text below): `nnviz train --config PAGE.html` reads it back. Empty: none.
  std::string config_toml;
};

// The id of the page's configuration element.
inline constexpr std::string_view page_config_element = R"(<script type="application/toml" id="nnviz-config">)";
// Text made safe inside a <script> element and back: after a '<', a '\' is put before '/', '!'
// and '\', so the text holds no "</script" (which would end the element) and no "<!--" (which
// would change how it ends); script_text_decode drops it again. Text without "</", "<!" and
// "<\\" is unchanged.
std::string script_text(std::string_view text);
std::string script_text_decode(std::string_view text);
// The configuration of a page html_page() made (the element's text, decoded): std::nullopt when
// `html` has no such element or it is not closed.
std::optional<std::string> page_config(std::string_view html);

// &, <, >, " and ' as entities: safe in text and in quoted attributes.
std::string html_escape(std::string_view text);
// Loss (left axis, from 0) and accuracy (right axis, 0..1) against the epoch, as an inline
// <svg> of `width` x `height` user units; validation curves dashed when present.
std::string curves_svg(const std::vector<train::Metrics>& curves, int width = 720, int height = 260);
// The whole page; UTF-8, no external resource.
std::string html_page(const HtmlPage& page);

}  // namespace nnviz::app
