// The run page: base64, escaping, the embedded video element, settings, results, curves.
#include <gtest/gtest.h>

#include "nnviz/encode/base64.hpp"

#include <limits>

#include "nnviz/app/html_page.hpp"
#include "nnviz/app/html_run.hpp"
#include "nnviz/util/error.hpp"

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
  EXPECT_NE(html.find("<td class=\"num\">0.2630</td>"), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));  // nothing external
}

TEST(html_page, a_gif_becomes_an_image_and_no_video_no_element) {
  HtmlPage p = sample();
  p.video_mime = "image/gif";
  EXPECT_NE(nnviz::app::html_page(p).find("<img class=\"video\""), std::string::npos);
  p.video.clear();
  const std::string html = nnviz::app::html_page(p);
  EXPECT_EQ(html.find("<video"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
}

TEST(html_page, curves_are_one_polyline_each_within_the_box) {
  const std::string svg = nnviz::app::curves_svg(sample().curves, 400, 200);
  EXPECT_EQ(svg.rfind("<svg", 0), 0U);
  EXPECT_NE(svg.find("class=\"loss\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"accuracy\""), std::string::npos);
  EXPECT_EQ(svg.find("val_loss"), std::string::npos);
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
  EXPECT_NE(svg.find("class=\"loss\""), std::string::npos);
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
  EXPECT_LT(start, html.find("</head>"));  // in the head: a reader stops there
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
