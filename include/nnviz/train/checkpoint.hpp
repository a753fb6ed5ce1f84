#pragma once
// The values training hands out: one frame's metrics, the weights behind them, why it stopped.
// Needs only the network, so that scenes, pictures and saved runs do not compile the optimizer.
//
// A run's weights are kept by a CheckpointStore: in memory while they fit its budget, past it in
// an anonymous temporary file (exact doubles, read back on demand), so that a run of a wide
// network with a frame every epoch does not hold every frame's weights in memory.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "nnviz/model/network.hpp"

namespace nnviz::train {

struct Metrics {
  // The epoch of this model: the epochs of training behind it or, for a snapshot after a
  // gradient step within an epoch (FrameSchedule::steps), the epoch that step belongs to.
  int epoch = 0;
  std::int64_t step = 0;  // gradient steps (batches) behind this model
  double loss = 0.0;
  double accuracy = 0.0;
  std::optional<double> val_loss;
  std::optional<double> val_accuracy;
  double lr = 0.0;
  double wall_seconds = 0.0;  // since training started
};

class StoredWeights;  // one checkpoint's weights: a network in memory, or where they are in the file
class SpillFile;      // the store's temporary file (shared by the weights written to it)

// Where a run's checkpoints keep their weights. While the weights kept in memory total at most
// `budget_bytes` (parameters x 8 bytes), a new network is kept in memory; past that it is
// written to an anonymous temporary file in `folder` (empty: $TMPDIR, else /tmp), created with
// O_TMPFILE (or mkstemp and an immediate unlink), so that no file is left behind whatever ends
// the process. The file lives as long as a checkpoint written to it (they share it). keep() may
// be called from one thread at a time; reading (Checkpoint::network) from any number.
class CheckpointStore {
 public:
  static constexpr std::uint64_t default_budget = std::uint64_t{256} << 20;  // 256 MiB
  explicit CheckpointStore(std::uint64_t budget_bytes = default_budget, std::filesystem::path folder = {});
  CheckpointStore(const CheckpointStore&) = delete;
  CheckpointStore& operator=(const CheckpointStore&) = delete;
  ~CheckpointStore();

  // The weights of `network` (copied or written out). Throws nnviz::Error naming the folder
  // when the temporary file cannot be created or written (a full disk: set TMPDIR).
  std::shared_ptr<const StoredWeights> keep(const model::Network& network);
  std::shared_ptr<const StoredWeights> keep(model::Network&& network);

  [[nodiscard]] std::uint64_t resident_bytes() const;  // weights kept in memory so far
  [[nodiscard]] std::uint64_t spilled_bytes() const;   // weights written to the file so far
  [[nodiscard]] std::size_t spilled_count() const;     // networks written to the file so far

 private:
  std::shared_ptr<const StoredWeights> keep_spilled(const model::Network& network);
  std::uint64_t budget_;
  std::filesystem::path folder_;
  mutable std::mutex mutex_;
  std::uint64_t resident_ = 0;
  std::size_t spilled_count_ = 0;
  std::shared_ptr<SpillFile> file_;  // created at the first spill
};

// One frame: its metrics and the weights after `metrics.epoch` epochs.
class Checkpoint {
 public:
  Metrics metrics;

  Checkpoint() = default;
  Checkpoint(Metrics m, model::Network network);  // kept in memory, outside any store
  Checkpoint(Metrics m, std::shared_ptr<const StoredWeights> weights);

  // The weights (a copy; read back from the store's file when spilled, with pread: safe from
  // any number of threads at once). nnviz::Error when the file cannot be read.
  [[nodiscard]] model::Network network() const;
  void set_network(model::Network network);  // in memory
  [[nodiscard]] bool spilled() const;        // its weights are in a temporary file

 private:
  std::shared_ptr<const StoredWeights> weights_;
};

enum class StopReason { epochs, stop_loss, stop_patience, diverged, interrupted };
// "epochs", "stop_loss", "stop_patience", "diverged", "interrupted"
std::string stop_reason_name(StopReason reason);

}  // namespace nnviz::train
