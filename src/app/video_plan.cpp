#include "video_plan.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "nnviz/util/error.hpp"

namespace nnviz::app {

std::vector<std::size_t> morph_snapshots(const run::RunRecord& record, std::size_t snapshots, const MorphRequest& morph) {
  std::vector<std::size_t> out;
  if (!morph.enabled || snapshots == 0) return out;
  for (const int at : morph.at) {
    std::optional<std::size_t> index;
    if (at == MorphRequest::first) {
      index = 0;
    } else if (at == MorphRequest::last) {
      index = snapshots - 1;
    } else {
      // An epoch's snapshot; with step snapshots the last of that epoch (its end).
      for (std::size_t i = 0; i < snapshots; ++i)
        if (record.checkpoints[i].metrics.epoch == at) index = i;
      if (!index)
        throw UsageError("--morph-at: the run has no frame of epoch " + std::to_string(at) + "; " +
                         frame_epochs_text(record));
    }
    out.push_back(*index);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::size_t morph_frame_count(const VideoRequest& video, int hidden_layers) {
  // Placeholder until scene/morph.hpp lands: per layer max(3, round(S fps)), the fade a sixth.
  const double per = video.morph.seconds_per_layer * video.encode.fps;
  return static_cast<std::size_t>(hidden_layers) * static_cast<std::size_t>(std::max(3L, std::lround(per))) +
         static_cast<std::size_t>(std::max(1L, std::lround(per / 6)));
}

struct VideoPlan::Sequences {};

VideoPlan::VideoPlan(const run::RunRecord& record, const scene::RunScenes& scenes, std::size_t snapshots,
                     const VideoRequest& video)
    : record_(record), scenes_(scenes) {
  // Every frame of the video, though a signal may have cut the scenes' fitting short: the
  // pipeline then draws none (it checks before the first) and says so.
  const std::size_t frames = scene::RunScenes::frame_count(snapshots, video.tween);
  entries_.reserve(frames);
  for (std::size_t f = 0; f < frames; ++f) entries_.push_back({f, -1, 0});
  (void)video;
}

VideoPlan::~VideoPlan() = default;

std::size_t VideoPlan::snapshot(std::size_t i) const { return scenes_.point(entries_.at(i).frame).snapshot; }

void VideoPlan::draw(std::size_t i, render::Renderer& renderer, const std::vector<std::vector<scene::Bounds>>& views,
                     util::Frame& out) const {
  const Entry& e = entries_.at(i);
  renderer.render(scenes_.scene(e.frame), views.at(e.frame), out);
}

}  // namespace nnviz::app
