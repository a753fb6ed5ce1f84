#pragma once
// A self-contained HTML page for a run or a sweep (the notebook's `HTML(anim.to_html5_video())`,
// plus the settings, the results and the curves): text in, text out. It knows nothing of libav;
// the caller hands it the encoded video's bytes. A run's page is a player: a slider over the
// video's frames labelled by what each shows (epoch, step, in-between, morph), play/pause, a
// frame back/forward, speed, keys, and a cursor on the loss/accuracy chart that follows the
// frame (a click on the chart seeks). Everything sits in one <div> whose styles are scoped
// under its id, so the same text is a whole page or, as a fragment, a notebook cell's output.
#include <cstddef>
#include <cstdint>
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

// What one video frame shows: a snapshot (curves[snapshot]), an in-between frame `fraction` of
// the way from snapshot `snapshot` to the next (interpolated weights, not a trained state), or a
// frame of the layer morph of snapshot `snapshot`.
enum class PlayerFrameKind { snapshot, between, morph };
struct PlayerFrame {
  PlayerFrameKind kind = PlayerFrameKind::snapshot;
  std::size_t snapshot = 0;  // an index into HtmlPage::curves
  double fraction = 0.0;     // between only: 0 < fraction < 1
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
  // The player: the video's frames in order (copies of the last frame held at the end are not
  // listed: they show the last one); empty: a plain looping <video> (compare's page).
  std::vector<PlayerFrame> frames;
  int fps = 0;                   // the video's frames per second: frame i is shown at [i, i + 1) / fps
  double steps_per_epoch = 0.0;  // > 0: step snapshots (labels name the step; the chart's x is step / this)
  std::string poster;            // the poster image's bytes (the video's last frame); empty: none
  std::string poster_mime = "image/png";
  // A <div> for a notebook cell (IPython.display.HTML): no <html>/<head>/<body>, no global rule.
  bool fragment = false;
  std::string id;  // the root <div>'s id; empty: "nnviz-" and a hash of the page's content
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
// With steps_per_epoch > 0 (step snapshots) a snapshot stands at step / steps_per_epoch.
std::string curves_svg(const std::vector<train::Metrics>& curves, int width = 720, int height = 260,
                       double steps_per_epoch = 0.0);
// The player's label of frame i of page.frames: "epoch 4", "epoch 2 · step 4/6", "between
// epoch 3 and 4", "morph of epoch 29" (out_of_range past the frames).
std::string frame_label(const HtmlPage& page, std::size_t i);
// The root <div>'s id: page.id, or "nnviz-" and 12 hex digits of a hash of the content.
std::string page_id(const HtmlPage& page);
// The whole page (or with page.fragment, the <div> alone); UTF-8, no external resource.
std::string html_page(const HtmlPage& page);

}  // namespace nnviz::app
