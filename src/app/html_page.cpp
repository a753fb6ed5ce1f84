#include "nnviz/app/html_page.hpp"

#include <spdlog/fmt/fmt.h>

#include <algorithm>
#include <cmath>

#include "nnviz/encode/base64.hpp"

namespace nnviz::app {
namespace {

// Data (epoch, value) -> SVG user units inside the plot box; y grows downwards in SVG.
struct Axis {
  double lo = 0.0, hi = 1.0;  // data range
  double a = 0.0, b = 1.0;    // pixel range
  [[nodiscard]] double map(double v) const { return hi == lo ? a : a + (v - lo) / (hi - lo) * (b - a); }
};

std::string polyline(const std::vector<train::Metrics>& curves, const Axis& x, const Axis& y,
                     double (*value)(const train::Metrics&), const std::string& attributes) {
  std::string points;
  for (const train::Metrics& m : curves) {
    const double v = value(m);
    if (!std::isfinite(v)) continue;  // a diverged run's last loss: no point, not a broken path
    points += fmt::format("{}{:.1f},{:.1f}", points.empty() ? "" : " ", x.map(m.epoch), y.map(v));
  }
  if (points.empty()) return {};
  return fmt::format("<polyline fill=\"none\" {} points=\"{}\"/>\n", attributes, points);
}

// A "nice" upper bound for the loss axis: 1, 2 or 5 times a power of ten.
double nice_ceiling(double v) {
  if (!(v > 0.0) || !std::isfinite(v)) return 1.0;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= v) return m * p;
  return 10.0 * p;
}

const char* const style_sheet = R"(body{font-family:"DejaVu Sans",sans-serif;margin:2em auto;max-width:1900px;padding:0 1em;color:#222}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.5em}
video,img.video{max-width:100%;height:auto;border:1px solid #ddd}
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.cols{display:flex;flex-wrap:wrap;gap:2em}
)";

bool numeric(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

std::string pairs_table(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out = "<table>\n";
  for (const auto& [name, value] : pairs)
    out += fmt::format("<tr><th>{}</th><td{}>{}</td></tr>\n", html_escape(name), numeric(value) ? " class=\"num\"" : "",
                       html_escape(value));
  return out + "</table>\n";
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

std::string curves_svg(const std::vector<train::Metrics>& curves, int width, int height) {
  // Plot box inside margins for the tick labels (left: loss, right: accuracy, bottom: epoch).
  const double left = 50, right = width - 50.0, top = 20, bottom = height - 35.0;
  double max_loss = 0.0;
  int max_epoch = 0;
  bool validation = false;
  for (const train::Metrics& m : curves) {
    if (std::isfinite(m.loss)) max_loss = std::max(max_loss, m.loss);
    if (m.val_loss && std::isfinite(*m.val_loss)) max_loss = std::max(max_loss, *m.val_loss);
    max_epoch = std::max(max_epoch, m.epoch);
    validation = validation || m.val_loss.has_value();
  }
  const Axis x{0.0, static_cast<double>(std::max(max_epoch, 1)), left, right};
  const Axis loss_y{0.0, nice_ceiling(max_loss), bottom, top};
  const Axis acc_y{0.0, 1.0, bottom, top};

  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"DejaVu Sans, sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"loss and accuracy per "
      "epoch\">\n<rect x=\"{2}\" y=\"{3}\" width=\"{4}\" height=\"{5}\" fill=\"white\" stroke=\"#bbb\"/>\n",
      width, height, left, top, right - left, bottom - top);
  for (int i = 0; i <= 4; ++i) {
    const double t = i / 4.0;
    const double py = loss_y.map(t * loss_y.hi);
    svg += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#eee\"/>\n", left, right, py, py);
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" fill=\"#1f5fa8\">{:g}</text>\n", left - 4,
                       py + 4, t * loss_y.hi);
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" fill=\"#c4501b\">{:g}</text>\n", right + 4, py + 4, t);
  }
  for (int i = 0; i <= 4; ++i) {
    const double epoch = std::round(x.hi * i / 4.0);
    if (i > 0 && epoch == std::round(x.hi * (i - 1) / 4.0)) continue;
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{:g}</text>\n", x.map(epoch), bottom + 15,
                       epoch);
  }
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">epoch</text>\n", (left + right) / 2,
                     bottom + 30);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#1f5fa8\">loss</text>\n", left, top - 6);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#c4501b\">accuracy</text>\n", right, top - 6);

  svg += polyline(curves, x, loss_y, [](const train::Metrics& m) { return m.loss; },
                  "stroke=\"#1f5fa8\" stroke-width=\"2\" class=\"loss\"");
  svg += polyline(curves, x, acc_y, [](const train::Metrics& m) { return m.accuracy; },
                  "stroke=\"#c4501b\" stroke-width=\"2\" class=\"accuracy\"");
  if (validation) {
    svg += polyline(curves, x, loss_y, [](const train::Metrics& m) { return m.val_loss.value_or(NAN); },
                    "stroke=\"#1f5fa8\" stroke-width=\"1.5\" stroke-dasharray=\"5,3\" class=\"val_loss\"");
    svg += polyline(curves, x, acc_y, [](const train::Metrics& m) { return m.val_accuracy.value_or(NAN); },
                    "stroke=\"#c4501b\" stroke-width=\"1.5\" stroke-dasharray=\"5,3\" class=\"val_accuracy\"");
  }
  return svg + "</svg>\n";
}

std::string html_page(const HtmlPage& page) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"nnviz\">\n";
  out += "<title>" + html_escape(page.title) + "</title>\n<style>\n" + style_sheet + "</style>\n";
  if (!page.config_toml.empty())
    out += std::string(page_config_element) + "\n" + script_text(page.config_toml) + "</script>\n";
  out += "</head>\n<body>\n";
  out += "<h1>" + html_escape(page.title) + "</h1>\n";
  if (!page.video.empty()) {
    const std::string url = "data:" + page.video_mime + ";base64," + encode::base64(page.video);
    // Without a known size the browser takes the video's own.
    const std::string size =
        page.width > 0 && page.height > 0 ? fmt::format(" width=\"{}\" height=\"{}\"", page.width, page.height) : "";
    if (page.video_mime.rfind("image/", 0) == 0) {
      out += fmt::format("<img class=\"video\"{} alt=\"{}\" src=\"{}\">\n", size, html_escape(page.title), url);
    } else {
      // muted: browsers autoplay only muted videos; playsinline: no forced full screen on phones.
      out += fmt::format("<video controls loop autoplay muted playsinline{}>\n<source type=\"{}\" src=\"{}\">\n</video>\n",
                         size, page.video_mime, url);
    }
  }
  if (!page.results.empty() || !page.settings.empty()) {
    out += "<div class=\"cols\">\n";
    if (!page.results.empty()) out += "<section>\n<h2>Results</h2>\n" + pairs_table(page.results) + "</section>\n";
    if (!page.settings.empty()) out += "<section>\n<h2>Settings</h2>\n" + pairs_table(page.settings) + "</section>\n";
    out += "</div>\n";
  }
  if (!page.curves.empty()) out += "<h2>Loss and accuracy</h2>\n" + curves_svg(page.curves);
  if (!page.table.header.empty()) {
    out += "<h2>Runs</h2>\n<table>\n<tr>";
    for (const std::string& h : page.table.header) out += "<th>" + html_escape(h) + "</th>";
    out += "</tr>\n";
    for (const auto& row : page.table.rows) {
      out += "<tr>";
      for (const std::string& cell : row)
        out += (numeric(cell) ? "<td class=\"num\">" : "<td>") + html_escape(cell) + "</td>";
      out += "</tr>\n";
    }
    out += "</table>\n";
  }
  return out + "</body>\n</html>\n";
}

}  // namespace nnviz::app
