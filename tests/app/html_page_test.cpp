// The run page: base64, escaping, the embedded video element, settings, results, curves; the
// player's frames (labels, cursor positions), the notebook fragment, the size warning; a run's
// page from render_record (its frames as the video plan has them, its poster the last frame).
#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "nnviz/encode/base64.hpp"

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "nnviz/app/html_page.hpp"
#include "nnviz/app/html_run.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"
#include "nnviz/util/json.hpp"

namespace {
using nnviz::app::HtmlPage;

TEST(html_page, base64_matches_rfc4648_test_vectors) {
  EXPECT_EQ(nnviz::encode::base64(""), "");
  EXPECT_EQ(nnviz::encode::base64("f"), "Zg==");
  EXPECT_EQ(nnviz::encode::base64("fo"), "Zm8=");
  EXPECT_EQ(nnviz::encode::base64("foo"), "Zm9v");
  EXPECT_EQ(nnviz::encode::base64("foob"), "Zm9vYg==");
  EXPECT_EQ(nnviz::encode::base64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(nnviz::encode::base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(nnviz::encode::base64(std::string("\xff\x00\xfe", 3)), "/wD+");
}

TEST(html_page, text_is_escaped) {
  EXPECT_EQ(nnviz::app::html_escape("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
}

HtmlPage sample() {
  HtmlPage p;
  p.title = "run <1>";
  p.video = "foobar";
  p.width = 320;
  p.height = 240;
  p.settings = {{"lr", "0.1"}, {"activation", "tanh"}};
  p.results = {{"final loss", "0.2630"}};
  for (int e = 0; e <= 4; ++e) {
    nnviz::train::Metrics m;
    m.epoch = e;
    m.loss = 0.7 - 0.1 * e;
    m.accuracy = 0.5 + 0.1 * e;
    p.curves.push_back(m);
  }
  return p;
}

TEST(html_page, the_page_embeds_the_video_like_the_notebook) {
  const std::string html = nnviz::app::html_page(sample());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0U);
  EXPECT_NE(html.find("<video controls loop autoplay muted playsinline width=\"320\" height=\"240\">"),
            std::string::npos);
  EXPECT_NE(html.find("src=\"data:video/mp4;base64,Zm9vYmFy\""), std::string::npos);
  EXPECT_NE(html.find("<title>run &lt;1&gt;</title>"), std::string::npos);
  EXPECT_NE(html.find("<th>activation</th><td>tanh</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"nnviz-num\">0.2630</td>"), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));  // nothing external
}

TEST(html_page, a_gif_becomes_an_image_and_no_video_no_element) {
  HtmlPage p = sample();
  p.video_mime = "image/gif";
  EXPECT_NE(nnviz::app::html_page(p).find("<img class=\"nnviz-video\""), std::string::npos);
  p.video.clear();
  const std::string html = nnviz::app::html_page(p);
  EXPECT_EQ(html.find("<video"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
}

TEST(html_page, curves_are_one_polyline_each_within_the_box) {
  const std::string svg = nnviz::app::curves_svg(sample().curves, 400, 200);
  EXPECT_EQ(svg.rfind("<svg", 0), 0U);
  EXPECT_NE(svg.find("class=\"nnviz-loss\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"nnviz-accuracy\""), std::string::npos);
  EXPECT_EQ(svg.find("val-loss"), std::string::npos);
  EXPECT_EQ(svg.find("nnviz-cursor"), std::string::npos);  // a chart without a player has no cursor
  // Epoch 0 at the left edge of the box (x = 50), epoch 4 at the right (x = 350); accuracy 0.9
  // (epoch 4) at 90 % of the height from the bottom (165 - 0.9 * 145 = 34.5).
  EXPECT_NE(svg.find("350.0,34.5"), std::string::npos);
  EXPECT_NE(svg.find("points=\"50.0,"), std::string::npos);
}

TEST(html_page, a_diverged_loss_leaves_out_the_point_not_the_curve) {
  std::vector<nnviz::train::Metrics> curves = sample().curves;
  curves.back().loss = std::numeric_limits<double>::quiet_NaN();
  const std::string svg = nnviz::app::curves_svg(curves);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_NE(svg.find("class=\"nnviz-loss\""), std::string::npos);
}

TEST(html_run, html_outputs_are_recognised_and_embed_mp4_or_webm) {
  nnviz::app::VideoRequest v;
  v.output = "run.HTML";
  EXPECT_TRUE(nnviz::app::is_html_output(v));
  EXPECT_EQ(nnviz::app::resolve_format(v), nnviz::encode::Format::mp4);
  v.format = nnviz::encode::Format::webm;
  EXPECT_EQ(nnviz::app::resolve_format(v), nnviz::encode::Format::webm);
  v.format = nnviz::encode::Format::gif;
  EXPECT_THROW(nnviz::app::resolve_format(v), nnviz::UsageError);
  v.output = "run.mp4";
  v.format.reset();
  EXPECT_FALSE(nnviz::app::is_html_output(v));
}

using nnviz::app::PlayerFrame;
using nnviz::app::PlayerFrameKind;

// sample()'s five epochs as a player: epoch 0, halfway to 1, 1, halfway to 2, 2, 3, 4, and two
// frames of the morph of epoch 4.
HtmlPage player_sample() {
  HtmlPage p = sample();
  p.fps = 10;
  p.poster = "PNG!";
  p.frames = {{PlayerFrameKind::snapshot, 0, 0.0}, {PlayerFrameKind::between, 0, 0.5},
              {PlayerFrameKind::snapshot, 1, 0.0}, {PlayerFrameKind::between, 1, 0.5},
              {PlayerFrameKind::snapshot, 2, 0.0}, {PlayerFrameKind::snapshot, 3, 0.0},
              {PlayerFrameKind::snapshot, 4, 0.0}, {PlayerFrameKind::morph, 4, 0.0},
              {PlayerFrameKind::morph, 4, 0.0}};
  return p;
}

std::string unescape(std::string text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const std::size_t end = text.find(';', i);
    const std::string entity = text.substr(i, end - i + 1);
    out += entity == "&quot;" ? "\"" : entity == "&amp;" ? "&" : entity == "&lt;" ? "<" : entity == "&gt;" ? ">" : "'";
    i = end;
  }
  return out;
}

std::string attribute(const std::string& html, const std::string& name) {
  const std::string open = " " + name + "=\"";
  const std::size_t at = html.find(open);
  if (at == std::string::npos) return {};
  const std::size_t start = at + open.size();
  return unescape(html.substr(start, html.find('"', start) - start));
}

nnviz::util::Json frames_of(const std::string& html) { return nnviz::util::Json::parse(attribute(html, "data-frames")); }

TEST(html_player, labels_name_the_epoch_and_say_what_in_between_and_morph_frames_are) {
  const HtmlPage p = player_sample();
  const std::vector<std::string> expected{"epoch 0", "between epoch 0 and 1", "epoch 1", "between epoch 1 and 2",
                                          "epoch 2", "epoch 3", "epoch 4", "morph of epoch 4", "morph of epoch 4"};
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(nnviz::app::frame_label(p, i), expected[i]) << i;
  EXPECT_THROW((void)nnviz::app::frame_label(p, expected.size()), std::out_of_range);
}

TEST(html_player, step_snapshots_say_their_step_and_stand_at_fractions_of_an_epoch) {
  // 3 steps an epoch, steps 0..6: step 0 is epoch 0, steps 1-3 epoch 1, steps 4-6 epoch 2.
  HtmlPage p = sample();
  p.curves.clear();
  for (int step = 0; step <= 6; ++step) {
    nnviz::train::Metrics m;
    m.step = step;
    m.epoch = (step + 2) / 3;
    m.loss = 0.7 - 0.05 * step;
    m.accuracy = 0.5 + 0.05 * step;
    p.curves.push_back(m);
  }
  p.steps_per_epoch = 3.0;
  p.fps = 5;
  p.frames = {{PlayerFrameKind::snapshot, 4, 0.0}, {PlayerFrameKind::between, 4, 0.5},
              {PlayerFrameKind::between, 3, 0.5}, {PlayerFrameKind::morph, 6, 0.0}};
  EXPECT_EQ(nnviz::app::frame_label(p, 0), "epoch 2 \u00b7 step 4/6");
  EXPECT_EQ(nnviz::app::frame_label(p, 1), "epoch 2 \u00b7 between step 4 and 5");
  EXPECT_EQ(nnviz::app::frame_label(p, 2), "between epoch 1 \u00b7 step 3/6 and epoch 2 \u00b7 step 4/6");
  EXPECT_EQ(nnviz::app::frame_label(p, 3), "morph of epoch 2 \u00b7 step 6/6");
  // The chart's x is steps / 3 over 0..2 epochs (the box from x = 50 to 670): step 4 at
  // 50 + (4/3)/2 * 620, halfway from step 4 to 5 at 4.5 steps.
  const nnviz::util::Json frames = frames_of(nnviz::app::html_page(p));
  ASSERT_EQ(frames.size(), 4U);
  EXPECT_NEAR(frames[0]["x"].get<double>(), 50 + (4.0 / 3.0) / 2.0 * 620, 0.051);
  EXPECT_NEAR(frames[1]["x"].get<double>(), 50 + (4.5 / 3.0) / 2.0 * 620, 0.051);
  EXPECT_NEAR(frames[3]["x"].get<double>(), 670, 0.051);
  // The loss curve's polyline puts step 4 there too.
  const std::string svg = nnviz::app::curves_svg(p.curves, 720, 260, 3.0);
  EXPECT_NE(svg.find(" 463.3,"), std::string::npos) << svg;
}

TEST(html_player, every_frame_has_its_label_cursor_and_readout_in_the_root) {
  const HtmlPage p = player_sample();
  const std::string html = nnviz::app::html_page(p);
  const nnviz::util::Json frames = frames_of(html);
  ASSERT_EQ(frames.size(), p.frames.size());
  EXPECT_EQ(attribute(html, "data-fps"), "10");
  // The box spans x 50..670 (720 wide) and y 20..225 (260 high); the loss axis tops at 1 (the
  // largest loss is 0.7), accuracy at 1. Epoch e of 4 is at x = 50 + e/4 * 620.
  const auto x_at = [](double epoch) { return 50 + epoch / 4 * 620; };
  const auto y_at = [](double value) { return 225 - value * 205; };
  const std::vector<double> epochs{0, 0.5, 1, 1.5, 2, 3, 4, 4, 4};
  for (std::size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(frames[i]["t"], nnviz::app::frame_label(p, i));
    EXPECT_NEAR(frames[i]["x"].get<double>(), x_at(epochs[i]), 0.051) << i;
  }
  // Dots on the curves at snapshots (and a morph's snapshot), none for an in-between frame.
  EXPECT_NEAR(frames[4]["l"].get<double>(), y_at(0.5), 0.051);  // epoch 2: loss 0.5, accuracy 0.7
  EXPECT_NEAR(frames[4]["a"].get<double>(), y_at(0.7), 0.051);
  EXPECT_NEAR(frames[8]["l"].get<double>(), y_at(0.3), 0.051);
  EXPECT_TRUE(frames[1]["l"].is_null());
  EXPECT_TRUE(frames[3]["a"].is_null());
  EXPECT_EQ(frames[4]["m"], "loss 0.5000 \u00b7 accuracy 0.700");
  EXPECT_NE(frames[1]["m"].get<std::string>().find("not a trained state"), std::string::npos);
  // The slider spans the frames; the page opens on the last one, the poster's.
  EXPECT_NE(html.find("<input type=\"range\" class=\"nnviz-slider\" min=\"0\" max=\"8\" step=\"1\" value=\"8\""),
            std::string::npos);
  EXPECT_EQ(attribute(html, "data-frame"), "8");
  EXPECT_NE(html.find("<span class=\"nnviz-label\">morph of epoch 4</span>"), std::string::npos);
  EXPECT_NE(html.find("poster=\"data:image/png;base64," + nnviz::encode::base64("PNG!") + "\""), std::string::npos);
  // The player drives the video: no autoplay, no loop; the browser's controls until its script runs.
  EXPECT_NE(html.find("<video controls muted playsinline preload=\"auto\" width=\"320\" height=\"240\" poster="),
            std::string::npos);
  EXPECT_EQ(html.find("autoplay"), std::string::npos);
  EXPECT_NE(html.find("class=\"nnviz-cursor\" x1=\"670\" x2=\"670\""), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));  // nothing external
  EXPECT_EQ(html.find("https://"), std::string::npos);
}

TEST(html_player, without_a_poster_the_player_opens_on_the_first_frame) {
  HtmlPage p = player_sample();
  p.poster.clear();
  const std::string html = nnviz::app::html_page(p);
  EXPECT_EQ(attribute(html, "data-frame"), "0");
  EXPECT_EQ(html.find("poster="), std::string::npos);
  EXPECT_NE(html.find("<span class=\"nnviz-label\">epoch 0</span>"), std::string::npos);
}

TEST(html_player, a_fragment_is_one_div_with_every_style_rule_under_its_id) {
  HtmlPage p = player_sample();
  p.fragment = true;
  const std::string html = nnviz::app::html_page(p);
  const std::string id = nnviz::app::page_id(p);
  ASSERT_EQ(id.rfind("nnviz-", 0), 0U);
  EXPECT_EQ(html.rfind("<div id=\"" + id + "\" class=\"nnviz-page nnviz-player\"", 0), 0U) << html.substr(0, 200);
  EXPECT_EQ(html.substr(html.size() - 7), "</div>\n");
  for (const char* tag : {"<html", "<head", "<body", "<!DOCTYPE", "<title", "<meta"})
    EXPECT_EQ(html.find(tag), std::string::npos) << tag;
  // Every selector of every rule starts with the root's id.
  const std::size_t open = html.find("<style>");
  const std::size_t close = html.find("</style>");
  ASSERT_NE(open, std::string::npos);
  EXPECT_EQ(html.find("<style>", open + 1), std::string::npos);  // one style sheet
  std::istringstream rules(html.substr(open + 7, close - open - 7));
  int checked = 0;
  for (std::string rule; std::getline(rules, rule, '}');) {
    const std::size_t brace = rule.find('{');
    if (brace == std::string::npos) continue;
    std::istringstream selectors(rule.substr(0, brace));
    for (std::string selector; std::getline(selectors, selector, ',');) {
      selector.erase(0, selector.find_first_not_of(" \n"));
      EXPECT_EQ(selector.rfind("#" + id, 0), 0U) << selector;
      ++checked;
    }
  }
  EXPECT_GT(checked, 10);
  // The script is one function called at once (nothing global), inside the div.
  const std::size_t script = html.find("<script>\n(function () {");
  ASSERT_NE(script, std::string::npos);
  EXPECT_LT(script, html.rfind("</div>"));
  EXPECT_NE(html.find("})();\n</script>"), std::string::npos);
  EXPECT_EQ(attribute(html, "data-fragment"), "1");
  // JupyterLab's own shortcuts stay out of a focused player.
  EXPECT_EQ(attribute(html, "data-lm-suppress-shortcuts"), "true");
  // The whole page holds the same div.
  p.fragment = false;
  const std::string page = nnviz::app::html_page(p);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0U);
  std::string as_page = html;
  as_page.replace(as_page.find("data-fragment=\"1\""), 17, "data-fragment=\"0\"");
  EXPECT_NE(page.find(as_page), std::string::npos);
}

TEST(html_player, ids_differ_between_pages_and_an_id_given_is_kept) {
  HtmlPage a = player_sample();
  HtmlPage b = player_sample();
  b.video = "another video";
  EXPECT_NE(nnviz::app::page_id(a), nnviz::app::page_id(b));
  EXPECT_EQ(nnviz::app::page_id(a), nnviz::app::page_id(player_sample()));  // a function of the content
  a.id = "nnviz-mine";
  EXPECT_NE(nnviz::app::html_page(a).find("<div id=\"nnviz-mine\""), std::string::npos);
}

TEST(html_player, compare_pages_keep_a_plain_looping_video_and_no_script) {
  HtmlPage p = sample();  // no frames: compare's page
  const std::string html = nnviz::app::html_page(p);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("data-frames"), std::string::npos);
  EXPECT_NE(html.find("class=\"nnviz-page\">"), std::string::npos);
  EXPECT_NE(html.find("<video controls loop autoplay muted playsinline"), std::string::npos);
}

TEST(html_player, the_size_warning_says_the_size_and_how_to_shrink) {
  EXPECT_EQ(nnviz::app::page_size_warning("run.html", 20'000'000), "");
  const std::string w = nnviz::app::page_size_warning("out/run.html", 23'456'789);
  EXPECT_NE(w.find("out/run.html is 23.5 MB"), std::string::npos) << w;
  EXPECT_NE(w.find("20 MB"), std::string::npos) << w;
  for (const char* flag : {"--size", "--crf", "--every"}) EXPECT_NE(w.find(flag), std::string::npos) << flag;
  EXPECT_NE(nnviz::app::page_size_warning("a.html", 1001, 1000).find("a.html is 0.0 MB"), std::string::npos);
}

// A small run rendered into a page through render_record, as train and render do.
namespace fs = std::filesystem;

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("nnviz-page-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

nnviz::run::RunRecord small_record(int epochs) {
  nnviz::app::TrainRequest r;
  r.dataset.samples = 40;
  r.architecture.activations = {nnviz::model::Activation::parse("tanh")};
  r.training.epochs = epochs;
  r.training.stop_loss = 0.0;
  const nnviz::util::InterruptFlag never;
  return nnviz::app::train_record(r, never);
}

nnviz::app::VideoRequest page_request(const fs::path& output) {
  nnviz::app::VideoRequest v;
  v.output = output;
  v.render.width = 320;
  v.render.height = 240;
  v.mesh_resolution = 20;
  v.encode.fps = 4;
  return v;
}

TEST(html_run, a_pages_frames_are_the_video_plans_and_its_poster_the_last_frame) {
  const fs::path dir = scratch("plan");
  const nnviz::run::RunRecord record = small_record(2);
  nnviz::app::VideoRequest v = page_request(dir / "run.html");
  v.tween = 1;
  v.morph.enabled = true;
  v.morph.seconds_per_layer = 0.5;  // 2 frames a layer at 4 fps
  const nnviz::util::InterruptFlag never;
  std::vector<fs::path> outputs;
  const int written = nnviz::app::render_record(record, v, never, outputs);
  const std::string html = file_text(dir / "run.html");
  const nnviz::util::Json frames = frames_of(html);
  ASSERT_EQ(static_cast<int>(frames.size()), written);
  // Snapshots 0, 1, 2 with one frame between each pair, then the morph of the last epoch.
  const std::vector<std::string> first{"epoch 0", "between epoch 0 and 1", "epoch 1", "between epoch 1 and 2", "epoch 2"};
  ASSERT_GT(frames.size(), first.size());
  for (std::size_t i = 0; i < first.size(); ++i) EXPECT_EQ(frames[i]["t"], first[i]) << i;
  for (std::size_t i = first.size(); i < frames.size(); ++i) EXPECT_EQ(frames[i]["t"], "morph of epoch 2") << i;
  EXPECT_EQ(attribute(html, "data-fps"), "4");
  // The results count the video's frames and, fewer, the snapshots they show.
  EXPECT_NE(html.find("<th>frames</th><td class=\"nnviz-num\">" + std::to_string(written) + "</td>"), std::string::npos);
  EXPECT_NE(html.find("<th>snapshots</th><td class=\"nnviz-num\">3</td>"), std::string::npos);

  // Without the morph, the poster is epoch 2's frame as `render --epoch 2` draws it, not epoch 0's.
  v.morph.enabled = false;
  v.output = dir / "plain.html";
  outputs.clear();
  nnviz::app::render_record(record, v, never, outputs);
  const std::string plain = file_text(dir / "plain.html");
  ASSERT_TRUE(nnviz::app::render_frame_png(record, v, 2, dir / "epoch2.png", never));
  ASSERT_TRUE(nnviz::app::render_frame_png(record, v, 0, dir / "epoch0.png", never));
  const std::string poster = attribute(plain, "poster");
  EXPECT_EQ(poster, "data:image/png;base64," + nnviz::encode::base64(file_text(dir / "epoch2.png")));
  EXPECT_NE(poster, "data:image/png;base64," + nnviz::encode::base64(file_text(dir / "epoch0.png")));
  EXPECT_EQ(frames_of(plain).size(), 5U);
  fs::remove_all(dir);
}

TEST(html_run, a_page_above_the_limit_is_written_with_a_warning) {
  const fs::path dir = scratch("large");
  const nnviz::run::RunRecord record = small_record(1);
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(32);
  auto previous = spdlog::default_logger();
  auto logger = std::make_shared<spdlog::logger>("test", sink);
  logger->set_level(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  const nnviz::util::InterruptFlag never;
  std::vector<fs::path> outputs;
  nnviz::app::VideoRequest v = page_request(dir / "small.html");
  nnviz::app::render_record(record, v, never, outputs);  // the default limit: 20 MB
  EXPECT_TRUE(sink->last_formatted().empty());
  v.output = dir / "large.html";
  v.page_warn_bytes = 1000;
  nnviz::app::render_record(record, v, never, outputs);
  const std::vector<std::string> lines = sink->last_formatted();
  spdlog::set_default_logger(previous);
  ASSERT_EQ(lines.size(), 1U);
  const auto bytes = static_cast<double>(fs::file_size(dir / "large.html"));
  ASSERT_GT(bytes, 1000);
  EXPECT_NE(lines[0].find((dir / "large.html").string() + " is " + fmt::format("{:.1f} MB", bytes / 1e6)),
            std::string::npos)
      << lines[0];
  for (const char* flag : {"--size", "--crf", "--every"}) EXPECT_NE(lines[0].find(flag), std::string::npos) << flag;
  EXPECT_TRUE(fs::exists(dir / "large.html"));  // written all the same
  fs::remove_all(dir);
}

}  // namespace

namespace nnviz::app {
namespace {

TEST(page_config, survives_any_text_and_never_ends_its_element_early) {
  const std::string hostile = "# nnviz train --config FILE\ntitle=\"</script><script>alert(1)</script> <!-- x --> "
                              "</SCRIPT > <\\/ <\\\\ <\"\ntail=1\n";
  HtmlPage page;
  page.title = "t";
  page.config_toml = hostile;
  const std::string html = html_page(page);
  EXPECT_EQ(page_config(html), hostile);
  // The element's text holds no "</" and no "<!": the only "</script" of the page (any case)
  // is the element's own end.
  const std::size_t start = html.find(page_config_element);
  ASSERT_NE(start, std::string::npos);
  // Before the video (a reader stops there, never reading the base64), in the player's <div>
  // (so a notebook fragment carries it too).
  page.video = "not really a video";
  const std::string with_video = html_page(page);
  EXPECT_LT(with_video.find(page_config_element), with_video.find("data:video/mp4;base64,"));
  EXPECT_GT(start, html.find("<div id=\"nnviz-"));
  page.fragment = true;
  EXPECT_EQ(page_config(html_page(page)), hostile);
  std::string lower = html;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::size_t end = lower.find("</script", start);
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(lower.find("</script", end + 1), std::string::npos);
  const std::string body = html.substr(start + page_config_element.size(), end - start - page_config_element.size());
  EXPECT_EQ(body.find("</"), std::string::npos);
  EXPECT_EQ(body.find("<!"), std::string::npos);
  // Plain text is written as it is.
  EXPECT_EQ(script_text("lr=0.05\ntitle=\"a < b\"\n"), "lr=0.05\ntitle=\"a < b\"\n");
  for (const std::string t : {"<", "<\\", "<\\\\/", "a</b", "<<//", "<!<\\!"}) EXPECT_EQ(script_text_decode(script_text(t)), t) << t;
}

TEST(page_config, a_page_without_one_has_none) {
  HtmlPage page;
  page.title = "t";
  EXPECT_EQ(page_config(html_page(page)), std::nullopt);
  EXPECT_EQ(html_page(page).find("application/toml"), std::string::npos);
  EXPECT_EQ(page_config(std::string(page_config_element) + "x = 1"), std::nullopt);  // never closed
}

}  // namespace
}  // namespace nnviz::app
