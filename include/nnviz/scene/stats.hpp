#pragma once
// A run's layer statistics over training, from its saved snapshots (not from inside the
// training loop, so that a saved run has them too): per snapshot and per layer, histograms of
// the layer's parameters, of its pre-activations on the training data and of the gradient of
// the training loss, on bins fixed over the whole run; per hidden layer the fraction of dead or
// saturated units. What the `stats` panel draws and `--stats FILE.csv` writes.
//
// Definitions (README "Layer statistics" says the same):
// - weights: the layer's kernel entries and biases, together.
// - pre-activations: x W + b of the layer for every training point (the held-out points are not
//   used), every unit's value.
// - gradients: d loss / d (kernel, bias) of the layer, the full-batch gradient over the training
//   points of the training loss (mean binary cross-entropy + l2 * sum of squared kernels, with the
//   run's --l2), at the snapshot's weights: model::backward over the whole training set.
// - bins: `bin_count` equal bins over [-m, m], m the largest magnitude of that quantity in that
//   layer over every snapshot (1 when all are 0), so the bins are the same in every frame; the
//   last bin holds m itself.
// - dead fraction (relu, relu6): the units whose pre-activation is <= 0 on every training point.
// - saturated fraction (tanh, softsign: |h| > 0.99; sigmoid, hard_sigmoid: h < 0.01 or h > 0.99):
//   the units saturated on more than half of the training points.
// - other activations have neither notion: no fraction.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nnviz/model/network.hpp"
#include "nnviz/run/record.hpp"
#include "nnviz/train/checkpoint.hpp"

namespace nnviz::util {
class InterruptFlag;
}

namespace nnviz::scene {

enum class StatQuantity { weights, pre_activation, gradient };
inline constexpr std::array<StatQuantity, 3> stat_quantities{StatQuantity::weights, StatQuantity::pre_activation,
                                                             StatQuantity::gradient};
// "weights", "pre_activation", "gradient" (the CSV's quantity column).
std::string stat_quantity_name(StatQuantity q);

// Which fraction of a layer's units an activation has a notion of.
enum class UnitFraction { none, dead, saturated };
UnitFraction unit_fraction_kind(const model::Activation& activation);
// "dead_fraction", "saturated_fraction", "fraction" (none: the CSV's value is empty).
std::string unit_fraction_name(UnitFraction kind);
// The fraction of the units of a hidden layer with activation `activation` that are dead or
// saturated, from its pre-activations and activations on the training points, (n, units) each;
// nullopt for UnitFraction::none or no points.
std::optional<double> unit_fraction(const model::Activation& activation, const Eigen::MatrixXd& pre,
                                    const Eigen::MatrixXd& post);

// `count` equal bins over [low, high].
struct Bins {
  double low = -1, high = 1;
  int count = 40;
  [[nodiscard]] double edge(int i) const { return low + (high - low) * i / count; }
  // The bin of `v` (clamped to [0, count)); v must be finite.
  [[nodiscard]] int index(double v) const;
};

// One layer's bins over the run (hidden layers, then the output layer).
struct LayerBins {
  std::array<Bins, 3> bins;  // by StatQuantity
  UnitFraction fraction = UnitFraction::none;  // none for the output layer
  std::string activation;                      // its name; "sigmoid" for the output layer
};

struct FrameStats {
  train::Metrics metrics;
  // counts[layer][quantity][bin]
  std::vector<std::array<std::vector<std::int64_t>, 3>> counts;
  std::vector<std::optional<double>> fractions;  // per hidden layer
};

struct RunStats {
  int hidden_layers = 0;
  std::vector<LayerBins> layers;   // hidden_layers + 1: the output layer last
  std::vector<FrameStats> frames;  // one per snapshot
  // > 0 when the snapshots are after gradient steps (x = step / steps_per_epoch), as CurvePanel's.
  double steps_per_epoch = 0.0;
  // The largest log(1 + count) of each layer's quantity over the run: the strips' colour scale.
  [[nodiscard]] double max_log_count(std::size_t layer, StatQuantity q) const;
};

inline constexpr int default_stat_bins = 40;

// The statistics of snapshots [0, snapshots) of `record` (all when larger), on `bin_count` bins.
// `interrupt` (if given) is checked between snapshots: once it is raised the result holds the
// snapshots done so far (fewer frames).
RunStats compute_run_stats(const run::RunRecord& record, std::size_t snapshots, int bin_count = default_stat_bins,
                           const util::InterruptFlag* interrupt = nullptr);

}  // namespace nnviz::scene
