#include "video_plan.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <optional>

#include "nnviz/scene/morph.hpp"
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

namespace {

double frames_per_layer(const VideoRequest& video) { return video.morph.seconds_per_layer * video.encode.fps; }

}  // namespace

std::size_t morph_frame_count(const VideoRequest& video, int hidden_layers) {
  return scene::morph_frame_count(hidden_layers, frames_per_layer(video));
}

// One morph sequence per snapshot --morph-at names: its morph and views, built when one of its
// frames is first drawn (by whichever render thread draws it; the others wait for it).
struct VideoPlan::Sequences {
  struct Sequence {
    std::size_t frame = 0;  // the snapshot's RunScenes frame
    std::unique_ptr<scene::LayerMorph> morph;
    scene::LayerMorph::Values data, mesh;  // the points and the mesh through its network
    scene::Scene base;  // the snapshot's scene: labels, probabilities, metrics
    std::vector<std::vector<scene::Bounds>> views;  // per morph frame, its one panel's
  };
  double frames_per_layer = 0;
  Eigen::MatrixXd data;  // every point drawn (training, then held out)
  std::vector<Sequence> list;
  std::mutex mutex;  // building a sequence; once built (morph set) it is only read
};

VideoPlan::VideoPlan(const run::RunRecord& record, const scene::RunScenes& scenes, std::size_t snapshots,
                     const VideoRequest& video, const util::InterruptFlag& interrupt)
    : record_(record), scenes_(scenes), interrupt_(interrupt), sequences_(std::make_unique<Sequences>()) {
  // Every frame of the video, though a signal may have cut the scenes' fitting short: the
  // pipeline then draws none (it checks before the first) and says so.
  const std::size_t frames = scene::RunScenes::frame_count(snapshots, video.tween);
  const std::vector<std::size_t> morphed = morph_snapshots(record, snapshots, video.morph);
  const int hidden = static_cast<int>(record.config.architecture.hidden.size());
  const std::size_t per_morph = morphed.empty() ? 0 : morph_frame_count(video, hidden);
  sequences_->frames_per_layer = frames_per_layer(video);
  if (!morphed.empty()) sequences_->data = scene::all_points(record.train, record.validation);
  entries_.reserve(frames + morphed.size() * per_morph);
  for (std::size_t f = 0; f < frames; ++f) {
    entries_.push_back({f, -1, 0});
    for (const std::size_t snapshot : morphed) {
      if (scenes.frame_of_snapshot(snapshot) != f) continue;
      const int sequence = static_cast<int>(sequences_->list.size());
      sequences_->list.push_back({f, nullptr, {}, {}, {}, {}});
      for (std::size_t k = 0; k < per_morph; ++k) entries_.push_back({f, sequence, k});
    }
  }
}

VideoPlan::~VideoPlan() = default;

std::size_t VideoPlan::snapshot(std::size_t i) const { return scenes_.point(entries_.at(i).frame).snapshot; }

bool VideoPlan::is_morph(std::size_t i) const { return entries_.at(i).sequence >= 0; }

double VideoPlan::fraction(std::size_t i) const {
  const Entry& e = entries_.at(i);
  return e.sequence >= 0 ? 0.0 : scenes_.point(e.frame).fraction;
}

void VideoPlan::draw(std::size_t i, render::Renderer& renderer, const std::vector<std::vector<scene::Bounds>>& views,
                     util::Frame& out) const {
  const Entry& e = entries_.at(i);
  if (e.sequence < 0) {
    renderer.render(scenes_.scene(e.frame), views.at(e.frame), out);
    return;
  }
  Sequences::Sequence& s = sequences_->list.at(static_cast<std::size_t>(e.sequence));
  const Eigen::MatrixXd& mesh = scenes_.mesh().points;
  std::unique_lock<std::mutex> lock(sequences_->mutex);
  if (!s.morph) {
    auto morph = std::make_unique<scene::LayerMorph>(scenes_.network(s.frame), scenes_.projections(s.frame),
                                                     sequences_->frames_per_layer);
    s.base = scenes_.scene(s.frame);
    s.data = morph->evaluate(sequences_->data);
    s.mesh = morph->evaluate(mesh);
    // The views of the whole sequence, planned as a run's frames are (smooth: no jumps). A long
    // sequence takes seconds (a mesh through the network per frame): a signal stops it, and
    // this frame is then the snapshot's (the pipeline draws no more).
    std::vector<std::vector<scene::Bounds>> tight;
    tight.reserve(morph->size());
    for (std::size_t k = 0; k < morph->size(); ++k) {
      if (interrupt_.raised()) {
        renderer.render(s.base, views.at(e.frame), out);
        return;
      }
      tight.push_back({morph->scene(k, s.base, s.data, s.mesh).panels.front().bounds});
    }
    s.views = scene::plan_views(tight, scene::AxesMode::smooth);
    s.morph = std::move(morph);
  }
  lock.unlock();  // built: read only from here on
  renderer.render(s.morph->scene(e.step, s.base, s.data, s.mesh), s.views.at(e.step), out);
}

}  // namespace nnviz::app
