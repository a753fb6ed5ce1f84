#pragma once
// A saved run's frames as scenes: the mesh over all of its points, the axes of every frame, and
// the scene of frame i, built in this one place for train, render and compare.
#include <cstddef>
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

// The scene of frame `frame` (record.checkpoints[frame]), with its history for the loss panel.
Scene frame_scene(const run::RunRecord& record, const Mesh& mesh, std::size_t frame,
                  MeshPrecision precision = MeshPrecision::single);

// The view of every panel in each of frames [0, count): training is done, so `fixed` sees the
// whole run (the notebook's look). Planning maps the mesh through the network of every frame,
// which takes minutes for a long run, so `interrupt` is checked before each frame: once it is
// raised the result is empty (nothing may be drawn; the caller's pipeline then writes nothing).
std::vector<std::vector<Bounds>> plan_run_views(const run::RunRecord& record, const Mesh& mesh, AxesMode axes,
                                                std::size_t count, const util::InterruptFlag& interrupt);

// The view of every panel of frame `frame` as the video of all the run's frames shows it,
// building only the frames that decide it (frames_deciding_view: one for `auto`, a few for
// `smooth`, all for `fixed`). Empty when `interrupt` was raised before it was done.
std::vector<Bounds> plan_frame_view(const run::RunRecord& record, const Mesh& mesh, AxesMode axes, std::size_t frame,
                                    const util::InterruptFlag& interrupt);

}  // namespace nnviz::scene
