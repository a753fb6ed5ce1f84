#pragma once
// A saved run's frames as scenes: the mesh over all of its points, the projections of its wide
// layers (fitted frame after frame, each oriented like the one before), the axes of every frame,
// and the scene of frame i, built in this one place for train, render and compare.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "nnviz/run/record.hpp"
#include "nnviz/scene/axes.hpp"
#include "nnviz/scene/mesh.hpp"
#include "nnviz/scene/scene.hpp"

namespace nnviz::util {
class InterruptFlag;
}

namespace nnviz::scene {

// The mesh over the run's training and validation points.
Mesh run_mesh(const run::RunRecord& record, int resolution);

class RunScenes {
 public:
  // Frames [0, frames) of `record` (which must outlive this). Fits the projections of those
  // frames in order: frame k's depends on frames 0..k only, so that a frame looks the same in
  // the video, in `render --epoch` and in a comparison tile. `interrupt` is checked before each
  // frame: once it is raised, fitting stops and size() is the frames fitted so far.
  RunScenes(const run::RunRecord& record, int mesh_resolution, std::size_t frames,
            const util::InterruptFlag& interrupt);

  [[nodiscard]] std::size_t size() const { return projections_.size(); }
  [[nodiscard]] const Mesh& mesh() const { return mesh_; }

  // The scene of frame `frame` (< size()), with its history for the loss panel.
  [[nodiscard]] Scene scene(std::size_t frame, MeshPrecision precision = MeshPrecision::single) const;

  // The view of every panel in each of frames [0, size()): training is done, so `fixed` sees the
  // whole run (the notebook's look). Planning maps the mesh through the network of every frame,
  // which takes minutes for a long run, so `interrupt` is checked before each frame: once it is
  // raised the result is empty (nothing may be drawn; the caller's pipeline then writes nothing).
  [[nodiscard]] std::vector<std::vector<Bounds>> plan_views(AxesMode axes, const util::InterruptFlag& interrupt) const;

  // The view of every panel of frame `frame` as a video of frames [0, video_frames) shows it,
  // building only the frames that decide it (frames_deciding_view: one for `auto`, a few for
  // `smooth`, all for `fixed`), which must be < size(). Empty when `interrupt` was raised.
  [[nodiscard]] std::vector<Bounds> plan_frame_view(AxesMode axes, std::size_t frame, std::size_t video_frames,
                                                    const util::InterruptFlag& interrupt) const;

 private:
  // The tight bounds of every panel of frames [first, last), as scene()'s panels have them;
  // empty once `interrupt` is raised.
  [[nodiscard]] std::vector<std::vector<Bounds>> tight_bounds(std::size_t first, std::size_t last,
                                                              const util::InterruptFlag& interrupt) const;

  const run::RunRecord* record_;
  Mesh mesh_;
  std::vector<FrameProjections> projections_;  // per frame
};

}  // namespace nnviz::scene
