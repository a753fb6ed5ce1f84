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

namespace nnviz::scene {

// The mesh over the run's training and validation points.
Mesh run_mesh(const run::RunRecord& record, int resolution);

class RunScenes {
 public:
  // Frames [0, frames) of `record` (all of them by default), which must outlive this. Fits the
  // projections of those frames in order: frame k's depends on frames 0..k, so that a frame
  // looks the same in the video, in `render --epoch` and in a comparison tile.
  RunScenes(const run::RunRecord& record, int mesh_resolution, std::size_t frames = SIZE_MAX);

  [[nodiscard]] std::size_t size() const { return projections_.size(); }
  [[nodiscard]] const Mesh& mesh() const { return mesh_; }

  // The scene of frame `frame` (< size()), with its history for the loss panel.
  [[nodiscard]] Scene scene(std::size_t frame, MeshPrecision precision = MeshPrecision::single) const;

  // The view of every panel in each of frames [0, size()): training is done, so `fixed` sees the
  // whole run (the notebook's look).
  [[nodiscard]] std::vector<std::vector<Bounds>> plan_views(AxesMode axes) const;

 private:
  const run::RunRecord* record_;
  Mesh mesh_;
  std::vector<FrameProjections> projections_;  // per frame
};

}  // namespace nnviz::scene
