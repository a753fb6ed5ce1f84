// `-o run.html` and compare's index.html: one self-contained page that a real browser plays.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_test_support.hpp"
#include "nnviz/cli/cli.hpp"
#include "nnviz/util/json.hpp"

namespace {
namespace fs = std::filesystem;

using nnviz::cli_test::Outcome;
using nnviz::cli_test::run;
using nnviz::cli_test::read;
using nnviz::cli_test::scratch;

std::string command_output(const std::string& cmd) {
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  while (p != nullptr && std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  if (p != nullptr) ::pclose(p);
  return out;
}

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

TEST(html_output, train_writes_one_self_contained_page) {
  const fs::path dir = scratch("page");
  const fs::path page = dir / "run.html";
  const Outcome o = run({"train", "-q", "--epochs", "9", "--stop-loss", "0", "--size", "320x240", "--title",
                         "blobs & <tanh>", "-o", page.string()});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, page.string() + "\n");
  const std::string html = read(page);
  EXPECT_NE(html.find("<video controls loop autoplay muted playsinline width=\"320\" height=\"240\">"),
            std::string::npos);
  EXPECT_NE(html.find("data:video/mp4;base64,AAAA"), std::string::npos);  // an mp4 starts with a box size
  EXPECT_NE(html.find("blobs &amp; &lt;tanh&gt;"), std::string::npos);
  EXPECT_NE(html.find("<th>optimizer</th><td>adam</td>"), std::string::npos);
  EXPECT_NE(html.find("<th>frames</th><td class=\"num\">10</td>"), std::string::npos);
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
