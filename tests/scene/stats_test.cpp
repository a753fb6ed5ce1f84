#include "nnviz/scene/stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "nnviz/scene/run_scenes.hpp"
#include "nnviz/scene/scene.hpp"
#include "nnviz/util/interrupt.hpp"

namespace nnviz::scene {
namespace {

model::Activation act(model::ActivationKind kind) {
  model::Activation a;
  a.kind = kind;
  return a;
}

// A 2-units-wide first layer, then the output: W (2, units), b (units).
model::Network one_layer(const Eigen::MatrixXd& W, const Eigen::RowVectorXd& b, model::ActivationKind kind) {
  model::Network net;
  net.layers.push_back({W, b});
  Eigen::MatrixXd out = Eigen::MatrixXd::Constant(W.cols(), 1, 0.5);
  net.layers.push_back({out, Eigen::RowVectorXd::Zero(1)});
  net.hidden_activations.push_back(act(kind));
  return net;
}

data::Dataset points(const Eigen::MatrixXd& X, const Eigen::VectorXd& y) {
  data::Dataset d;
  d.X = X;
  d.y = y;
  return d;
}

run::RunRecord record_of(const std::vector<model::Network>& nets, const data::Dataset& train) {
  run::RunRecord r;
  r.train = train;
  r.validation.X.resize(0, 2);
  r.validation.y.resize(0);
  r.config.architecture.hidden = {static_cast<int>(nets.front().layers.front().W.cols())};
  r.config.architecture.activations = nets.front().hidden_activations;
  for (std::size_t i = 0; i < nets.size(); ++i) {
    train::Checkpoint c;
    c.metrics.epoch = static_cast<int>(i) * 10;
    c.metrics.step = static_cast<std::int64_t>(i) * 10;
    c.set_network(nets[i]);
    r.checkpoints.push_back(c);
  }
  return r;
}

data::Dataset five_points() {
  Eigen::MatrixXd X(5, 2);
  X << 1.0, 0.2, 2.0, -0.3, -1.5, 0.4, 0.001, 1.0, -0.002, -1.0;
  Eigen::VectorXd y(5);
  y << 1, 1, 0, 0, 1;
  return points(X, y);
}

TEST(stats, histograms_count_every_value_on_bins_fixed_over_the_run) {
  // Three snapshots whose weights grow: the last one's largest kernel entry (3.0) sets the weight
  // bins of every frame, so the first frame's small weights all fall in the middle bins.
  Eigen::MatrixXd W0(2, 3), W2(2, 3);
  W0 << 0.1, -0.2, 0.3, 0.05, -0.4, 0.25;
  W2 << 3.0, -1.0, 0.5, 0.2, -2.0, 1.0;
  const Eigen::RowVectorXd b = Eigen::RowVectorXd::Constant(3, 0.1);
  const std::vector<model::Network> nets{one_layer(W0, b, model::ActivationKind::tanh),
                                         one_layer(0.5 * (W0 + W2), b, model::ActivationKind::tanh),
                                         one_layer(W2, b, model::ActivationKind::tanh)};
  const run::RunRecord r = record_of(nets, five_points());
  const RunStats s = compute_run_stats(r, r.checkpoints.size(), 40);
  ASSERT_EQ(s.frames.size(), 3u);
  ASSERT_EQ(s.layers.size(), 2u);
  EXPECT_EQ(s.hidden_layers, 1);
  // Values per quantity: kernel + bias (2*3 + 3), pre-activations (5 points * 3 units); output
  // layer: 3 + 1 weights, 5 logits.
  const std::int64_t expected[2][3] = {{9, 15, 9}, {4, 5, 4}};
  for (const FrameStats& f : s.frames)
    for (std::size_t l = 0; l < 2; ++l)
      for (std::size_t q = 0; q < 3; ++q) {
        const auto& counts = f.counts[l][q];
        ASSERT_EQ(counts.size(), 40u);
        EXPECT_EQ(std::accumulate(counts.begin(), counts.end(), std::int64_t{0}), expected[l][q]) << l << " " << q;
      }
  const Bins& w = s.layers[0].bins[0];
  EXPECT_DOUBLE_EQ(w.low, -3.0);
  EXPECT_DOUBLE_EQ(w.high, 3.0);
  // Frame 0's weights are within 0.4: bins 17..22 of [-3, 3] (0.15 wide) only.
  const auto& first = s.frames[0].counts[0][0];
  for (int k = 0; k < 40; ++k)
    if (k < 17 || k > 22) {
      EXPECT_EQ(first[static_cast<std::size_t>(k)], 0) << k;
    }
  // The last frame's 3.0 is in the last bin; -2.0 in bin floor((1/6) * 40) = 6.
  EXPECT_EQ(s.frames[2].counts[0][0][39], 1);
  EXPECT_EQ(s.frames[2].counts[0][0][6], 1);
}

TEST(stats, bins_index_and_edges) {
  const Bins b{-2.0, 2.0, 4};
  EXPECT_EQ(b.index(-2.0), 0);
  EXPECT_EQ(b.index(-1.0), 1);  // a bin holds its low edge
  EXPECT_EQ(b.index(-0.999), 1);
  EXPECT_EQ(b.index(0.0), 2);
  EXPECT_EQ(b.index(2.0), 3);  // the last bin holds the top
  EXPECT_DOUBLE_EQ(b.edge(4), 2.0);
}

TEST(stats, a_relu_unit_with_negative_bias_and_zero_weights_is_dead) {
  // Units: 0 dead (w 0, b -1), 1 alive (b 1), 2 zero everywhere (pre-activation 0: never on, dead),
  // 3 on for the points with x0 > 0 (alive).
  Eigen::MatrixXd W(2, 4);
  W << 0, 0, 0, 1, 0, 0, 0, 0;
  Eigen::RowVectorXd b(4);
  b << -1, 1, 0, 0;
  const data::Dataset d = five_points();
  const model::Network net = one_layer(W, b, model::ActivationKind::relu);
  const model::ForwardPass pass = model::forward(net, d.X);
  EXPECT_EQ(unit_fraction(net.hidden_activations[0], pass.pre[0], pass.post[0]), 0.5);
  // Through the run's statistics too, and a relu6 layer the same.
  const run::RunRecord r = record_of({net}, d);
  const RunStats s = compute_run_stats(r, 1);
  EXPECT_EQ(s.layers[0].fraction, UnitFraction::dead);
  EXPECT_EQ(s.frames[0].fractions[0], 0.5);
  EXPECT_EQ(unit_fraction(act(model::ActivationKind::relu6), pass.pre[0], pass.post[0]), 0.5);
}

TEST(stats, saturated_units_are_saturated_on_more_than_half_the_points) {
  const data::Dataset d = five_points();  // x0: 1, 2, -1.5, 0.001, -0.002
  // tanh units: 0 b = 5 (tanh 0.99991: saturated everywhere); 1 b = 0.1 (never); 2 w0 = 10 (|10 x0| > 2.65
  // on 3 of the 5 points: saturated); 3 w0 = 2 (|tanh| > 0.99 at x0 = 2 and -1.5 only: 2 of 5, not more than
  // half).
  Eigen::MatrixXd W(2, 4);
  W << 0, 0, 10, 2, 0, 0, 0, 0;
  Eigen::RowVectorXd b(4);
  b << 5, 0.1, 0, 0;
  const model::Network tanh_net = one_layer(W, b, model::ActivationKind::tanh);
  const model::ForwardPass t = model::forward(tanh_net, d.X);
  EXPECT_EQ(unit_fraction(tanh_net.hidden_activations[0], t.pre[0], t.post[0]), 0.5);
  // sigmoid: h < 0.01 or h > 0.99 (|z| > 4.6): unit 0 (z = 5) saturated, unit 1 not, unit 2 (|10 x0| > 4.6
  // on 3 points, both ends) saturated, unit 3 (|2 x0| <= 4) not. (|h| > 0.99 would miss unit 2's low end.)
  const model::Network sig = one_layer(W, b, model::ActivationKind::sigmoid);
  const model::ForwardPass p = model::forward(sig, d.X);
  EXPECT_EQ(unit_fraction(sig.hidden_activations[0], p.pre[0], p.post[0]), 0.5);
  // Activations with neither notion: no fraction.
  for (const auto kind : {model::ActivationKind::linear, model::ActivationKind::elu, model::ActivationKind::swish}) {
    EXPECT_EQ(unit_fraction_kind(act(kind)), UnitFraction::none);
    EXPECT_FALSE(unit_fraction(act(kind), p.pre[0], p.post[0]).has_value());
  }
}

TEST(stats, run_scenes_append_the_stats_panel_of_the_snapshot_shown) {
  const Eigen::MatrixXd W = Eigen::MatrixXd::Constant(2, 2, 0.3);
  const Eigen::RowVectorXd b = Eigen::RowVectorXd::Zero(2);
  const run::RunRecord r = record_of({one_layer(W, b, model::ActivationKind::tanh), one_layer(2 * W, b, model::ActivationKind::tanh)},
                                     five_points());
  auto stats = std::make_shared<const RunStats>(compute_run_stats(r, 2));
  util::InterruptFlag never;
  const RunScenes scenes(r, 20, 2, never, 1, stats);
  ASSERT_EQ(scenes.size(), 3u);  // two snapshots, one in-between frame
  const Scene mid = scenes.scene(1);
  ASSERT_EQ(mid.panels.back().kind, PanelKind::stats);
  const auto& panel = std::get<StatsPanel>(mid.panels.back().content);
  EXPECT_EQ(panel.frame, 0u);  // the in-between frame keeps the snapshot it leaves
  EXPECT_EQ(std::get<StatsPanel>(scenes.scene(2).panels.back().content).frame, 1u);
  EXPECT_EQ(mid.panels.back().bounds.xmax, 10.0);
  // The planned views have one view per panel, the stats panel's included.
  const auto views = scenes.plan_views(AxesMode::fixed, never);
  ASSERT_EQ(views.size(), 3u);
  EXPECT_EQ(views[1].size(), mid.panels.size());
}

}  // namespace
}  // namespace nnviz::scene
