#include "nnviz/scene/stats.hpp"

#include <algorithm>
#include <cmath>

#include "nnviz/train/schedule.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"

namespace nnviz::scene {
namespace {

constexpr double saturated_level = 0.99;

// One snapshot's values, layer by layer: the forward pass and the gradients over the training set.
struct SnapshotValues {
  model::ForwardPass pass;
  model::Gradients grads;
};

SnapshotValues values_of(const model::Network& net, const data::Dataset& train_set, double l2) {
  SnapshotValues v;
  v.pass = model::forward(net, train_set.X);
  v.grads = model::backward(net, v.pass, train_set.X, train_set.y, l2);
  return v;
}

// Calls f(value) for every value of quantity q of layer l.
template <typename F>
void each_value(const model::Network& net, const SnapshotValues& v, std::size_t l, StatQuantity q, F&& f) {
  const auto all = [&](const auto& m) {
    for (Eigen::Index c = 0; c < m.cols(); ++c)
      for (Eigen::Index r = 0; r < m.rows(); ++r) f(m(r, c));
  };
  switch (q) {
    case StatQuantity::weights:
      all(net.layers[l].W);
      all(net.layers[l].b);
      break;
    case StatQuantity::pre_activation: all(v.pass.pre[l]); break;
    case StatQuantity::gradient:
      all(v.grads.dW[l]);
      all(v.grads.db[l]);
      break;
  }
}

}  // namespace

std::string stat_quantity_name(StatQuantity q) {
  switch (q) {
    case StatQuantity::weights: return "weights";
    case StatQuantity::pre_activation: return "pre_activation";
    case StatQuantity::gradient: return "gradient";
  }
  return "?";
}

UnitFraction unit_fraction_kind(const model::Activation& activation) {
  using K = model::ActivationKind;
  switch (activation.kind) {
    case K::relu:
    case K::relu6: return UnitFraction::dead;
    case K::tanh:
    case K::softsign:
    case K::sigmoid:
    case K::hard_sigmoid: return UnitFraction::saturated;
    default: return UnitFraction::none;
  }
}

std::string unit_fraction_name(UnitFraction kind) {
  switch (kind) {
    case UnitFraction::dead: return "dead_fraction";
    case UnitFraction::saturated: return "saturated_fraction";
    case UnitFraction::none: return "fraction";
  }
  return "?";
}

std::optional<double> unit_fraction(const model::Activation& activation, const Eigen::MatrixXd& pre,
                                    const Eigen::MatrixXd& post) {
  const UnitFraction kind = unit_fraction_kind(activation);
  if (kind == UnitFraction::none || pre.rows() == 0 || pre.cols() == 0) return std::nullopt;
  const bool unit_interval =
      activation.kind == model::ActivationKind::sigmoid || activation.kind == model::ActivationKind::hard_sigmoid;
  int units = 0;
  for (Eigen::Index j = 0; j < pre.cols(); ++j) {
    if (kind == UnitFraction::dead) {
      units += (pre.col(j).array() <= 0.0).all();
    } else {
      Eigen::Index saturated = 0;
      for (Eigen::Index i = 0; i < post.rows(); ++i) {
        const double h = post(i, j);
        saturated += unit_interval ? (h < 1.0 - saturated_level || h > saturated_level) : std::abs(h) > saturated_level;
      }
      units += 2 * saturated > post.rows();
    }
  }
  return static_cast<double>(units) / static_cast<double>(pre.cols());
}

int Bins::index(double v) const {
  const double t = (v - low) / (high - low) * count;
  if (!(t >= 0)) return 0;
  return std::min(count - 1, static_cast<int>(t));
}

double RunStats::max_log_count(std::size_t layer, StatQuantity q) const {
  double top = 0;
  for (const FrameStats& f : frames)
    for (const std::int64_t c : f.counts.at(layer)[static_cast<std::size_t>(q)])
      top = std::max(top, std::log1p(static_cast<double>(c)));
  return top;
}

RunStats compute_run_stats(const run::RunRecord& record, std::size_t snapshots, int bin_count,
                           const util::InterruptFlag* interrupt) {
  if (bin_count < 1) throw Error("internal: a histogram needs at least one bin");
  snapshots = std::min(snapshots, record.checkpoints.size());
  const double l2 = record.config.training.l2;
  RunStats stats;
  if (record.config.training.frames.steps)
    stats.steps_per_epoch =
        static_cast<double>(train::steps_per_epoch(record.train.size(), record.config.training.batch_size));
  if (snapshots == 0) return stats;
  const model::Network& first = record.checkpoints.front().network();
  const std::size_t layers = first.layers.size();
  stats.hidden_layers = first.hidden_count();
  const auto raised = [&] { return interrupt != nullptr && interrupt->raised(); };

  // First pass: the largest magnitude of each quantity of each layer over the run.
  std::vector<std::array<double, 3>> largest(layers, {0.0, 0.0, 0.0});
  std::size_t done = 0;
  for (; done < snapshots && !raised(); ++done) {
    const model::Network& net = record.checkpoints[done].network();
    const SnapshotValues v = values_of(net, record.train, l2);
    for (std::size_t l = 0; l < layers; ++l)
      for (const StatQuantity q : stat_quantities)
        each_value(net, v, l, q, [&](double x) {
          if (std::isfinite(x)) largest[l][static_cast<std::size_t>(q)] = std::max(largest[l][static_cast<std::size_t>(q)], std::abs(x));
        });
  }
  snapshots = done;
  stats.layers.resize(layers);
  for (std::size_t l = 0; l < layers; ++l) {
    LayerBins& lb = stats.layers[l];
    const bool hidden = l + 1 < layers;
    lb.activation = hidden ? first.hidden_activations[l].name() : "sigmoid";
    lb.fraction = hidden ? unit_fraction_kind(first.hidden_activations[l]) : UnitFraction::none;
    for (std::size_t q = 0; q < 3; ++q) {
      const double m = largest[l][q] > 0 ? largest[l][q] : 1.0;
      lb.bins[q] = Bins{-m, m, bin_count};
    }
  }

  // Second pass: the histograms and fractions of every snapshot on those bins.
  stats.frames.reserve(snapshots);
  for (std::size_t k = 0; k < snapshots && !raised(); ++k) {
    const train::Checkpoint& c = record.checkpoints[k];
    const model::Network network = c.network();
    const SnapshotValues v = values_of(network, record.train, l2);
    FrameStats f;
    f.metrics = c.metrics;
    f.counts.resize(layers);
    for (std::size_t l = 0; l < layers; ++l) {
      for (const StatQuantity q : stat_quantities) {
        const Bins& bins = stats.layers[l].bins[static_cast<std::size_t>(q)];
        std::vector<std::int64_t>& counts = f.counts[l][static_cast<std::size_t>(q)];
        counts.assign(static_cast<std::size_t>(bin_count), 0);
        each_value(network, v, l, q, [&](double x) {
          if (std::isfinite(x)) ++counts[static_cast<std::size_t>(bins.index(x))];
        });
      }
      if (l + 1 < layers) f.fractions.push_back(unit_fraction(network.hidden_activations[l], v.pass.pre[l], v.pass.post[l]));
    }
    stats.frames.push_back(std::move(f));
  }
  return stats;
}

}  // namespace nnviz::scene
