// The numeric side of a frame: the mesh's forward pass, one training epoch, make_scene.
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <string>

#include "fixture.hpp"
#include "nnviz/util/numpy_random.hpp"

namespace nnviz::bench {
namespace {

// 40,000 mesh points through 2-2-1 (what make_scene does once per frame for the mesh).
void BM_forward_mesh_double(benchmark::State& state) {
  const Run& run = notebook_run();
  const model::Network& net = run.checkpoints.back().network();
  for (auto _ : state) {
    model::ForwardPass pass = model::forward(net, run.mesh.points);
    benchmark::DoNotOptimize(pass.post.back().data());
  }
  state.SetItemsProcessed(state.iterations() * run.mesh.points.rows());
}
BENCHMARK(BM_forward_mesh_double)->Unit(benchmark::kMicrosecond);

// One Keras epoch on the 400 blobs (13 batches of 32: forward, backward, Adam) plus the
// evaluation that makes its checkpoint. fit() with epochs = 1 also evaluates epoch 0, so this
// is one epoch and two evaluations.
void BM_train_epoch(benchmark::State& state) {
  const Run& run = notebook_run();
  const model::Network& net = run.checkpoints.front().network();
  train::TrainConfig config;
  config.epochs = 1;
  config.stop_loss = 0;
  util::NumpyRandom rng(1);
  for (auto _ : state) {
    train::TrainResult r = train::fit(net, run.train, run.validation, config, rng);
    benchmark::DoNotOptimize(r.checkpoints.data());
  }
}
BENCHMARK(BM_train_epoch)->Unit(benchmark::kMicrosecond);

// fit() for 0, 1, 2 and 11 epochs from the notebook's initial weights: the cost of one more
// epoch as fit() pays it (shuffle, 13 steps, the evaluation and copy that make its checkpoint)
// is (fit/11 - fit/1) / 10; fit/0 is the set-up plus frame 0's evaluation.
void BM_fit_epochs(benchmark::State& state) {
  const Run& run = notebook_run();
  const model::Network& net = run.checkpoints.front().network();
  train::TrainConfig config;
  config.epochs = static_cast<int>(state.range(0));
  config.stop_loss = 0;
  util::NumpyRandom rng(1);
  for (auto _ : state) {
    train::TrainResult r = train::fit(net, run.train, run.validation, config, rng);
    benchmark::DoNotOptimize(r.checkpoints.data());
  }
}
BENCHMARK(BM_fit_epochs)->Arg(0)->Arg(1)->Arg(2)->Arg(11)->Unit(benchmark::kMicrosecond);

// Exactly what each epoch of fit() does, through the functions fit() calls: EpochTrainer's
// epoch (shuffle, 13 batches of forward, loss check, backward, Adam step) and the checkpoint
// (evaluate() on the 400 points, a copy of the weights). The network trains on from iteration
// to iteration; every 30 epochs (the default run stops after 29) it restarts from the initial
// weights with a fresh optimizer, outside the timing, so that the weights stay those of a real
// run (tanh is cheaper once saturated).
void BM_epoch(benchmark::State& state) {
  const Run& run = notebook_run();
  train::TrainConfig config;
  config.stop_loss = 0;
  constexpr int epochs_per_run = 30;
  model::Network net = run.checkpoints.front().network();
  auto trainer = std::make_unique<train::EpochTrainer>(config);
  util::NumpyRandom rng(1);
  const auto started = std::chrono::steady_clock::now();
  int epoch = 0;
  for (auto _ : state) {
    if (epoch == epochs_per_run) {
      state.PauseTiming();
      net = run.checkpoints.front().network();
      trainer = std::make_unique<train::EpochTrainer>(config);
      epoch = 0;
      state.ResumeTiming();
    }
    ++epoch;
    std::string invalid = trainer->run_epoch(net, run.train, epoch, rng);
    train::Checkpoint c = train::make_checkpoint(net, run.train, run.validation, config, epoch, started);
    benchmark::DoNotOptimize(invalid.data());
    benchmark::DoNotOptimize(c.network().layers.data());
  }
}
BENCHMARK(BM_epoch)->Unit(benchmark::kMicrosecond);

// Keras' evaluate() on the 400 training points: what each checkpoint's metrics cost.
void BM_evaluate(benchmark::State& state) {
  const Run& run = notebook_run();
  const model::Network& net = run.checkpoints.back().network();
  for (auto _ : state) {
    train::Evaluation e = train::evaluate(net, run.train, 0.0);
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(BM_evaluate)->Unit(benchmark::kMicrosecond);

// Data and mesh through every layer, three panels.
void BM_make_scene(benchmark::State& state) {
  const Run& run = notebook_run();
  const train::Checkpoint& c = run.checkpoints.back();
  for (auto _ : state) {
    scene::Scene s = scene::make_scene(c.network(), run.train, run.validation, run.mesh, c.metrics);
    benchmark::DoNotOptimize(s.panels.data());
  }
}
BENCHMARK(BM_make_scene)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace nnviz::bench
