#pragma once
// What a training run is asked to do, as plain values (the optimizer's kind and settings, batch,
// epochs, the stop rules, l2, which snapshots become frames): what a saved run records and a
// request carries.
namespace nnviz::train {

enum class OptimizerKind { adam, sgd, rmsprop, adagrad, adadelta, adamax, nadam };

struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::adam;
  double lr = 0.1;        // the notebook's; Keras' default is 0.001
  double momentum = 0.0;  // sgd (and rmsprop)
  bool nesterov = false;  // sgd
  bool amsgrad = false;   // adam
};

enum class FrameSpacing { linear, log };

// Which snapshots of training become frames (train/schedule.hpp turns it into the frames'
// epochs or steps). The first (the untrained model) and the last (where training stopped)
// always do.
struct FrameSchedule {
  // Snapshots after gradient steps (batches) instead of after epochs; `every` and `max_frames`
  // then count steps.
  bool steps = false;
  int every = 1;  // linear: a frame every `every` epochs (or steps)
  FrameSpacing spacing = FrameSpacing::linear;
  // At most this many frames, spread evenly (linear) or log-spaced (log: denser early); 0: no
  // cap (linear: every `every`; log: 100).
  int max_frames = 0;
  bool operator==(const FrameSchedule&) const = default;
};

struct TrainConfig {
  OptimizerConfig optimizer;
  int batch_size = 32;
  int epochs = 200;
  // Stop at the first evaluated epoch with loss <= this; 0 disables. The notebook's rule for
  // the notebook's data: the CLI defaults it to 0.263 for the blobs dataset only.
  double stop_loss = 0.263;
  // Keras' EarlyStopping on the training loss (min_delta 0): stop once the loss of `patience`
  // epochs in a row is no lower than the best before them; 0 disables.
  int stop_patience = 0;
  double l2 = 0.0;
  FrameSchedule frames;
};

}  // namespace nnviz::train
