// `-o run.html` and compare's index.html: one self-contained page that a real browser plays; the
// page as a player (slider, keys, chart cursor and clicks, frame-accurate seeks) and as notebook
// fragments in a host page, driven in headless Chromium.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>
#include <vector>

#include <spdlog/fmt/fmt.h>

#include "cli_test_support.hpp"
#include "nnviz/cli/cli.hpp"
#include "nnviz/encode/base64.hpp"
#include "nnviz/util/json.hpp"

namespace {
namespace fs = std::filesystem;

using nnviz::cli_test::Outcome;
using nnviz::cli_test::run;
using nnviz::cli_test::read;
using nnviz::cli_test::scratch;

std::string command_output(const std::string& cmd) { return nnviz::cli_test::shell_output(cmd); }

// Opens a copy of `page` in headless Chromium with a probe script that writes the video's
// metadata into the DOM once it is known; returns the probe's JSON (null when none appeared).
nnviz::util::Json browser_probe(const fs::path& page, const fs::path& dir) {
  std::string html = read(page);
  const std::string probe = R"(<script>
const v = document.querySelector('video');
function report(error) {
  const p = document.createElement('pre');
  p.id = 'probe';
  p.textContent = JSON.stringify({readyState: v.readyState, duration: v.duration, videoWidth: v.videoWidth,
                                  videoHeight: v.videoHeight, error: error || null});
  document.body.appendChild(p);
}
if (v.readyState >= 1) report(); else v.addEventListener('loadedmetadata', () => report());
v.querySelector('source').addEventListener('error', () => report('source error'));
</script>
)";
  const std::size_t end = html.rfind("</body>");
  html.insert(end == std::string::npos ? html.size() : end, probe);
  const fs::path copy = dir / "probe.html";
  std::ofstream(copy, std::ios::binary) << html;
  const fs::path profile = dir / "chromium-profile";
  fs::create_directories(profile);
  const std::string cmd =
      "/usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync --user-data-dir='" +
      profile.string() + "' --virtual-time-budget=5000 --dump-dom 'file://" + copy.string() + "' 2>/dev/null";
  const std::string dom = command_output(cmd);
  const std::size_t open = dom.find("<pre id=\"probe\">");
  if (open == std::string::npos) return {};
  const std::size_t start = open + std::string("<pre id=\"probe\">").size();
  return nnviz::util::Json::parse(dom.substr(start, dom.find("</pre>", start) - start));
}

// Opens `html` (written to DIR/NAME) in headless Chromium and returns what its scripts put in
// <pre id="probe"> as JSON (null when nothing appeared within the virtual time budget).
nnviz::util::Json browser_run(const std::string& html, const fs::path& dir, const std::string& name,
                              int budget_ms = 10000) {
  const fs::path file = dir / name;
  std::ofstream(file, std::ios::binary) << html;
  const fs::path profile = dir / ("chromium-profile-" + name);
  fs::create_directories(profile);
  const std::string cmd =
      "/usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync --user-data-dir='" +
      profile.string() + "' --virtual-time-budget=" + std::to_string(budget_ms) + " --dump-dom 'file://" +
      file.string() + "' 2>/dev/null";
  const std::string dom = command_output(cmd);
  const std::size_t open = dom.find("<pre id=\"probe\">");
  if (open == std::string::npos) return {};
  const std::size_t start = open + std::string("<pre id=\"probe\">").size();
  std::string text = dom.substr(start, dom.find("</pre>", start) - start);
  // --dump-dom serialises the text with &amp; &lt; &gt;.
  for (const auto& [entity, c] : std::vector<std::pair<std::string, std::string>>{{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}})
    for (std::size_t at = text.find(entity); at != std::string::npos; at = text.find(entity, at + 1))
      text.replace(at, entity.size(), c);
  return nnviz::util::Json::parse(text);
}

// The helpers the probes share: report an object into the DOM, press a key, a player's state, waits.
const char* const probe_helpers = R"(<script>
function report(out) {
  const p = document.createElement('pre');
  p.id = 'probe';
  p.textContent = JSON.stringify(out);
  document.body.appendChild(p);
}
function key(target, k, shift) {
  target.dispatchEvent(new KeyboardEvent('keydown', {key: k, shiftKey: !!shift, bubbles: true, cancelable: true}));
}
// Each player's state: its frame, the video's time, the label, the cursor's x.
function state(root) {
  return {frame: Number(root.getAttribute('data-frame')), time: root.querySelector('video').currentTime,
          label: root.querySelector('.nnviz-label').textContent,
          cursor: Number(root.querySelector('.nnviz-cursor').getAttribute('x1'))};
}
// Headless Chromium's virtual time runs ahead of the media threads (a seek would seem to take
// forever): waits poll instead, each round some real work and a 0 ms timer.
function spin() { let x = 0; for (let i = 0; i < 3e6; ++i) x += i % 7; return x; }
async function until(what, cond) {
  for (let i = 0; i < 3000 && !cond(); ++i) {
    spin();
    await new Promise(r => setTimeout(r, 0));
  }
  if (!cond()) throw new Error('waited in vain for ' + what);
}
async function seeked(v) { await until('a seek', () => !v.seeking); }
</script>
)";

std::string with_probe(std::string html, const std::string& script) {
  const std::size_t end = html.rfind("</body>");
  html.insert(end == std::string::npos ? html.size() : end, std::string(probe_helpers) + "<script>\n" + script + "</script>\n");
  return html;
}

// x of epoch e on a page's chart (720 wide, the box from 50 to 670) of a run of `epochs` epochs.
double chart_x(double e, double epochs) { return 50 + e / epochs * 620; }

TEST(html_output, the_page_is_a_player_seeking_by_slider_keys_and_chart) {
  ASSERT_TRUE(fs::exists("/usr/bin/chromium")) << "the test needs chromium (scripts/install-deps --tests)";
  const fs::path dir = scratch("player");
  const fs::path page = dir / "run.html";
  // Epochs 0..6 with one in-between frame each: frame 2e is epoch e, 2e + 1 between e and e + 1;
  // 13 frames at 4 fps.
  const Outcome o = run({"train", "-q", "--epochs", "6", "--stop-loss", "0", "--size", "320x240", "--tween", "1",
                         "--fps", "4", "-o", page.string()});
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string script = R"(
(async () => {
  const out = {};
  try {
    const root = document.querySelector('.nnviz-player');
    const v = root.querySelector('video');
    await until('the metadata', () => v.readyState >= 1);
    out.ready = root.getAttribute('data-nnviz-ready');
    out.controls = v.controls;
    out.posterIsPng = v.poster.startsWith('data:image/png;base64,');
    out.initial = state(root);
    const slider = root.querySelector('.nnviz-slider');
    out.sliderMax = Number(slider.max);
    slider.value = '8';
    slider.dispatchEvent(new Event('input', {bubbles: true}));
    await seeked(v);
    out.slider = state(root);
    root.focus();
    key(root, 'ArrowRight');
    await seeked(v);
    out.right = state(root);
    key(root, 'ArrowLeft', true);
    await seeked(v);
    out.shiftLeft = state(root);
    key(root, 'End');
    await seeked(v);
    out.end = state(root);
    // Keys typed into another input are that input's.
    const other = document.createElement('input');
    document.body.appendChild(other);
    other.focus();
    key(other, 'ArrowLeft');
    out.otherInput = state(root);
    // The page has one player: keys with the focus nowhere are its.
    other.blur();
    key(document.body, 'Home');
    await seeked(v);
    out.home = state(root);
    // A click on the chart at epoch 2 (in the svg's own units, whatever its size on screen).
    const svg = root.querySelector('.nnviz-chart svg');
    const box = svg.getBoundingClientRect();
    const ux = )" + fmt::format("{}", chart_x(2, 6)) + R"(;
    svg.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: box.left + ux * box.width / svg.viewBox.baseVal.width,
                                               clientY: box.top + box.height / 2}));
    await seeked(v);
    out.click = state(root);
    const speed = root.querySelector('.nnviz-speed');
    speed.value = '2';
    speed.dispatchEvent(new Event('change', {bubbles: true}));
    out.rate = v.playbackRate;
    // Space plays; the controls follow the video; space again pauses.
    root.focus();
    const start = v.currentTime;
    key(root, ' ');
    await until('the play button to say playing', () => root.querySelector('.nnviz-play').classList.contains('nnviz-playing'));
    out.playing = !v.paused;
    // Some media time (not asserted: headless timing), then space again.
    try { await until('playback', () => v.currentTime > start + 0.3); } catch (e) {}
    key(root, ' ');
    await until('the pause', () => v.paused && !root.querySelector('.nnviz-play').classList.contains('nnviz-playing'));
    await seeked(v);
    out.paused = v.paused;
    out.played = v.currentTime - start;
    out.afterPlay = state(root);
    out.afterPlayExpected = Math.min(12, Math.floor(v.currentTime * 4 + 1e-6));
  } catch (e) {
    out.error = String(e);
  }
  report(out);
})();
)";
  const nnviz::util::Json r = browser_run(with_probe(read(page), script), dir, "probe.html", 60000);
  ASSERT_TRUE(r.is_object()) << "no probe in the DOM";
  std::cerr << "browser: " << r.dump() << '\n';
  ASSERT_FALSE(r.contains("error")) << r.dump();
  EXPECT_EQ(r.at("ready"), "1");
  EXPECT_EQ(r.at("controls"), false);  // the player's controls replace the browser's
  EXPECT_EQ(r.at("posterIsPng"), true);
  EXPECT_EQ(r.at("sliderMax"), 12);
  // It opens on the last frame (the poster's): epoch 6 at the chart's right end.
  EXPECT_EQ(r.at("initial").at("frame"), 12);
  EXPECT_EQ(r.at("initial").at("label"), "epoch 6");
  EXPECT_NEAR(r.at("initial").at("cursor").get<double>(), chart_x(6, 6), 0.051);
  // The slider at frame 8: epoch 4, in the middle of its frame, the cursor at epoch 4.
  const auto expect_frame = [&](const char* step, int frame, const std::string& label, double epoch) {
    const nnviz::util::Json& s = r.at(step);
    EXPECT_EQ(s.at("frame"), frame) << step;
    EXPECT_NEAR(s.at("time").get<double>(), (frame + 0.5) / 4.0, 1e-3) << step;
    EXPECT_EQ(s.at("label"), label) << step;
    EXPECT_NEAR(s.at("cursor").get<double>(), chart_x(epoch, 6), 0.051) << step;
  };
  expect_frame("slider", 8, "epoch 4", 4);
  expect_frame("right", 9, "between epoch 4 and 5", 4.5);
  expect_frame("shiftLeft", 0, "epoch 0", 0);  // ten back from 9, stopped at the first
  expect_frame("end", 12, "epoch 6", 6);
  EXPECT_EQ(r.at("otherInput").at("frame"), 12);  // unchanged
  expect_frame("home", 0, "epoch 0", 0);
  expect_frame("click", 4, "epoch 2", 2);
  EXPECT_EQ(r.at("rate"), 2.0);
  EXPECT_EQ(r.at("playing"), true);
  EXPECT_EQ(r.at("paused"), true);
  // Paused, the controls show the frame the video stands in.
  EXPECT_EQ(r.at("afterPlay").at("frame"), r.at("afterPlayExpected"));
}

TEST(html_output, a_seek_shows_the_frame_of_the_epoch_the_slider_names) {
  ASSERT_TRUE(fs::exists("/usr/bin/chromium")) << "the test needs chromium (scripts/install-deps --tests)";
  const fs::path dir = scratch("frames");
  const fs::path page = dir / "run.html";
  const fs::path weights = dir / "run.json";
  // A frame per epoch, 0..6, at 5 fps; the same run's epochs 1, 2 and 3 drawn as PNGs (early
  // epochs, where a frame differs most from the next).
  Outcome o = run({"train", "-q", "--epochs", "6", "--stop-loss", "0", "--size", "320x240", "-o", page.string(),
                   "--save-weights", weights.string()});
  ASSERT_EQ(o.code, 0) << o.err;
  std::string images;
  for (int e : {1, 2, 3}) {
    const fs::path png = dir / ("epoch" + std::to_string(e) + ".png");
    o = run({"render", "-q", weights.string(), "--epoch", std::to_string(e), "--size", "320x240", "-o", png.string()});
    ASSERT_EQ(o.code, 0) << o.err;
    std::ifstream in(png, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    images += "<img class=\"probe-epoch\" alt=\"\" src=\"data:image/png;base64," + nnviz::encode::base64(bytes) + "\">\n";
  }
  // The video's picture after the slider seeks to frame 2, against each PNG: the mean absolute
  // difference of the RGB values.
  const std::string script = R"(
(async () => {
  const out = {};
  try {
    const root = document.querySelector('.nnviz-player');
    const v = root.querySelector('video');
    await until('the first frame', () => v.readyState >= 2);
    const slider = root.querySelector('.nnviz-slider');
    slider.value = '2';
    slider.dispatchEvent(new Event('input', {bubbles: true}));
    await seeked(v);
    out.label = root.querySelector('.nnviz-label').textContent;
    const pixels = (source) => {
      const c = document.createElement('canvas');
      c.width = 320;
      c.height = 240;
      const g = c.getContext('2d');
      g.drawImage(source, 0, 0, 320, 240);
      return g.getImageData(0, 0, 320, 240).data;
    };
    const frame = pixels(v);
    out.differences = [];
    for (const img of document.querySelectorAll('img.probe-epoch')) {
      await until('an image', () => img.complete);
      const p = pixels(img);
      let sum = 0;
      for (let i = 0; i < p.length; i += 4)
        sum += Math.abs(p[i] - frame[i]) + Math.abs(p[i + 1] - frame[i + 1]) + Math.abs(p[i + 2] - frame[i + 2]);
      out.differences.push(sum / (320 * 240 * 3));
    }
  } catch (e) {
    out.error = String(e);
  }
  report(out);
})();
)";
  std::string html = read(page);
  html.insert(html.rfind("</body>"), images);
  const nnviz::util::Json r = browser_run(with_probe(html, script), dir, "probe.html", 60000);
  ASSERT_TRUE(r.is_object()) << "no probe in the DOM";
  std::cerr << "browser: " << r.dump() << '\n';
  ASSERT_FALSE(r.contains("error")) << r.dump();
  EXPECT_EQ(r.at("label"), "epoch 2");
  const auto& d = r.at("differences");
  ASSERT_EQ(d.size(), 3U);
  // The picture is epoch 2's (H.264 leaves small differences), clearly not its neighbours'.
  EXPECT_LT(d[1].get<double>(), 2.0);
  EXPECT_LT(d[1].get<double>() * 2, d[0].get<double>());
  EXPECT_LT(d[1].get<double>() * 2, d[2].get<double>());
}

TEST(html_output, two_fragments_in_a_host_page_leave_its_styles_alone_and_play_each_on_their_own) {
  ASSERT_TRUE(fs::exists("/usr/bin/chromium")) << "the test needs chromium (scripts/install-deps --tests)";
  const fs::path dir = scratch("fragments");
  // Two runs (4 and 6 frames at 5 fps), each a fragment.
  for (const auto& [name, epochs] : std::vector<std::pair<std::string, std::string>>{{"a", "3"}, {"b", "5"}}) {
    const Outcome o = run({"train", "-q", "--epochs", epochs, "--stop-loss", "0", "--size", "240x180", "--html-fragment",
                           "-o", (dir / (name + ".html")).string()});
    ASSERT_EQ(o.code, 0) << o.err;
  }
  const std::string a = read(dir / "a.html");
  const std::string b = read(dir / "b.html");
  for (const std::string* f : {&a, &b}) {
    EXPECT_EQ(f->rfind("<div id=\"nnviz-", 0), 0U);
    for (const char* tag : {"<html", "<head", "<body", "<!DOCTYPE"}) EXPECT_EQ(f->find(tag), std::string::npos) << tag;
  }
  // A JavaScript string of each fragment ("</" split so that it cannot close the host's script).
  const auto literal = [](const std::string& text) {
    std::string js = nnviz::util::Json(text).dump();
    for (std::size_t at = js.find("</"); at != std::string::npos; at = js.find("</", at + 3)) js.replace(at, 2, "<\\/");
    return js;
  };
  // The host: rules of its own for body, table and h1, an input of its own, and two cells that
  // get the fragments as a notebook puts HTML output in (innerHTML, then each script re-created
  // so that it runs).
  std::string host = R"(<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>
body{background:rgb(250,240,230);margin:13px;font-family:serif}
table{border:5px solid rgb(1,2,3)}
h1{color:rgb(200,0,0);font-size:40px}
</style></head><body>
<h1 id="host-h1">Host</h1><table id="host-table"><tr><td>x</td></tr></table><input id="host-input">
<div id="cell-a"></div><div id="cell-b"></div>
<script>
function styles() {
  const b = getComputedStyle(document.body), t = getComputedStyle(document.getElementById('host-table'));
  const h = getComputedStyle(document.getElementById('host-h1'));
  return {background: b.backgroundColor, margin: b.marginTop, font: b.fontFamily, table: t.borderTopWidth + ' ' + t.borderTopColor,
          h1: h.color + ' ' + h.fontSize};
}
window.hostBefore = styles();
const fragments = {a: )" + literal(a) + ", b: " + literal(b) + R"(};
for (const name of ['a', 'b']) {
  const cell = document.getElementById('cell-' + name);
  cell.innerHTML = fragments[name];
  for (const old of cell.querySelectorAll('script')) {
    const s = document.createElement('script');
    s.textContent = old.textContent;
    old.replaceWith(s);
  }
}
</script>
</body></html>
)";
  const std::string script = R"(
(async () => {
  const out = {};
  try {
    out.before = window.hostBefore;
    out.after = styles();
    const roots = [...document.querySelectorAll('.nnviz-player')];
    out.players = roots.length;
    out.ids = roots.map(r => r.id);
    out.ready = roots.map(r => r.getAttribute('data-nnviz-ready'));
    out.fragmentH1 = getComputedStyle(roots[0].querySelector('h1')).color;
    // Every rule of the fragments' style sheets is under its root's id.
    out.unscoped = [];
    for (const sheet of document.styleSheets) {
      const root = sheet.ownerNode.closest('.nnviz-page');
      if (!root) continue;
      for (const rule of sheet.cssRules)
        for (const sel of rule.selectorText.split(','))
          if (!sel.trim().startsWith('#' + root.id)) out.unscoped.push(sel);
    }
    const [ra, rb] = roots;
    const va = ra.querySelector('video'), vb = rb.querySelector('video');
    for (const v of [va, vb]) await until('the metadata', () => v.readyState >= 1);
    out.initial = [state(ra), state(rb)];
    // Each slider moves its own player.
    const sa = ra.querySelector('.nnviz-slider'), sb = rb.querySelector('.nnviz-slider');
    sa.value = '2';
    sa.dispatchEvent(new Event('input', {bubbles: true}));
    await seeked(va);
    sb.value = '4';
    sb.dispatchEvent(new Event('input', {bubbles: true}));
    await seeked(vb);
    out.slid = [state(ra), state(rb)];
    // Keys: with the focus in b, b's; nowhere (a notebook's page) or in the host's input, nobody's.
    rb.focus();
    key(rb, 'ArrowRight');
    await seeked(vb);
    out.keyB = [state(ra), state(rb)];
    rb.blur();
    key(document.body, 'ArrowRight');
    const input = document.getElementById('host-input');
    input.focus();
    key(input, 'ArrowLeft');
    out.keysElsewhere = [state(ra), state(rb)];
  } catch (e) {
    out.error = String(e);
  }
  report(out);
})();
)";
  const nnviz::util::Json r = browser_run(with_probe(host, script), dir, "host.html", 60000);
  ASSERT_TRUE(r.is_object()) << "no probe in the DOM";
  std::cerr << "browser: " << r.dump() << '\n';
  ASSERT_FALSE(r.contains("error")) << r.dump();
  // The host's own rules hold, as they did before the fragments came.
  EXPECT_EQ(r.at("after"), r.at("before"));
  EXPECT_EQ(r.at("after").at("background"), "rgb(250, 240, 230)");
  EXPECT_EQ(r.at("after").at("margin"), "13px");
  EXPECT_EQ(r.at("after").at("font"), "serif");
  EXPECT_EQ(r.at("after").at("table"), "5px rgb(1, 2, 3)");
  EXPECT_EQ(r.at("after").at("h1"), "rgb(200, 0, 0) 40px");
  EXPECT_EQ(r.at("fragmentH1"), "rgb(34, 34, 34)");  // a fragment's own heading is its own
  EXPECT_EQ(r.at("unscoped"), nnviz::util::Json::array());
  EXPECT_EQ(r.at("players"), 2);
  EXPECT_NE(r.at("ids")[0], r.at("ids")[1]);
  EXPECT_EQ(r.at("ready"), nnviz::util::Json::parse(R"(["1", "1"])"));
  // a: epochs 0..3 (4 frames), b: 0..5 (6 frames), at 5 fps; each opens on its last frame.
  const auto at = [&](const char* step, int player) { return r.at(step)[player]; };
  EXPECT_EQ(at("initial", 0).at("label"), "epoch 3");
  EXPECT_EQ(at("initial", 1).at("label"), "epoch 5");
  EXPECT_EQ(at("slid", 0).at("frame"), 2);
  EXPECT_NEAR(at("slid", 0).at("time").get<double>(), 2.5 / 5, 1e-3);
  EXPECT_EQ(at("slid", 0).at("label"), "epoch 2");
  EXPECT_NEAR(at("slid", 0).at("cursor").get<double>(), chart_x(2, 3), 0.051);
  EXPECT_EQ(at("slid", 1).at("frame"), 4);
  EXPECT_NEAR(at("slid", 1).at("time").get<double>(), 4.5 / 5, 1e-3);
  EXPECT_NEAR(at("slid", 1).at("cursor").get<double>(), chart_x(4, 5), 0.051);
  EXPECT_EQ(at("keyB", 0), at("slid", 0));  // a stays
  EXPECT_EQ(at("keyB", 1).at("frame"), 5);
  EXPECT_NEAR(at("keyB", 1).at("time").get<double>(), 5.5 / 5, 1e-3);
  EXPECT_EQ(r.at("keysElsewhere"), r.at("keyB"));  // nobody moved
}

TEST(html_output, html_fragment_needs_a_page_and_the_config_carries_it) {
  const fs::path dir = scratch("fragment-flag");
  Outcome o = run({"train", "-q", "--html-fragment", "-o", (dir / "run.mp4").string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("--html-fragment: no page is written"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("-o FILE.html"), std::string::npos) << o.err;
  o = run({"train", "-q", "--html-fragment", "--no-video", "-o", (dir / "run.html").string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("--html-fragment: has no effect with --no-video"), std::string::npos) << o.err;
  ASSERT_EQ(run({"train", "-q", "--no-video", "--epochs", "2", "--stop-loss", "0", "--save-weights",
                 (dir / "run.json").string()})
                .code,
            0);
  o = run({"render", "-q", (dir / "run.json").string(), "--epoch", "2", "--html-fragment", "-o",
           (dir / "e2.png").string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("--html-fragment"), std::string::npos) << o.err;
  o = run({"compare", "-q", "--html-fragment", "--epochs", "1", "-o", (dir / "sweep").string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("--html-fragment"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(dir / "run.mp4"));
  EXPECT_FALSE(fs::exists(dir / "run.html"));
  EXPECT_FALSE(fs::exists(dir / "e2.png"));
  EXPECT_FALSE(fs::exists(dir / "sweep"));
  // render writes a fragment from a saved run.
  o = run({"render", "-q", (dir / "run.json").string(), "--size", "240x180", "--html-fragment", "-o",
           (dir / "cell.html").string()});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(read(dir / "cell.html").rfind("<div id=\"nnviz-", 0), 0U);
  // --print-config writes it; --config reads it back.
  o = run({"train", "--html-fragment", "-o", (dir / "from-config.html").string(), "--epochs", "1", "--stop-loss", "0",
           "--size", "240x180", "--print-config"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("html-fragment=true"), std::string::npos) << o.out;
  std::ofstream(dir / "run.toml") << o.out;
  o = run({"train", "-q", "--config", (dir / "run.toml").string()});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(read(dir / "from-config.html").rfind("<div id=\"nnviz-", 0), 0U);
  o = run({"train", "--epochs", "1", "-o", (dir / "x.html").string(), "--print-config"});
  EXPECT_NE(o.out.find("html-fragment=false"), std::string::npos) << o.out;
}

TEST(html_output, train_writes_one_self_contained_page) {
  const fs::path dir = scratch("page");
  const fs::path page = dir / "run.html";
  const Outcome o = run({"train", "-q", "--epochs", "9", "--stop-loss", "0", "--size", "320x240", "--title",
                         "blobs & <tanh>", "-o", page.string()});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, page.string() + "\n");
  const std::string html = read(page);
  EXPECT_NE(html.find("<video controls muted playsinline preload=\"auto\" width=\"320\" height=\"240\" poster=\"data:image/png;base64,iVBORw0KGgo"),
            std::string::npos);  // a PNG starts with \x89PNG\r\n\x1a\n
  EXPECT_NE(html.find("data:video/mp4;base64,AAAA"), std::string::npos);  // an mp4 starts with a box size
  EXPECT_NE(html.find("blobs &amp; &lt;tanh&gt;"), std::string::npos);
  EXPECT_NE(html.find("<th>optimizer</th><td>adam</td>"), std::string::npos);
  EXPECT_NE(html.find("<th>frames</th><td class=\"nnviz-num\">10</td>"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  // Only the page is left: the temporary video is gone.
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
}

TEST(html_output, a_browser_plays_the_embedded_video_with_its_duration_and_size) {
  ASSERT_TRUE(fs::exists("/usr/bin/chromium")) << "the test needs chromium (scripts/install-deps --tests)";
  const fs::path dir = scratch("browser");
  const fs::path page = dir / "run.html";
  // 10 frames at 5 fps: 2 s.
  const Outcome o =
      run({"train", "-q", "--epochs", "9", "--stop-loss", "0", "--size", "320x240", "--fps", "5", "-o", page.string()});
  ASSERT_EQ(o.code, 0) << o.err;
  const nnviz::util::Json probe = browser_probe(page, dir);
  ASSERT_TRUE(probe.is_object()) << "no probe in the DOM: the video's metadata never loaded";
  std::cerr << "browser: " << probe.dump() << '\n';
  EXPECT_TRUE(probe.at("error").is_null());
  EXPECT_GE(probe.at("readyState").get<double>(), 1.0);
  EXPECT_NEAR(probe.at("duration").get<double>(), 10.0 / 5.0, 0.05);
  EXPECT_EQ(probe.at("videoWidth").get<double>(), 320.0);
  EXPECT_EQ(probe.at("videoHeight").get<double>(), 240.0);
}

TEST(html_output, render_writes_a_page_from_a_saved_run) {
  const fs::path dir = scratch("render");
  ASSERT_EQ(run({"train", "-q", "--no-video", "--epochs", "3", "--stop-loss", "0", "--save-weights",
                 (dir / "run.json").string()})
                .code,
            0);
  const Outcome o = run({"render", "-q", (dir / "run.json").string(), "--size", "240x180", "-o",
                         (dir / "again.htm").string()});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(read(dir / "again.htm").find("data:video/mp4;base64,"), std::string::npos);
}

TEST(html_output, a_page_cannot_hold_a_gif_and_no_overwrite_keeps_an_old_page) {
  const fs::path dir = scratch("refuse");
  Outcome o = run({"train", "-q", "--format", "gif", "-o", (dir / "run.html").string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("embeds mp4 or webm"), std::string::npos) << o.err;
  std::ofstream(dir / "old.html") << "old";
  o = run({"train", "-q", "-n", "-o", (dir / "old.html").string()});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(read(dir / "old.html"), "old");
}

TEST(html_output, compare_writes_an_index_page_with_the_video_and_a_row_per_run) {
  const fs::path dir = scratch("compare");
  const Outcome o = run({"compare", "-q", "--activation", "tanh,relu", "--epochs", "3", "--stop-loss", "0",
                         "--no-run-video", "--tile-size", "160x144", "-j", "2", "-o", (dir / "sweep").string()});
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string html = read(dir / "sweep" / "index.html");
  EXPECT_NE(html.find("data:video/mp4;base64,"), std::string::npos);
  EXPECT_NE(html.find("<td>tanh</td>"), std::string::npos) << html.substr(0, 300);
  EXPECT_NE(html.find("<td>relu</td>"), std::string::npos);
}

}  // namespace
