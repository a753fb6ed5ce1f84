#pragma once
// A saved run's frames as scenes: the mesh over all of its points, the axes of every frame, and
// the scene of frame i, built in this one place for train, render and compare.
#include <cstddef>
#include <vector>

#include "nnviz/run/record.hpp"
#include "nnviz/scene/axes.hpp"
#include "nnviz/scene/mesh.hpp"
#include "nnviz/scene/scene.hpp"

namespace nnviz::scene {

// The mesh over the run's training and validation points.
Mesh run_mesh(const run::RunRecord& record, int resolution);

// The scene of frame `frame` (record.checkpoints[frame]), with its history for the loss panel.
Scene frame_scene(const run::RunRecord& record, const Mesh& mesh, std::size_t frame,
                  MeshPrecision precision = MeshPrecision::single);

// The view of every panel in each of frames [0, count): training is done, so `fixed` sees the
// whole run (the notebook's look).
std::vector<std::vector<Bounds>> plan_run_views(const run::RunRecord& record, const Mesh& mesh, AxesMode axes,
                                                std::size_t count);

}  // namespace nnviz::scene
