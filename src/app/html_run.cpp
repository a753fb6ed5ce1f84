#include "nnviz/app/html_run.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <fstream>
#include <sstream>

#include "nnviz/util/atomic_file.hpp"
#include "nnviz/util/output_set.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/names.hpp"
#include "nnviz/train/schedule.hpp"

namespace nnviz::app {
namespace fs = std::filesystem;
namespace {

std::string number(double v) { return fmt::format("{:.4f}", v); }

}  // namespace

bool is_html_output(const VideoRequest& video) {
  const std::string ext = util::ascii_lower(video.output.extension().string());
  return ext == ".html" || ext == ".htm";
}

encode::Format html_video_format(const VideoRequest& video) {
  const encode::Format f = video.format.value_or(encode::Format::mp4);
  if (f != encode::Format::mp4 && f != encode::Format::webm)
    throw UsageError("--format: a page (-o " + video.output.filename().string() + ") embeds mp4 or webm, not " +
                     encode::format_name(f));
  return f;
}

HtmlPage run_page(const run::RunRecord& record, const VideoRequest& video, std::size_t snapshots) {
  HtmlPage page;
  std::string arch = "2";
  for (int u : record.config.architecture.hidden) arch += "-" + std::to_string(u);
  std::string acts;
  for (const model::Activation& a : record.config.architecture.activations) acts += (acts.empty() ? "" : ",") + a.name();
  page.title = video.render.title.empty() ? fmt::format("nnviz: {} on '{}', {}-1", acts, record.train.name, arch)
                                          : video.render.title;
  page.width = video.render.width;
  page.height = video.render.height;
  page.fps = video.encode.fps;
  page.fragment = video.html_fragment;
  if (record.config.training.frames.steps)
    page.steps_per_epoch = static_cast<double>(
        train::steps_per_epoch(static_cast<std::int64_t>(record.train.size()), record.config.training.batch_size));
  // The dataset as loaded (a data file's name), then the run's typed config.
  page.settings.emplace_back("dataset", record.train.name);
  for (auto& setting : run::config_settings(record.config))
    if (setting.first != "dataset") page.settings.push_back(std::move(setting));
  page.settings.emplace_back("fps", std::to_string(video.encode.fps));
  page.settings.emplace_back("size", fmt::format("{}x{}", video.render.width, video.render.height));

  snapshots = std::min(snapshots, record.checkpoints.size());
  for (std::size_t i = 0; i < snapshots; ++i) page.curves.push_back(record.checkpoints[i].metrics);
  if (snapshots > 0) {
    const train::Metrics& last = page.curves.back();
    const train::Metrics* best = &page.curves.front();
    for (const train::Metrics& m : page.curves)
      if (m.loss < best->loss) best = &m;
    page.results = {{"frames", std::to_string(snapshots)},
                    {"final epoch", std::to_string(last.epoch)},
                    {"final loss", number(last.loss)},
                    {"final accuracy", fmt::format("{:.3f}", last.accuracy)}};
    if (last.val_loss) page.results.emplace_back("final val_loss", number(*last.val_loss));
    if (last.val_accuracy) page.results.emplace_back("final val_accuracy", fmt::format("{:.3f}", *last.val_accuracy));
    page.results.emplace_back("best loss", fmt::format("{} (epoch {})", number(best->loss), best->epoch));
    page.results.emplace_back("stop reason", train::stop_reason_name(record.reason));
    if (!record.message.empty()) page.results.emplace_back("message", record.message);
  }
  return page;
}

std::string page_size_warning(const fs::path& path, std::uintmax_t bytes, std::uintmax_t limit) {
  if (bytes <= limit) return {};
  return fmt::format("{} is {:.1f} MB: notebooks give up on outputs above {:g} MB (matplotlib's embed limit); shrink it "
                     "with a smaller --size (e.g. 900x300), a higher --crf (e.g. 30) or fewer frames (--every N when "
                     "training)",
                     path.string(), static_cast<double>(bytes) / 1e6, static_cast<double>(limit) / 1e6);
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) throw Error("cannot read '" + path.string() + "'");
  return bytes.str();
}

fs::path page_video_path(const VideoRequest& video, encode::Format format) {
  // A hidden name next to the page, within NAME_MAX however long the page's name; a name only:
  // the encoder stages its file in a temporary of its own, so nothing is created at this path.
  static std::atomic<unsigned> counter{0};
  fs::path dir = video.output.parent_path();
  if (dir.empty()) dir = ".";
  const std::string name = video.output.stem().string() + ".page." + encode::format_name(format);
  // Room for the encoder's own temporary suffix (".nnviz-tmp-<pid>-<n>").
  const std::size_t room = util::longest_name(dir) > 40 ? util::longest_name(dir) - 40 : 1;
  return dir / util::temp_name(name, counter++, room);
}

void write_html_page(const run::RunRecord& record, const VideoRequest& video, const PageVideo& page_video,
                     util::OutputSet* commit_to) {
  // The snapshots the frames reach (an in-between frame reaches the next one): the curves and
  // results end where the video does.
  std::size_t snapshots = 0;
  for (const PlayerFrame& f : page_video.frames)
    snapshots = std::max(snapshots, f.snapshot + (f.kind == PlayerFrameKind::between ? 2 : 1));
  HtmlPage page = run_page(record, video, snapshots);
  page.frames = page_video.frames;
  // "frames": the video's (in-between and morph frames included), then the snapshots when fewer.
  if (!page.results.empty() && page.results.front().first == "frames" && page.frames.size() != snapshots) {
    page.results.front().second = std::to_string(page.frames.size());
    page.results.insert(page.results.begin() + 1, {"snapshots", std::to_string(snapshots)});
  }
  page.video = read_bytes(page_video.file);
  page.video_mime = page_video.format == encode::Format::webm ? "video/webm" : "video/mp4";
  page.poster = page_video.poster_png;
  page.poster_mime = "image/png";
  page.config_toml = video.config_toml;
  const std::string html = html_page(page);
  if (commit_to) {
    commit_to->write_file(video.output, html);
  } else {
    util::write_file_atomically(video.output, html);
  }
  spdlog::debug("embedded {} bytes of {} and a {} byte poster in {} ({} bytes)", page.video.size(),
                encode::format_name(page_video.format), page.poster.size(), video.output.string(), html.size());
  if (const std::string warning = page_size_warning(video.output, html.size(), video.page_warn_bytes); !warning.empty())
    spdlog::warn("{}", warning);
}

}  // namespace nnviz::app
