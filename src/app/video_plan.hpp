#pragma once
// The frames of a run's video in order: each snapshot's frame and its in-between frames
// (scene::RunScenes), and after the snapshots --morph-at names, their morph sequences. The
// frame pipeline draws frame i through draw(i); app-internal.
#include <cstddef>
#include <memory>
#include <vector>

#include "nnviz/app/train_run.hpp"
#include "nnviz/render/renderer.hpp"
#include "nnviz/scene/run_scenes.hpp"
#include "nnviz/util/frame.hpp"
#include "nnviz/util/interrupt.hpp"

namespace nnviz::app {

class VideoPlan {
 public:
  // The plan of the frames of `snapshots` snapshots (`scenes`' frames: it must outlive this);
  // `video.morph` adds the sequences. Throws UsageError for a --morph-at epoch that has no
  // snapshot. A sequence's views are planned when its first frame is drawn, `interrupt`
  // checked before each of its frames: once raised, that frame is the snapshot's own.
  VideoPlan(const run::RunRecord& record, const scene::RunScenes& scenes, std::size_t snapshots,
            const VideoRequest& video, const util::InterruptFlag& interrupt);
  ~VideoPlan();
  VideoPlan(const VideoPlan&) = delete;
  VideoPlan& operator=(const VideoPlan&) = delete;

  [[nodiscard]] std::size_t size() const { return entries_.size(); }
  // The snapshot frame i shows, leaves (an in-between frame) or morphs.
  [[nodiscard]] std::size_t snapshot(std::size_t i) const;
  // Whether frame i is a morph sequence's.
  [[nodiscard]] bool is_morph(std::size_t i) const;
  // How far frame i stands from its snapshot towards the next: 0 for a snapshot's own frame and
  // a morph's, 0 < f < 1 for an in-between frame.
  [[nodiscard]] double fraction(std::size_t i) const;
  // Draws frame i; `views` are scenes' planned views. Thread-safe (render threads draw frames
  // concurrently, each with its own renderer).
  void draw(std::size_t i, render::Renderer& renderer, const std::vector<std::vector<scene::Bounds>>& views,
            util::Frame& out) const;

 private:
  struct Entry {
    std::size_t frame = 0;  // the RunScenes frame, or the morphed snapshot's frame
    int sequence = -1;      // a morph sequence's index, or -1
    std::size_t step = 0;   // the frame within the sequence
  };
  struct Sequences;
  const run::RunRecord& record_;
  const scene::RunScenes& scenes_;
  const util::InterruptFlag& interrupt_;
  std::vector<Entry> entries_;
  std::unique_ptr<Sequences> sequences_;
};

// The frames of one morph sequence of a network with `hidden_layers` hidden layers at the
// video's fps (scene/morph.hpp's timing).
std::size_t morph_frame_count(const VideoRequest& video, int hidden_layers);

// The snapshots --morph-at names, as indices into the record's first `snapshots` checkpoints,
// in order (UsageError naming an epoch without a snapshot).
std::vector<std::size_t> morph_snapshots(const run::RunRecord& record, std::size_t snapshots, const MorphRequest& morph);

}  // namespace nnviz::app
