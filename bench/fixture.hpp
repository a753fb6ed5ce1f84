#pragma once
// A realistic run shared by the benchmarks: the notebook's blobs (seed 12345), a 2-2-1 tanh
// network trained for a few epochs, its 200x200 mesh, and the scene/views of one frame.
#include <vector>

#include "nnviz/data/dataset.hpp"
#include "nnviz/model/network.hpp"
#include "nnviz/scene/mesh.hpp"
#include "nnviz/scene/scene.hpp"
#include "nnviz/train/trainer.hpp"

namespace nnviz::bench {

struct Run {
  data::Dataset train;
  data::Dataset validation;  // empty (0 rows), as the notebook
  std::vector<train::Checkpoint> checkpoints;  // epochs 0..epochs
  scene::Mesh mesh;                            // 200 x 200 = 40,000 points
};

// Built once (function-local static): blobs, 2-2-1 tanh, Adam lr 0.1, batch 32.
const Run& notebook_run(int epochs = 40);

// Frame `index` of the run, with the run's smooth axes.
struct FrameInput {
  scene::Scene scene;
  std::vector<scene::Bounds> view;
};
FrameInput frame_input(const Run& run, std::size_t index);

}  // namespace nnviz::bench
