#pragma once
// A saved run's frames as scenes: the mesh over all of its points, the projections of its wide
// layers (fitted frame after frame, each oriented like the one before), the axes of every frame,
// and the scene of frame i, built in this one place for train, render and compare.
#include <cstddef>
#include <cstdint>
#include <memory>
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

// Planning a run's views needs each frame's panels' bounds (layer_panel_bounds), not its
// pictures. A network with at most kFullMeshPlanning multiply-adds per point (a 2-64-64-1, the
// notebook's 2-2-1 has 6) is planned on the whole mesh: its views are its frames' exact bounds.
// A wider one on a grid of about kPlanningGrid x kPlanningGrid of the mesh's points (every k-th
// line, the edges included), 16 times fewer at the default 200: a 1024-unit layer's pass costs a
// second a frame, and what the sample misses between its lines is a fraction of a grid step,
// well inside the 5% margin every view adds (axes.hpp: padded).
inline constexpr double kFullMeshPlanning = 4500;
inline constexpr int kPlanningGrid = 51;
Eigen::MatrixXd planning_points(const Mesh& mesh, const model::Network& net);

// Where a video frame of a tweened run stands: `fraction` of the way from snapshot `snapshot`
// to the next (0: the snapshot itself).
struct TweenPoint {
  std::size_t snapshot = 0;
  double fraction = 0.0;
};

class RunScenes {
 public:
  // The video frames of snapshots [0, snapshots) of `record` (which must outlive this): each
  // snapshot, and `tween` in-between frames after each but the last, whose networks are the
  // weights interpolated linearly between the two snapshots (a real network evaluated on the
  // mesh; the heading keeps the numbers of the snapshot it leaves): (snapshots - 1)(tween + 1) + 1
  // frames. Fits the projections of those frames in order: frame k's depends on frames 0..k
  // only, so that a frame looks the same in the video, in `render --epoch` and in a comparison
  // tile. `interrupt` is checked before each frame: once it is raised, fitting stops and size()
  // is the frames fitted so far.
  // With `stats` (compute_run_stats of the record: at least these snapshots), every scene also
  // gets the stats panel (set_stats) of the snapshot it shows or leaves. `neurons`: every scene
  // has its layers' neurons panels (make_scene), planned with the rest.
  RunScenes(const run::RunRecord& record, int mesh_resolution, std::size_t snapshots,
            const util::InterruptFlag& interrupt, int tween = 0, std::shared_ptr<const RunStats> stats = nullptr,
            bool neurons = false);

  [[nodiscard]] std::size_t size() const { return projections_.size(); }
  [[nodiscard]] const Mesh& mesh() const { return mesh_; }
  [[nodiscard]] int tween() const { return tween_; }
  // The video frames of `snapshots` snapshots, and where a frame stands.
  [[nodiscard]] static std::size_t frame_count(std::size_t snapshots, int tween);
  [[nodiscard]] TweenPoint point(std::size_t frame) const;
  [[nodiscard]] std::size_t frame_of_snapshot(std::size_t snapshot) const {
    return snapshot * static_cast<std::size_t>(tween_ + 1);
  }
  // The network of frame `frame`: a snapshot's, or the interpolation of two.
  [[nodiscard]] model::Network network(std::size_t frame) const;
  // The projections fitted for frame `frame` (< size()).
  [[nodiscard]] const FrameProjections& projections(std::size_t frame) const { return projections_.at(frame); }

  // The scene of frame `frame` (< size()), with its history for the loss panel (that of the
  // snapshot the frame shows or leaves) and, with stats, its stats panel.
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
  int tween_ = 0;
  bool neurons_ = false;
  std::size_t snapshots_ = 0;
  Mesh mesh_;
  std::vector<FrameProjections> projections_;  // per frame
  Eigen::MatrixXd plan_points_;                 // the mesh points planning looks at (planning_points)
  std::shared_ptr<const RunStats> stats_;
};

}  // namespace nnviz::scene
