#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <variant>

#include "nnviz/model/network.hpp"
#include "nnviz/scene/scene.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/numpy_random.hpp"

namespace {

nnviz::data::Dataset small_data() {
  nnviz::data::Dataset d;
  d.X.resize(4, 2);
  d.X << -1, -1, 1, 1, -1, 1, 1, -1;
  d.y.resize(4);
  d.y << 0, 0, 1, 1;
  d.name = "test";
  return d;
}

nnviz::data::Dataset empty_data() {
  nnviz::data::Dataset d;
  d.X.resize(0, 2);
  d.y.resize(0);
  return d;
}

// The layer panels' data and mesh; the scene's curve panel (the last, after set_history).
const nnviz::scene::MeshPanel& mesh_panel(const nnviz::scene::Panel& p) { return std::get<nnviz::scene::MeshPanel>(p.content); }
const nnviz::scene::CurvePanel& curve(const nnviz::scene::Scene& s) {
  return std::get<nnviz::scene::CurvePanel>(s.panels.back().content);
}

nnviz::model::Network network(const std::vector<int>& hidden) {
  nnviz::model::Architecture arch;
  arch.hidden = hidden;
  arch.activations.assign(hidden.size(), nnviz::model::Activation::parse("tanh"));
  nnviz::util::NumpyRandom rng(7);
  return nnviz::model::make_network(arch, rng);
}

TEST(scene, the_notebooks_network_gives_its_three_panels) {
  const auto net = network({2});
  const auto d = small_data();
  const auto mesh = nnviz::scene::make_mesh(d.X, 10);
  const auto s = nnviz::scene::make_scene(net, d, empty_data(), mesh, {});
  ASSERT_EQ(s.panels.size(), 3U);
  EXPECT_EQ(s.panels[0].title, "Input layer");
  EXPECT_EQ(s.panels[1].title, "Hidden layer");
  EXPECT_EQ(s.panels[2].title, "Activation");
  EXPECT_EQ(s.mesh_prob.size(), 100);
  EXPECT_TRUE(s.held_out.empty());
}

TEST(scene, hidden_panels_are_the_layer_values_before_and_after_the_activation) {
  const auto net = network({2});
  const auto d = small_data();
  const auto mesh = nnviz::scene::make_mesh(d.X, 10);
  const auto s = nnviz::scene::make_scene(net, d, empty_data(), mesh, {}, nnviz::scene::MeshPrecision::exact);
  const Eigen::MatrixXd pre = (d.X * net.layers[0].W).rowwise() + net.layers[0].b;  // (n, 2)
  EXPECT_LT((mesh_panel(s.panels[1]).data - pre).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_LT((mesh_panel(s.panels[2]).data - pre.array().tanh().matrix()).cwiseAbs().maxCoeff(), 1e-12);
  const Eigen::MatrixXd mesh_pre = (mesh.points * net.layers[0].W).rowwise() + net.layers[0].b;
  EXPECT_LT((mesh_panel(s.panels[1]).mesh - mesh_pre).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(scene, the_input_image_is_the_networks_output_on_the_extended_grid) {
  const auto net = network({2});
  const auto d = small_data();
  const auto mesh = nnviz::scene::make_mesh(d.X, 10);
  const auto s = nnviz::scene::make_scene(net, d, empty_data(), mesh, {}, nnviz::scene::MeshPrecision::exact);
  const int b = mesh.border, ext = mesh.image_resolution();
  ASSERT_GT(b, 0);
  ASSERT_EQ(s.image_border, b);
  ASSERT_EQ(s.image_prob.size(), ext * ext);
  // Point (ix, iy) of the extended grid, from its corner, through the network.
  const double step = 2.0 / 9.0;
  for (int iy = 0; iy < ext; ++iy)
    for (int ix = 0; ix < ext; ++ix) {
      Eigen::MatrixXd p(1, 2);
      p << -1 + (ix - b) * step, -1 + (iy - b) * step;
      const double want = nnviz::model::forward(net, p).post.back()(0, 0);
      EXPECT_NEAR(s.image_prob(iy * ext + ix), want, 1e-12) << ix << " " << iy;
    }
}

TEST(scene, the_decision_line_separates_the_predicted_classes_in_hidden_space) {
  const auto net = network({2});
  const auto d = small_data();
  const auto mesh = nnviz::scene::make_mesh(d.X, 20);
  const auto s = nnviz::scene::make_scene(net, d, empty_data(), mesh, {}, nnviz::scene::MeshPrecision::exact);
  const nnviz::scene::MeshPanel& activation = mesh_panel(s.panels[2]);
  ASSERT_TRUE(activation.boundary.has_value());
  const auto line = *activation.boundary;
  for (Eigen::Index i = 0; i < activation.mesh.rows(); ++i) {
    const double side = line.a * activation.mesh(i, 0) + line.b * activation.mesh(i, 1) + line.c;
    EXPECT_EQ(side > 0, s.mesh_prob(i) > 0.5) << i;
  }
  EXPECT_FALSE(mesh_panel(s.panels[1]).boundary.has_value());
}

TEST(scene, wide_layers_are_shown_by_pca_and_say_so) {
  const auto net = network({8, 8, 4});
  const auto d = small_data();
  const auto s = nnviz::scene::make_scene(net, d, empty_data(), nnviz::scene::make_mesh(d.X, 5), {});
  ASSERT_EQ(s.panels.size(), 7U);
  EXPECT_EQ(s.panels[1].title, "Hidden 1 (PCA of 8)");
  EXPECT_EQ(s.panels[6].title, "Activation 3 (PCA of 4)");
  EXPECT_EQ(s.panels[6].x_label, "PC1");
  for (const auto& p : s.panels) {
    EXPECT_EQ(mesh_panel(p).data.cols(), 2);
    EXPECT_EQ(mesh_panel(p).mesh.rows(), 25);
  }
  EXPECT_FALSE(mesh_panel(s.panels[6]).boundary.has_value());  // 4 units: no line in a projection
}

TEST(scene, pca_keeps_the_spread_of_the_data_in_its_first_component) {
  const auto net = network({8});
  const auto d = small_data();
  const auto s = nnviz::scene::make_scene(net, d, empty_data(), nnviz::scene::make_mesh(d.X, 5), {});
  const Eigen::MatrixXd& p = mesh_panel(s.panels[2]).data;  // (n, 2)
  const Eigen::RowVectorXd mean = p.colwise().mean();
  EXPECT_NEAR(mean(0), 0.0, 1e-12);  // centred
  const double var0 = (p.col(0).array() - mean(0)).square().sum();
  const double var1 = (p.col(1).array() - mean(1)).square().sum();
  EXPECT_GE(var0, var1);
}

TEST(scene, validation_points_are_appended_and_flagged) {
  const auto net = network({2});
  const auto d = small_data();
  const auto mesh = nnviz::scene::make_mesh(d.X, 5);
  const auto s = nnviz::scene::make_scene(net, d, small_data(), mesh, {});
  ASSERT_EQ(s.held_out.size(), 8U);
  EXPECT_FALSE(s.held_out[3]);
  EXPECT_TRUE(s.held_out[4]);
  EXPECT_EQ(mesh_panel(s.panels[0]).data.rows(), 8);
  EXPECT_EQ(s.labels.size(), 8);
}

// Frames use the single-precision mesh; it must give the picture of the exact one: every
// panel's mesh, the probabilities and the bounds within 1e-5 of their scale, the data equal.
TEST(scene, the_single_precision_mesh_matches_the_exact_one) {
  for (const std::vector<int>& hidden : std::vector<std::vector<int>>{{2}, {8}, {8, 1}, {5, 3}}) {
    const auto net = network(hidden);
    const auto d = small_data();
    const auto mesh = nnviz::scene::make_mesh(d.X * 3.0, 50);
    const auto fast = nnviz::scene::make_scene(net, d, small_data(), mesh, {});
    const auto exact = nnviz::scene::make_scene(net, d, small_data(), mesh, {}, nnviz::scene::MeshPrecision::exact);
    ASSERT_EQ(fast.panels.size(), exact.panels.size());
    EXPECT_LT((fast.mesh_prob - exact.mesh_prob).cwiseAbs().maxCoeff(), 1e-6);
    EXPECT_EQ(fast.data_prob, exact.data_prob);
    for (std::size_t p = 0; p < fast.panels.size(); ++p) {
      const auto& f = fast.panels[p];
      const auto& e = exact.panels[p];
      EXPECT_EQ(f.title, e.title);
      EXPECT_EQ(mesh_panel(f).data, mesh_panel(e).data) << f.title;
      const double scale = std::max(1.0, mesh_panel(e).mesh.cwiseAbs().maxCoeff());
      EXPECT_LT((mesh_panel(f).mesh - mesh_panel(e).mesh).cwiseAbs().maxCoeff(), 1e-5 * scale) << f.title;
      EXPECT_NEAR(f.bounds.xmin, e.bounds.xmin, 1e-5 * scale) << f.title;
      EXPECT_NEAR(f.bounds.xmax, e.bounds.xmax, 1e-5 * scale) << f.title;
      EXPECT_NEAR(f.bounds.ymin, e.bounds.ymin, 1e-5 * scale) << f.title;
      EXPECT_NEAR(f.bounds.ymax, e.bounds.ymax, 1e-5 * scale) << f.title;
    }
  }
}

}  // namespace

namespace {

std::vector<nnviz::train::Checkpoint> run_of(const std::vector<double>& losses) {
  std::vector<nnviz::train::Checkpoint> run(losses.size());
  for (std::size_t i = 0; i < losses.size(); ++i) {
    run[i].metrics.epoch = static_cast<int>(i);
    run[i].metrics.loss = losses[i];
  }
  return run;
}

TEST(scene, history_holds_the_frames_so_far_and_the_whole_runs_extent) {
  auto run = run_of({0.7, 0.9, 0.5, 0.3});
  run[1].metrics.val_loss = 1.2;
  nnviz::scene::Scene s;
  nnviz::scene::set_history(s, run, 1);
  ASSERT_EQ(curve(s).history.size(), 2U);
  EXPECT_EQ(curve(s).history.back().epoch, 1);
  EXPECT_EQ(curve(s).total_epochs, 3);
  EXPECT_DOUBLE_EQ(curve(s).max_loss, 1.2);  // val_loss counts, frames to come too
  nnviz::scene::set_history(s, run, 3);
  EXPECT_EQ(curve(s).history.size(), 4U);
  EXPECT_THROW(nnviz::scene::set_history(s, run, 4), nnviz::Error);
}

TEST(scene, the_loss_panel_follows_the_layer_panels_with_the_whole_runs_bounds) {
  const auto net = network({2});
  const auto d = small_data();
  auto s = nnviz::scene::make_scene(net, d, empty_data(), nnviz::scene::make_mesh(d.X, 5), {});
  const auto run = run_of({0.7, 0.9, 0.5, 0.3});
  nnviz::scene::set_history(s, run, 1);
  ASSERT_EQ(s.panels.size(), 4U);
  const nnviz::scene::Panel first = s.panels.back();
  EXPECT_EQ(first.kind, nnviz::scene::PanelKind::loss);
  EXPECT_DOUBLE_EQ(first.bounds.xmin, 0.0);
  EXPECT_DOUBLE_EQ(first.bounds.xmax, 3.0);  // epochs still to come
  EXPECT_DOUBLE_EQ(first.bounds.ymin, 0.0);
  EXPECT_DOUBLE_EQ(first.bounds.ymax, 0.9);
  nnviz::scene::set_history(s, run, 3);  // replaces the panel: the view planner sees one per frame
  ASSERT_EQ(s.panels.size(), 4U);
  EXPECT_EQ(curve(s).history.size(), 4U);
  EXPECT_DOUBLE_EQ(s.panels.back().bounds.xmax, first.bounds.xmax);
  EXPECT_DOUBLE_EQ(s.panels.back().bounds.ymax, first.bounds.ymax);
}

TEST(scene, a_perfect_runs_loss_panel_is_still_one_high_and_one_epoch_wide) {
  const nnviz::scene::Panel p = nnviz::scene::make_curve_panel({nnviz::train::Metrics{}}, 0, 0.0);
  EXPECT_DOUBLE_EQ(p.bounds.xmax, 1.0);
  EXPECT_DOUBLE_EQ(p.bounds.ymax, 1.0);
  nnviz::train::Metrics later;
  later.epoch = 5;
  later.loss = 2.5;  // beyond what the caller said: the bounds still show it
  const nnviz::scene::Panel q = nnviz::scene::make_curve_panel({later}, 3, 1.0);
  EXPECT_DOUBLE_EQ(q.bounds.xmax, 5.0);
  EXPECT_DOUBLE_EQ(q.bounds.ymax, 2.5);
}

TEST(scene, a_diverged_runs_history_keeps_a_finite_loss_range) {
  const auto run = run_of({0.7, std::numeric_limits<double>::infinity(), std::nan("")});
  nnviz::scene::Scene s;
  nnviz::scene::set_history(s, run, 2);
  EXPECT_DOUBLE_EQ(curve(s).max_loss, 0.7);
}

}  // namespace

namespace {

TEST(scene, unit_levels_are_each_units_zero_set_in_the_input_plane) {
  const auto net = network({3, 4});
  const auto d = small_data();
  const auto mesh = nnviz::scene::make_mesh(d.X, 60);
  const auto s = nnviz::scene::make_scene(net, d, empty_data(), mesh, {}, nnviz::scene::MeshPrecision::exact);
  const auto& levels = mesh_panel(s.panels[0]).unit_levels;
  ASSERT_EQ(levels.size(), 7U);
  for (int u = 0; u < 3; ++u) {
    const auto& l = levels[static_cast<std::size_t>(u)];
    EXPECT_EQ(l.layer, 0);
    EXPECT_EQ(l.label, "h" + std::to_string(u));
    ASSERT_TRUE(l.line.has_value());
    // The line's points have z_u = x . w_u + b_u = 0 for the network's own first layer.
    const double n2 = l.line->a * l.line->a + l.line->b * l.line->b;
    for (const double s_along : {-2.0, 0.0, 3.0}) {
      Eigen::MatrixXd x(1, 2);
      x << -l.line->a * l.line->c / n2 - s_along * l.line->b, -l.line->b * l.line->c / n2 + s_along * l.line->a;
      EXPECT_NEAR(nnviz::model::forward(net, x).pre[0](0, u), 0.0, 1e-12);
    }
  }
  // Second-layer units: contour segments whose ends have z close to zero (linear between grid
  // points 1/59 of the mesh apart) and whose sides of the contour have opposite signs.
  int with_contours = 0;
  for (int u = 0; u < 4; ++u) {
    const auto& l = levels[static_cast<std::size_t>(3 + u)];
    EXPECT_EQ(l.layer, 1);
    EXPECT_EQ(l.label, "L2 h" + std::to_string(u));
    EXPECT_FALSE(l.line.has_value());
    if (l.segments.rows() == 0) continue;
    ++with_contours;
    Eigen::MatrixXd ends(2 * l.segments.rows(), 2);
    ends << l.segments.leftCols(2), l.segments.rightCols(2);
    const Eigen::VectorXd z = nnviz::model::forward(net, ends).pre[1].col(u);
    // Scale: the unit's range over the mesh.
    const Eigen::VectorXd on_mesh = nnviz::model::forward(net, mesh.points).pre[1].col(u);
    const double range = on_mesh.maxCoeff() - on_mesh.minCoeff();
    EXPECT_LT(z.cwiseAbs().maxCoeff(), 0.01 * range) << "unit " << u;
  }
  EXPECT_GT(with_contours, 0);
}

TEST(scene, zero_contour_of_a_plane_is_its_line_and_of_a_constant_nothing) {
  const int res = 11;
  Eigen::MatrixXd grid(res * res, 2);
  Eigen::VectorXd plane(res * res), constant = Eigen::VectorXd::Ones(res * res);
  for (int iy = 0; iy < res; ++iy)
    for (int ix = 0; ix < res; ++ix) {
      const int k = iy * res + ix;
      grid(k, 0) = -1 + 0.2 * ix;
      grid(k, 1) = -1 + 0.2 * iy;
      plane(k) = grid(k, 0) + 2 * grid(k, 1) - 0.33;
    }
  const Eigen::MatrixXd seg = nnviz::scene::zero_contour(plane, grid, res);
  ASSERT_GT(seg.rows(), 5);
  for (Eigen::Index r = 0; r < seg.rows(); ++r) {
    EXPECT_NEAR(seg(r, 0) + 2 * seg(r, 1) - 0.33, 0.0, 1e-12);  // a plane is exact under linear interpolation
    EXPECT_NEAR(seg(r, 2) + 2 * seg(r, 3) - 0.33, 0.0, 1e-12);
  }
  EXPECT_EQ(nnviz::scene::zero_contour(constant, grid, res).rows(), 0);
}

}  // namespace

namespace {

TEST(scene, neurons_panels_are_each_layers_outputs_over_the_input_plane) {
  nnviz::model::Architecture arch;
  arch.hidden = {3, 70};
  arch.activations = {nnviz::model::Activation::parse("relu"), nnviz::model::Activation::parse("tanh")};
  nnviz::util::NumpyRandom rng(3);
  const auto net = nnviz::model::make_network(arch, rng);
  const auto d = small_data();
  const auto mesh = nnviz::scene::make_mesh(d.X, 12);
  const auto plain = nnviz::scene::make_scene(net, d, empty_data(), mesh, {}, nnviz::scene::MeshPrecision::exact);
  EXPECT_EQ(plain.panels.size(), 5U);  // none unless asked for
  const auto s = nnviz::scene::make_scene(net, d, empty_data(), mesh, {}, nnviz::scene::MeshPrecision::exact,
                                          nullptr, true);
  ASSERT_EQ(s.panels.size(), 7U);  // input, neurons 1, hidden 1, activation 1, neurons 2, hidden 2, activation 2
  EXPECT_EQ(s.panels[1].kind, nnviz::scene::PanelKind::neurons);
  EXPECT_EQ(s.panels[2].kind, nnviz::scene::PanelKind::pre_activation);
  EXPECT_EQ(s.panels[4].kind, nnviz::scene::PanelKind::neurons);
  EXPECT_EQ(s.panels[4].layer, 1);
  const nnviz::model::ForwardPass pass = nnviz::model::forward(net, mesh.points);
  const auto& relu = std::get<nnviz::scene::NeuronsPanel>(s.panels[1].content);
  EXPECT_EQ(relu.units, 3);
  ASSERT_EQ(relu.values.cols(), 3);
  EXPECT_LT((relu.values - pass.post[0]).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_FALSE(relu.diverging);  // relu: one-sided, from 0 to its largest value
  EXPECT_EQ(relu.low, 0.0);
  EXPECT_DOUBLE_EQ(relu.high, pass.post[0].maxCoeff());
  const auto& wide = std::get<nnviz::scene::NeuronsPanel>(s.panels[4].content);
  EXPECT_EQ(wide.units, 70);
  ASSERT_EQ(wide.values.cols(), nnviz::scene::max_neuron_units);  // the first 64, and the title says so
  EXPECT_LT((wide.values - pass.post[1].leftCols(64)).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_NE(s.panels[4].title.find("first 64 of 70"), std::string::npos) << s.panels[4].title;
  EXPECT_TRUE(wide.diverging);  // tanh keeps [-1, 1]
  EXPECT_EQ(wide.low, -1.0);
  EXPECT_EQ(wide.high, 1.0);
  EXPECT_EQ(wide.grid, mesh.points);
  // A linear layer's values have both signs: a diverging map over +-max|value|.
  const Eigen::MatrixXd both = (Eigen::MatrixXd(2, 1) << -3.0, 1.5).finished();
  const auto linear = nnviz::scene::make_neurons_panel(both, nnviz::model::Activation::parse("linear"),
                                                       nnviz::scene::make_mesh(d.X, 2), d.X);
  // (a 2x2 mesh has 4 points; these 2 values are enough for the range rule)
  EXPECT_TRUE(linear.diverging);
  EXPECT_EQ(linear.low, -3.0);
  EXPECT_EQ(linear.high, 3.0);
}

}  // namespace

namespace {

// What planning reads (layer_panel_bounds) is what the frame shows: on the mesh's own points the
// bounds are the scene's panels' bounds, bit for bit, for every kind of layer (two units as they
// are, one unit on a line, wider ones projected) and with the neurons panels among them.
TEST(scene_bounds, on_the_mesh_are_the_scenes_panel_bounds) {
  const auto d = small_data();
  const auto mesh = nnviz::scene::make_mesh(d.X, 40);
  for (const std::vector<int>& hidden : std::vector<std::vector<int>>{{2}, {1}, {8, 3}, {300, 2}}) {
    for (const bool neurons : {false, true}) {
      const auto net = network(hidden);
      const auto s = nnviz::scene::make_scene(net, d, empty_data(), mesh, {}, nnviz::scene::MeshPrecision::single,
                                              nullptr, neurons);
      const std::vector<nnviz::scene::Bounds> b =
          nnviz::scene::layer_panel_bounds(net, d, empty_data(), mesh.points, nullptr, neurons);
      ASSERT_EQ(b.size(), s.panels.size()) << hidden.front() << " units, neurons " << neurons;
      for (std::size_t p = 0; p < b.size(); ++p) {
        EXPECT_EQ(b[p].xmin, s.panels[p].bounds.xmin) << s.panels[p].title;
        EXPECT_EQ(b[p].xmax, s.panels[p].bounds.xmax) << s.panels[p].title;
        EXPECT_EQ(b[p].ymin, s.panels[p].bounds.ymin) << s.panels[p].title;
        EXPECT_EQ(b[p].ymax, s.panels[p].bounds.ymax) << s.panels[p].title;
      }
    }
  }
}

// The frame keeps a wide layer's values only as the panel shows them: its mesh coordinates
// equal the projection of forward()'s values (float rounding apart), and its neurons panel holds
// the first 64 units' values of all its units.
TEST(scene_bounds, a_wide_layers_mesh_is_its_projected_values) {
  const auto d = small_data();
  const auto mesh = nnviz::scene::make_mesh(d.X, 30);
  const auto net = network({300, 2});
  const auto s = nnviz::scene::make_scene(net, d, empty_data(), mesh, {}, nnviz::scene::MeshPrecision::exact, nullptr, true);
  const nnviz::model::ForwardPass on_data = nnviz::model::forward(net, d.X);
  const nnviz::scene::Projection pca = nnviz::scene::fit_projection(on_data.post[0]);
  const nnviz::model::ForwardPass on_mesh = nnviz::model::forward(net, mesh.points);
  const auto& post = std::find_if(s.panels.begin(), s.panels.end(), [](const nnviz::scene::Panel& p) {
    return p.kind == nnviz::scene::PanelKind::activation && p.layer == 0;
  });
  ASSERT_NE(post, s.panels.end());
  EXPECT_LT((mesh_panel(*post).mesh - pca.apply(on_mesh.post[0])).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_LT((mesh_panel(*post).mesh_depth - pca.depth(on_mesh.post[0])).cwiseAbs().maxCoeff(), 1e-9);
  const auto& neurons = std::get<nnviz::scene::NeuronsPanel>(s.panels[1].content);
  EXPECT_EQ(neurons.units, 300);
  ASSERT_EQ(neurons.values.cols(), 64);
  EXPECT_LT((neurons.values - on_mesh.post[0].leftCols(64)).cwiseAbs().maxCoeff(), 1e-12);
}

}  // namespace
