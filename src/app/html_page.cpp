#include "nnviz/app/html_page.hpp"

#include <spdlog/fmt/fmt.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "nnviz/encode/base64.hpp"
#include "nnviz/util/json.hpp"

namespace nnviz::app {
namespace {

// Data (epoch, value) -> SVG user units inside the plot box; y grows downwards in SVG.
struct Axis {
  double lo = 0.0, hi = 1.0;  // data range
  double a = 0.0, b = 1.0;    // pixel range
  [[nodiscard]] double map(double v) const { return hi == lo ? a : a + (v - lo) / (hi - lo) * (b - a); }
};

// Where a snapshot stands on the chart's x axis: its epoch, or with step snapshots its steps in
// epochs.
double chart_x(const train::Metrics& m, double steps_per_epoch) {
  return steps_per_epoch > 0.0 ? static_cast<double>(m.step) / steps_per_epoch : static_cast<double>(m.epoch);
}

// The chart's axes: the plot box inside margins for the tick labels (left: loss, right:
// accuracy, bottom: epoch).
struct Chart {
  double left = 0, right = 0, top = 0, bottom = 0;
  Axis x, loss_y, acc_y;
  bool validation = false;
};

// A "nice" upper bound for the loss axis: 1, 2 or 5 times a power of ten.
double nice_ceiling(double v) {
  if (!(v > 0.0) || !std::isfinite(v)) return 1.0;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= v) return m * p;
  return 10.0 * p;
}

Chart chart_layout(const std::vector<train::Metrics>& curves, int width, int height, double steps_per_epoch) {
  Chart c;
  c.left = 50;
  c.right = width - 50.0;
  c.top = 20;
  c.bottom = height - 35.0;
  double max_loss = 0.0;
  double max_x = 0.0;
  for (const train::Metrics& m : curves) {
    if (std::isfinite(m.loss)) max_loss = std::max(max_loss, m.loss);
    if (m.val_loss && std::isfinite(*m.val_loss)) max_loss = std::max(max_loss, *m.val_loss);
    max_x = std::max(max_x, chart_x(m, steps_per_epoch));
    c.validation = c.validation || m.val_loss.has_value();
  }
  c.x = Axis{0.0, std::max(max_x, 1.0), c.left, c.right};
  c.loss_y = Axis{0.0, nice_ceiling(max_loss), c.bottom, c.top};
  c.acc_y = Axis{0.0, 1.0, c.bottom, c.top};
  return c;
}

std::string polyline(const std::vector<train::Metrics>& curves, const Axis& x, const Axis& y, double steps_per_epoch,
                     double (*value)(const train::Metrics&), const std::string& attributes) {
  std::string points;
  for (const train::Metrics& m : curves) {
    const double v = value(m);
    if (!std::isfinite(v)) continue;  // a diverged run's last loss: no point, not a broken path
    points += fmt::format("{}{:.1f},{:.1f}", points.empty() ? "" : " ", x.map(chart_x(m, steps_per_epoch)), y.map(v));
  }
  if (points.empty()) return {};
  return fmt::format("<polyline fill=\"none\" {} points=\"{}\"/>\n", attributes, points);
}

// Where the player's cursor stands at frame i: x, and the loss and accuracy dots' y (none for an
// in-between frame: its network is no trained state, so no point of the curves is its).
struct CursorAt {
  double x = 0;
  std::optional<double> loss_y, acc_y;
};

CursorAt cursor_at(const HtmlPage& page, const Chart& c, std::size_t i) {
  const PlayerFrame& f = page.frames.at(i);
  const train::Metrics& m = page.curves.at(f.snapshot);
  CursorAt at;
  double x = chart_x(m, page.steps_per_epoch);
  if (f.kind == PlayerFrameKind::between && f.snapshot + 1 < page.curves.size()) {
    x += f.fraction * (chart_x(page.curves[f.snapshot + 1], page.steps_per_epoch) - x);
  } else {
    if (std::isfinite(m.loss)) at.loss_y = c.loss_y.map(m.loss);
    if (std::isfinite(m.accuracy)) at.acc_y = c.acc_y.map(m.accuracy);
  }
  at.x = c.x.map(x);
  return at;
}

double tenth(double v) { return std::round(v * 10.0) / 10.0; }

std::string svg_chart(const std::vector<train::Metrics>& curves, int width, int height, double steps_per_epoch,
                      const std::optional<CursorAt>& cursor) {
  const Chart c = chart_layout(curves, width, height, steps_per_epoch);
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"DejaVu Sans, sans-serif\" font-size=\"13\" role=\"img\" aria-label=\"loss and accuracy per "
      "epoch\">\n<rect x=\"{2}\" y=\"{3}\" width=\"{4}\" height=\"{5}\" fill=\"white\" stroke=\"#bbb\"/>\n",
      width, height, c.left, c.top, c.right - c.left, c.bottom - c.top);
  for (int i = 0; i <= 4; ++i) {
    const double t = i / 4.0;
    const double py = c.loss_y.map(t * c.loss_y.hi);
    svg += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#eee\"/>\n", c.left, c.right, py, py);
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" fill=\"#1f5fa8\">{:g}</text>\n", c.left - 4,
                       py + 4, t * c.loss_y.hi);
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" fill=\"#c4501b\">{:g}</text>\n", c.right + 4, py + 4, t);
  }
  // Epoch ticks at multiples of 1, 2 or 5 times a power of ten, at most 7 of them.
  double tick = 1.0;
  for (double p = 1.0; tick * 6 < c.x.hi; p *= 10.0)
    for (const double m : {1.0, 2.0, 5.0})
      if (tick * 6 < c.x.hi) tick = m * p;
  for (double epoch = 0.0; epoch <= c.x.hi + 1e-9; epoch += tick)
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{:g}</text>\n", c.x.map(epoch), c.bottom + 17,
                       epoch);
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">epoch</text>\n", (c.left + c.right) / 2,
                     c.bottom + 32);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#1f5fa8\">loss</text>\n", c.left, c.top - 6);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#c4501b\">accuracy</text>\n", c.right, c.top - 6);

  svg += polyline(curves, c.x, c.loss_y, steps_per_epoch, [](const train::Metrics& m) { return m.loss; },
                  "stroke=\"#1f5fa8\" stroke-width=\"2\" class=\"nnviz-loss\"");
  svg += polyline(curves, c.x, c.acc_y, steps_per_epoch, [](const train::Metrics& m) { return m.accuracy; },
                  "stroke=\"#c4501b\" stroke-width=\"2\" class=\"nnviz-accuracy\"");
  if (c.validation) {
    svg += polyline(curves, c.x, c.loss_y, steps_per_epoch, [](const train::Metrics& m) { return m.val_loss.value_or(NAN); },
                    "stroke=\"#1f5fa8\" stroke-width=\"1.5\" stroke-dasharray=\"5,3\" class=\"nnviz-val-loss\"");
    svg += polyline(curves, c.x, c.acc_y, steps_per_epoch,
                    [](const train::Metrics& m) { return m.val_accuracy.value_or(NAN); },
                    "stroke=\"#c4501b\" stroke-width=\"1.5\" stroke-dasharray=\"5,3\" class=\"nnviz-val-accuracy\"");
  }
  if (cursor) {
    // The player moves these (their positions per frame are in the root's data-frames).
    const auto dot = [](const char* cls, const char* fill, const std::optional<double>& y, double x) {
      return fmt::format("<circle class=\"{}\" cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{}\" stroke=\"white\" "
                         "stroke-width=\"1.5\"{}/>\n",
                         cls, tenth(x), tenth(y.value_or(0.0)), fill, y ? "" : " display=\"none\"");
    };
    svg += fmt::format("<line class=\"nnviz-cursor\" x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#222\" "
                       "stroke-width=\"1.5\"/>\n",
                       tenth(cursor->x), c.top, c.bottom);
    svg += dot("nnviz-cursor-loss", "#1f5fa8", cursor->loss_y, cursor->x);
    svg += dot("nnviz-cursor-accuracy", "#c4501b", cursor->acc_y, cursor->x);
  }
  return svg + "</svg>\n";
}

// Every rule under the root's id ("%S"): nothing of the host page (a notebook's) is touched.
const char* const scoped_style = R"CSS(%S{font-family:"DejaVu Sans",Verdana,sans-serif;color:#222;background:#fff;max-width:1900px;margin:0 auto;padding:.5em 1em 1em;box-sizing:border-box;line-height:1.4;text-align:left}
%S h1{font-size:1.4em;margin:.3em 0 .5em;font-weight:bold;color:#222}
%S h2{font-size:1.1em;margin:1em 0 .4em;font-weight:bold;color:#222}
%S video,%S img.nnviz-video{display:block;max-width:100%;height:auto;border:1px solid #ddd;background:#fff;margin:0}
%S table{border-collapse:collapse;font-size:.9em;margin:0;border:none;width:auto}
%S td,%S th{border:1px solid #ccc;padding:.2em .6em;text-align:left;vertical-align:top;background:#fff;color:#222}
%S th{background:#f3f3f3;font-weight:bold}
%S td.nnviz-num{text-align:right;font-variant-numeric:tabular-nums}
%S .nnviz-cols{display:flex;flex-wrap:wrap;gap:1em 2.5em;align-items:flex-start}
%S.nnviz-player:focus{outline:none}
%S.nnviz-player:focus-visible{outline:2px solid #7aa7d8;outline-offset:2px}
%S .nnviz-controls{display:flex;flex-wrap:wrap;align-items:center;gap:.5em .8em;margin:.6em 0 .2em;font-size:16px}
%S .nnviz-controls button{display:inline-flex;align-items:center;justify-content:center;width:2.6em;height:2.2em;padding:0;margin:0;border:1px solid #999;border-radius:4px;background:#f6f6f6;color:#222;cursor:pointer}
%S .nnviz-controls button:hover{background:#e8eef6}
%S .nnviz-controls button svg{width:1.1em;height:1.1em;fill:currentColor}
%S .nnviz-play .nnviz-icon-pause,%S .nnviz-play.nnviz-playing .nnviz-icon-play{display:none}
%S .nnviz-play.nnviz-playing .nnviz-icon-pause{display:inline}
%S .nnviz-slider{flex:1 1 240px;min-width:160px;margin:0;accent-color:#1f5fa8}
%S .nnviz-label{font-weight:bold;min-width:12em}
%S .nnviz-counter{color:#555;font-variant-numeric:tabular-nums;min-width:6.5em}
%S .nnviz-controls select{font-size:inherit;padding:.1em .2em}
%S .nnviz-status{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.3em 2em;font-size:14px;color:#333;margin:0 0 .4em}
%S .nnviz-keys{color:#666}
%S .nnviz-chart svg{display:block;max-width:100%;height:auto;cursor:pointer}
%S .nnviz-hint{font-size:13px;color:#666;margin:.2em 0 0}
)CSS";

// The player: one script for every player on the page (each notebook cell's fragment brings a
// copy; whichever runs first sets up every player not yet set up, each from its own root).
const char* const player_script = R"JS((function () {
  'use strict';
  function setUp(root) {
    if (root.getAttribute('data-nnviz-ready')) return;
    var video = root.querySelector('video');
    var frames = JSON.parse(root.getAttribute('data-frames') || '[]');
    var fps = Number(root.getAttribute('data-fps'));
    if (!video || !frames.length || !(fps > 0)) return;
    root.setAttribute('data-nnviz-ready', '1');
    var fragment = root.getAttribute('data-fragment') === '1';
    var q = function (s) { return root.querySelector(s); };
    var slider = q('.nnviz-slider'), label = q('.nnviz-label'), counter = q('.nnviz-counter');
    var readout = q('.nnviz-readout'), play = q('.nnviz-play'), speed = q('.nnviz-speed');
    var svg = q('.nnviz-chart svg'), cursor = q('.nnviz-cursor');
    var lossDot = q('.nnviz-cursor-loss'), accDot = q('.nnviz-cursor-accuracy');
    var n = frames.length, current = -1, raf = 0;
    video.controls = false;
    slider.max = String(n - 1);
    function clamp(i) { return Math.max(0, Math.min(n - 1, i)); }
    function place(dot, x, y) {
      if (!dot) return;
      if (y === null || y === undefined) { dot.setAttribute('display', 'none'); return; }
      dot.removeAttribute('display');
      dot.setAttribute('cx', x);
      dot.setAttribute('cy', y);
    }
    // The controls at frame i (the video is not moved).
    function show(i) {
      i = clamp(i);
      if (i === current) return;
      current = i;
      var f = frames[i];
      slider.value = String(i);
      slider.setAttribute('aria-valuetext', f.t);
      label.textContent = f.t;
      counter.textContent = 'frame ' + (i + 1) + ' of ' + n;
      readout.textContent = f.m;
      if (cursor) { cursor.setAttribute('x1', f.x); cursor.setAttribute('x2', f.x); }
      place(lossDot, f.x, f.l);
      place(accDot, f.x, f.a);
      root.setAttribute('data-frame', String(i));
    }
    // Frame i is on screen for [i, i + 1) / fps: its middle is inside it whatever the rounding.
    function seek(i) {
      i = clamp(i);
      show(i);
      video.currentTime = (i + 0.5) / fps;
    }
    function frameAt(t) { return clamp(Math.floor(t * fps + 1e-6)); }
    function playing() { return !video.paused && !video.ended; }
    function follow() {
      show(frameAt(video.currentTime));
      if (playing()) raf = requestAnimationFrame(follow);
    }
    function setPlaying(on) {
      play.classList.toggle('nnviz-playing', on);
      play.setAttribute('aria-label', on ? 'pause' : 'play');
      play.title = on ? 'Pause (space)' : 'Play (space)';
    }
    function toggle() {
      if (playing()) { video.pause(); return; }
      if (current >= n - 1 || video.ended) video.currentTime = 0;
      var p = video.play();
      if (p && p.catch) p.catch(function () { setPlaying(false); });
    }
    function stop() { if (playing()) video.pause(); }
    function step(d) { stop(); seek(current + d); }
    video.addEventListener('play', function () {
      setPlaying(true);
      cancelAnimationFrame(raf);
      raf = requestAnimationFrame(follow);
    });
    video.addEventListener('pause', function () { setPlaying(false); if (!video.seeking) show(frameAt(video.currentTime)); });
    video.addEventListener('ended', function () { setPlaying(false); show(n - 1); });
    video.addEventListener('timeupdate', function () { if (playing()) show(frameAt(video.currentTime)); });
    video.addEventListener('click', toggle);
    play.addEventListener('click', toggle);
    q('.nnviz-back').addEventListener('click', function (e) { step(e.shiftKey ? -10 : -1); });
    q('.nnviz-forward').addEventListener('click', function (e) { step(e.shiftKey ? 10 : 1); });
    slider.addEventListener('input', function () { stop(); seek(Number(slider.value)); });
    speed.addEventListener('change', function () { video.playbackRate = Number(speed.value); });
    if (svg) svg.addEventListener('click', function (e) {
      var m = svg.getScreenCTM();
      if (!m) return;
      var p = svg.createSVGPoint();
      p.x = e.clientX;
      p.y = e.clientY;
      var x = p.matrixTransform(m.inverse()).x;
      // The nearest frame; of equals the first (a snapshot before its morph's frames).
      var best = 0, d = Infinity;
      for (var i = 0; i < n; ++i) {
        var di = Math.abs(frames[i].x - x);
        if (di < d - 1e-9) { d = di; best = i; }
      }
      stop();
      seek(best);
      root.focus({preventScroll: true});
    });
    // Keys go to the player when the focus is in it; on a page of its own (not a notebook's
    // fragment) with one player, also when the focus is nowhere. Never from another input.
    function mine(e) {
      var t = e.target;
      if (root.contains(t)) return !(t.tagName === 'SELECT' || (t.tagName === 'INPUT' && t !== slider));
      var free = !t || t === document.body || t === document.documentElement || t === document;
      return free && !fragment && document.querySelectorAll('.nnviz-player').length === 1;
    }
    document.addEventListener('keydown', function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey || !mine(e)) return;
      var k = e.key;
      if (k === ' ' || k === 'Spacebar') toggle();
      else if (k === 'ArrowLeft') step(e.shiftKey ? -10 : -1);
      else if (k === 'ArrowRight') step(e.shiftKey ? 10 : 1);
      else if (k === 'Home') { stop(); seek(0); }
      else if (k === 'End') { stop(); seek(n - 1); }
      else return;
      e.preventDefault();
    });
    // A focused button would take the space's keyup as a click as well.
    document.addEventListener('keyup', function (e) {
      if ((e.key === ' ' || e.key === 'Spacebar') && mine(e)) e.preventDefault();
    });
    show(Number(root.getAttribute('data-frame')) || 0);
  }
  var roots = document.querySelectorAll('.nnviz-player');
  for (var i = 0; i < roots.length; ++i) setUp(roots[i]);
})();
)JS";

bool numeric(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

std::string pairs_table(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out = "<table>\n";
  for (const auto& [name, value] : pairs)
    out += fmt::format("<tr><th>{}</th><td{}>{}</td></tr>\n", html_escape(name),
                       numeric(value) ? " class=\"nnviz-num\"" : "", html_escape(value));
  return out + "</table>\n";
}

std::string snapshot_text(const HtmlPage& page, const train::Metrics& m) {
  if (page.steps_per_epoch <= 0.0) return fmt::format("epoch {}", m.epoch);
  return fmt::format("epoch {} \u00b7 step {}/{}", m.epoch, m.step, page.curves.back().step);
}

std::string readout_text(const HtmlPage& page, std::size_t i) {
  const PlayerFrame& f = page.frames.at(i);
  if (f.kind == PlayerFrameKind::between && f.snapshot + 1 < page.curves.size())
    return "weights interpolated between two snapshots: not a trained state";
  const train::Metrics& m = page.curves.at(f.snapshot);
  std::string text = fmt::format("loss {:.4f} \u00b7 accuracy {:.3f}", m.loss, m.accuracy);
  if (m.val_loss) text += fmt::format(" \u00b7 validation loss {:.4f}", *m.val_loss);
  if (m.val_accuracy) text += fmt::format(" \u00b7 validation accuracy {:.3f}", *m.val_accuracy);
  if (f.kind == PlayerFrameKind::morph) text += " \u00b7 the data moving through the layers";
  return text;
}

// Play, pause, a frame back and forward: small SVG icons (no font has them all).
const char* const icon_back =
    "<svg viewBox=\"0 0 16 16\" aria-hidden=\"true\"><path d=\"M3 2h2v12H3zM14 2v12L6 8z\"/></svg>";
const char* const icon_forward =
    "<svg viewBox=\"0 0 16 16\" aria-hidden=\"true\"><path d=\"M11 2h2v12h-2zM2 2v12l8-6z\"/></svg>";
const char* const icon_play_pause =
    "<svg class=\"nnviz-icon-play\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><path d=\"M3 1.5v13L14 8z\"/></svg>"
    "<svg class=\"nnviz-icon-pause\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><path d=\"M3 2h3.5v12H3zM9.5 2H13v12H9.5z\"/></svg>";

std::string data_url(const std::string& mime, const std::string& bytes) {
  return "data:" + mime + ";base64," + encode::base64(bytes);
}

bool has_player(const HtmlPage& page) {
  return !page.frames.empty() && page.fps > 0 && !page.curves.empty() && !page.video.empty() &&
         page.video_mime.rfind("video/", 0) == 0;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string script_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '<' && i + 1 < text.size() && (text[i + 1] == '/' || text[i + 1] == '!' || text[i + 1] == '\\'))
      out += '\\';
  }
  return out;
}

std::string script_text_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '\\') ++i;  // the inserted backslash
  }
  return out;
}

std::optional<std::string> page_config(std::string_view html) {
  const std::size_t open = html.find(page_config_element);
  if (open == std::string_view::npos) return std::nullopt;
  std::size_t start = open + page_config_element.size();
  if (start < html.size() && html[start] == '\n') ++start;  // html_page's line break after the tag
  const std::size_t end = html.find("</script>", start);
  if (end == std::string_view::npos) return std::nullopt;
  return script_text_decode(html.substr(start, end - start));
}

std::string curves_svg(const std::vector<train::Metrics>& curves, int width, int height, double steps_per_epoch) {
  return svg_chart(curves, width, height, steps_per_epoch, std::nullopt);
}

std::string frame_label(const HtmlPage& page, std::size_t i) {
  const PlayerFrame& f = page.frames.at(i);
  const train::Metrics& m = page.curves.at(f.snapshot);
  switch (f.kind) {
    case PlayerFrameKind::morph: return "morph of " + snapshot_text(page, m);
    case PlayerFrameKind::between: {
      if (f.snapshot + 1 >= page.curves.size()) break;
      const train::Metrics& next = page.curves[f.snapshot + 1];
      if (page.steps_per_epoch <= 0.0) return fmt::format("between epoch {} and {}", m.epoch, next.epoch);
      if (m.epoch == next.epoch) return fmt::format("epoch {} \u00b7 between step {} and {}", m.epoch, m.step, next.step);
      return "between " + snapshot_text(page, m) + " and " + snapshot_text(page, next);
    }
    case PlayerFrameKind::snapshot: break;
  }
  return snapshot_text(page, m);
}

std::string page_id(const HtmlPage& page) {
  if (!page.id.empty()) return page.id;
  // FNV-1a over what tells pages apart; two copies of one page share it (the player does not
  // rely on ids: each root is set up once, from its own attributes).
  std::uint64_t h = 1469598103934665603ULL;
  const auto mix = [&h](std::string_view bytes) {
    for (const char c : bytes) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    h ^= 0xff;
    h *= 1099511628211ULL;
  };
  mix(page.title);
  mix(page.video);
  mix(page.poster);
  mix(std::to_string(page.frames.size()));
  return fmt::format("nnviz-{:012x}", h & 0xffffffffffffULL);
}

std::string html_page(const HtmlPage& page) {
  const std::string id = page_id(page);
  const bool player = has_player(page);
  const std::size_t n = page.frames.size();
  // The player starts on the poster's frame: the last one (the trained network); without a
  // poster the video shows its first.
  const std::size_t first_shown = player && !page.poster.empty() ? n - 1 : 0;

  std::string div = "<div id=\"" + id + "\" class=\"nnviz-page" + (player ? " nnviz-player" : "") + "\"";
  std::optional<Chart> chart;
  if (player) {
    chart = chart_layout(page.curves, 720, 260, page.steps_per_epoch);
    util::Json frames = util::Json::array();
    for (std::size_t i = 0; i < n; ++i) {
      const CursorAt at = cursor_at(page, *chart, i);
      util::Json f = util::Json::object();
      f["t"] = frame_label(page, i);
      f["x"] = tenth(at.x);
      f["l"] = at.loss_y ? util::Json(tenth(*at.loss_y)) : util::Json(nullptr);
      f["a"] = at.acc_y ? util::Json(tenth(*at.acc_y)) : util::Json(nullptr);
      f["m"] = readout_text(page, i);
      frames.push_back(std::move(f));
    }
    // JupyterLab (Lumino 2; 1: data-p-) leaves the keys of a focused element inside these alone.
    div += " data-lm-suppress-shortcuts=\"true\" data-p-suppress-shortcuts=\"true\"";
    div += fmt::format(" tabindex=\"0\" data-fps=\"{}\" data-fragment=\"{}\" data-frame=\"{}\" data-frames=\"{}\"",
                       page.fps, page.fragment ? 1 : 0, first_shown, html_escape(frames.dump()));
  }
  div += ">\n<style>\n";
  std::string css = scoped_style;
  for (std::size_t at = css.find("%S"); at != std::string::npos; at = css.find("%S", at)) css.replace(at, 2, "#" + id);
  div += css + "</style>\n";
  // The run's configuration, for `nnviz train --config PAGE.html` (a fragment carries it too).
  if (!page.config_toml.empty())
    div += std::string(page_config_element) + "\n" + script_text(page.config_toml) + "</script>\n";
  div += "<h1>" + html_escape(page.title) + "</h1>\n";

  if (!page.video.empty()) {
    const std::string url = data_url(page.video_mime, page.video);
    // Without a known size the browser takes the video's own.
    const std::string size =
        page.width > 0 && page.height > 0 ? fmt::format(" width=\"{}\" height=\"{}\"", page.width, page.height) : "";
    if (page.video_mime.rfind("image/", 0) == 0) {
      div += fmt::format("<img class=\"nnviz-video\"{} alt=\"{}\" src=\"{}\">\n", size, html_escape(page.title), url);
    } else if (player) {
      // controls: the browser's own, until the player's script takes over (and without it).
      const std::string poster = page.poster.empty() ? "" : " poster=\"" + data_url(page.poster_mime, page.poster) + "\"";
      div += fmt::format("<video controls muted playsinline preload=\"auto\"{}{}>\n<source type=\"{}\" src=\"{}\">\n</video>\n",
                         size, poster, page.video_mime, url);
      const std::string label = html_escape(frame_label(page, first_shown));
      div += "<div class=\"nnviz-controls\">\n";
      div += std::string("<button type=\"button\" class=\"nnviz-back\" title=\"One frame back (\u2190; Shift+\u2190: ten)\" "
                         "aria-label=\"one frame back\">") + icon_back + "</button>\n";
      div += std::string("<button type=\"button\" class=\"nnviz-play\" title=\"Play (space)\" aria-label=\"play\">") +
             icon_play_pause + "</button>\n";
      div += std::string("<button type=\"button\" class=\"nnviz-forward\" title=\"One frame forward (\u2192; Shift+\u2192: "
                         "ten)\" aria-label=\"one frame forward\">") + icon_forward + "</button>\n";
      div += fmt::format("<input type=\"range\" class=\"nnviz-slider\" min=\"0\" max=\"{}\" step=\"1\" value=\"{}\" "
                         "aria-label=\"frame\" aria-valuetext=\"{}\">\n",
                         n - 1, first_shown, label);
      div += "<span class=\"nnviz-label\">" + label + "</span>\n";
      div += fmt::format("<span class=\"nnviz-counter\">frame {} of {}</span>\n", first_shown + 1, n);
      div += "<label>speed <select class=\"nnviz-speed\" aria-label=\"speed\">";
      for (const auto& [value, text] : std::vector<std::pair<const char*, const char*>>{
               {"0.25", "\u00bc\u00d7"}, {"0.5", "\u00bd\u00d7"}, {"1", "1\u00d7"}, {"2", "2\u00d7"}, {"4", "4\u00d7"}})
        div += fmt::format("<option value=\"{}\"{}>{}</option>", value, std::string_view(value) == "1" ? " selected" : "",
                           text);
      div += "</select></label>\n</div>\n";
      div += fmt::format("<div class=\"nnviz-status\"><span class=\"nnviz-readout\">{}</span><span class=\"nnviz-keys\">"
                         "keys: space play/pause \u00b7 \u2190 \u2192 a frame (Shift: ten) \u00b7 Home End</span></div>\n",
                         html_escape(readout_text(page, first_shown)));
    } else {
      // muted: browsers autoplay only muted videos; playsinline: no forced full screen on phones.
      div += fmt::format("<video controls loop autoplay muted playsinline{}>\n<source type=\"{}\" src=\"{}\">\n</video>\n",
                         size, page.video_mime, url);
    }
  }
  const bool cols = player || !page.results.empty() || !page.settings.empty();
  if (cols) {
    div += "<div class=\"nnviz-cols\">\n";
    if (player)
      div += "<section>\n<h2>Loss and accuracy</h2>\n<div class=\"nnviz-chart\">\n" +
             svg_chart(page.curves, 720, 260, page.steps_per_epoch, cursor_at(page, *chart, first_shown)) +
             "</div>\n<p class=\"nnviz-hint\">The line follows the video; click the chart to go to that epoch.</p>\n"
             "</section>\n";
    if (!page.results.empty()) div += "<section>\n<h2>Results</h2>\n" + pairs_table(page.results) + "</section>\n";
    if (!page.settings.empty()) div += "<section>\n<h2>Settings</h2>\n" + pairs_table(page.settings) + "</section>\n";
    div += "</div>\n";
  }
  if (!player && !page.curves.empty())
    div += "<h2>Loss and accuracy</h2>\n" + curves_svg(page.curves, 720, 260, page.steps_per_epoch);
  if (!page.table.header.empty()) {
    div += "<h2>Runs</h2>\n<table>\n<tr>";
    for (const std::string& h : page.table.header) div += "<th>" + html_escape(h) + "</th>";
    div += "</tr>\n";
    for (const auto& row : page.table.rows) {
      div += "<tr>";
      for (const std::string& cell : row)
        div += (numeric(cell) ? "<td class=\"nnviz-num\">" : "<td>") + html_escape(cell) + "</td>";
      div += "</tr>\n";
    }
    div += "</table>\n";
  }
  if (player) div += std::string("<script>\n") + player_script + "</script>\n";
  div += "</div>\n";
  if (page.fragment) return div;

  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"nnviz\">\n";
  out += "<title>" + html_escape(page.title) + "</title>\n";
  out += "<style>\nbody{margin:1em 0;background:#fff}\n</style>\n</head>\n<body>\n";
  return out + div + "</body>\n</html>\n";
}

}  // namespace nnviz::app
