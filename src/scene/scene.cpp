#include "nnviz/scene/scene.hpp"

#include "nnviz/scene/stats.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <variant>

#include "nnviz/model/forward_float.hpp"
#include "nnviz/model/network.hpp"
#include "nnviz/util/error.hpp"

namespace nnviz::scene {
namespace {

// A 2-D view of a layer's values (n, units) and the mesh's (m, units).
struct Projected {
  Eigen::MatrixXd data;  // (n, 2)
  Eigen::MatrixXd mesh;  // (m, 2)
  Eigen::VectorXd mesh_depth;  // (m) along the projection's third component; empty: no projection
  bool is_pca = false;
};

// A layer's values through its projection: two units as they are, one unit on the x axis at
// y = 0 (the line the layer squeezes space into), wider layers by `pca` (projection.hpp).
Projected project(Eigen::MatrixXd data, Eigen::MatrixXd mesh, const Projection* pca) {
  Projected out;
  const Eigen::Index units = data.cols();
  if (units == 2) {
    out.data = std::move(data);
    out.mesh = std::move(mesh);
    return out;
  }
  if (units == 1) {
    out.data = Eigen::MatrixXd::Zero(data.rows(), 2);
    out.mesh = Eigen::MatrixXd::Zero(mesh.rows(), 2);
    out.data.col(0) = data.col(0);
    out.mesh.col(0) = mesh.col(0);
    return out;
  }
  const Projection own = pca != nullptr ? Projection{} : fit_projection(data);
  const Projection& p = pca != nullptr ? *pca : own;
  out.data = p.apply(data);
  out.mesh = p.apply(mesh);
  out.mesh_depth = p.depth(mesh);
  out.is_pca = true;
  return out;
}

Bounds tight_bounds(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  Bounds r;
  r.xmin = std::min(a.col(0).minCoeff(), b.col(0).minCoeff());
  r.xmax = std::max(a.col(0).maxCoeff(), b.col(0).maxCoeff());
  r.ymin = std::min(a.col(1).minCoeff(), b.col(1).minCoeff());
  r.ymax = std::max(a.col(1).maxCoeff(), b.col(1).maxCoeff());
  return r;
}

Panel make_panel(PanelKind kind, int layer, std::string title, Projected p, std::string x_label,
                 std::string y_label) {
  Panel panel;
  panel.kind = kind;
  panel.layer = layer;
  panel.title = std::move(title);
  panel.x_label = std::move(x_label);
  panel.y_label = std::move(y_label);
  panel.bounds = tight_bounds(p.data, p.mesh);
  panel.content = MeshPanel{std::move(p.data), std::move(p.mesh), std::nullopt, std::move(p.mesh_depth)};
  return panel;
}

// The mesh's values at every layer, in double whichever precision computed them.
struct MeshValues {
  std::vector<Eigen::MatrixXd> pre, post;  // per layer (m, units)
};

MeshValues mesh_values(const model::Network& net, const Mesh& mesh, MeshPrecision precision) {
  MeshValues out;
  if (precision == MeshPrecision::exact) {
    model::ForwardPass pass = model::forward(net, mesh.points);
    out.pre = std::move(pass.pre);
    out.post = std::move(pass.post);
    return out;
  }
  const model::ForwardPassF pass = model::forward_float(net, mesh.points.cast<float>());
  for (const Eigen::MatrixXf& m : pass.pre) out.pre.emplace_back(m.cast<double>());
  for (const Eigen::MatrixXf& m : pass.post) out.post.emplace_back(m.cast<double>());
  return out;
}

// P(class 1) over the extended grid (Scene::image_prob): the ring through the network, the mesh's
// own values in the middle.
Eigen::VectorXd image_probabilities(const model::Network& net, const Mesh& mesh, const Eigen::VectorXd& mesh_prob,
                                    MeshPrecision precision) {
  Eigen::VectorXd ring;
  if (precision == MeshPrecision::exact)
    ring = model::forward(net, mesh.ring).post.back().col(0);
  else
    ring = model::forward_float(net, mesh.ring.cast<float>()).post.back().col(0).cast<double>();
  const int res = mesh.resolution, b = mesh.border, ext = mesh.image_resolution();
  Eigen::VectorXd out(static_cast<Eigen::Index>(ext) * ext);
  Eigen::Index k = 0, i = 0;
  for (int iy = -b; iy < res + b; ++iy) {
    for (int ix = -b; ix < res + b; ++ix, ++i) {
      const bool inner = ix >= 0 && ix < res && iy >= 0 && iy < res;
      out(i) = inner ? mesh_prob(static_cast<Eigen::Index>(iy) * res + ix) : ring(k++);
    }
  }
  return out;
}

}  // namespace

Eigen::MatrixXd all_points(const data::Dataset& train_set, const data::Dataset& validation) {
  Eigen::MatrixXd X(train_set.size() + validation.size(), 2);  // (n, 2)
  X.topRows(train_set.size()) = train_set.X;
  if (validation.size() > 0) X.bottomRows(validation.size()) = validation.X;
  return X;
}

FrameProjections fit_frame_projections(const model::Network& net, const data::Dataset& train_set,
                                       const data::Dataset& validation, const FrameProjections* previous) {
  const int hidden = net.hidden_count();
  FrameProjections out(static_cast<std::size_t>(hidden));
  if (hidden == 0) return out;
  bool wide = false;
  for (int l = 0; l < hidden; ++l) wide = wide || net.layers[static_cast<std::size_t>(l)].W.cols() > 2;
  if (!wide) return out;  // no layer is projected: no forward pass needed
  const model::ForwardPass pass = model::forward(net, all_points(train_set, validation));
  for (int l = 0; l < hidden; ++l) {
    const auto i = static_cast<std::size_t>(l);
    if (pass.pre[i].cols() <= 2) continue;
    const bool chained = previous != nullptr && previous->size() == out.size();
    const LayerProjections* before = chained ? &(*previous)[i] : nullptr;
    out[i].pre = fit_projection(pass.pre[i], before && before->pre ? &*before->pre : nullptr);
    out[i].post = fit_projection(pass.post[i], before && before->post ? &*before->post : nullptr);
  }
  return out;
}

Scene make_scene(const model::Network& net, const data::Dataset& train_set, const data::Dataset& validation,
                 const Mesh& mesh, const train::Metrics& metrics, MeshPrecision precision,
                 const FrameProjections* projections, bool neurons) {
  if (net.layers.empty()) throw Error("internal: a scene needs a network");
  const Eigen::Index n_train = train_set.size();
  const Eigen::Index n_val = validation.size();
  Eigen::MatrixXd X = all_points(train_set, validation);  // (n, 2)

  Scene scene;
  scene.mesh_resolution = mesh.resolution;
  scene.metrics = metrics;
  scene.labels.resize(n_train + n_val);
  scene.labels.head(n_train) = train_set.y;
  if (n_val > 0) {
    scene.labels.tail(n_val) = validation.y;
    scene.held_out.assign(static_cast<std::size_t>(n_train + n_val), false);
    for (Eigen::Index i = n_train; i < n_train + n_val; ++i) scene.held_out[static_cast<std::size_t>(i)] = true;
  }

  model::ForwardPass on_data = model::forward(net, X);
  MeshValues on_mesh = mesh_values(net, mesh, precision);
  scene.data_prob = on_data.post.back().col(0);
  scene.mesh_prob = on_mesh.post.back().col(0);
  if (mesh.border > 0) {
    scene.image_border = mesh.border;
    scene.image_prob = image_probabilities(net, mesh, scene.mesh_prob, precision);
  }

  scene.panels.push_back(make_panel(PanelKind::input, -1, "Input layer", {std::move(X), mesh.points, {}, false}, "X0", "X1"));
  std::vector<UnitLevel> levels;  // the input panel's, given it once the layers' panels are in

  const int hidden = net.hidden_count();
  for (int l = 0; l < hidden; ++l) {
    const auto units = static_cast<int>(net.layers[static_cast<std::size_t>(l)].W.cols());
    // The notebook's names for its one hidden layer; numbered names for deeper networks.
    const std::string number = hidden == 1 ? "" : " " + std::to_string(l + 1);
    std::string pre_title = (hidden == 1 ? "Hidden layer" : "Hidden" + number);
    std::string post_title = "Activation" + number;
    const auto i = static_cast<std::size_t>(l);
    if (neurons) {
      Panel np;
      np.kind = PanelKind::neurons;
      np.layer = l;
      np.content = make_neurons_panel(on_mesh.post[i], net.hidden_activations[i], mesh,
                                      std::get<MeshPanel>(scene.panels.front().content).data);
      const auto& content = std::get<NeuronsPanel>(np.content);
      const std::string name = hidden == 1 ? "Hidden units" : "Layer " + std::to_string(l + 1) + " units";
      np.title = name + " (" + net.hidden_activations[i].name() + ")";
      if (content.values.cols() < content.units)
        np.title += ": the first " + std::to_string(content.values.cols()) + " of " + std::to_string(content.units);
      np.x_label = "X0";
      np.y_label = "X1";
      np.bounds = scene.panels.front().bounds;  // the input plane's
      scene.panels.push_back(std::move(np));
    }
    // Each unit's zero level set in the input plane, before the layer's values are projected.
    for (int u = 0; u < units && static_cast<int>(levels.size()) < max_unit_levels; ++u) {
      UnitLevel level;
      level.layer = l;
      level.unit = u;
      level.label = (l == 0 ? "h" : "L" + std::to_string(l + 1) + " h") + std::to_string(u);
      if (l == 0) {
        const model::Dense& first = net.layers.front();
        level.line = Line{first.W(0, u), first.W(1, u), first.b(u)};
      } else {
        level.segments = zero_contour(on_mesh.pre[i].col(u), mesh.points, mesh.resolution);
      }
      levels.push_back(std::move(level));
    }
    const LayerProjections* given =
        projections != nullptr && projections->size() == static_cast<std::size_t>(hidden) ? &(*projections)[i] : nullptr;
    Projected pre = project(std::move(on_data.pre[i]), std::move(on_mesh.pre[i]),
                            given && given->pre ? &*given->pre : nullptr);
    Projected post = project(std::move(on_data.post[i]), std::move(on_mesh.post[i]),
                             given && given->post ? &*given->post : nullptr);
    const bool is_pca = pre.is_pca;
    std::string xl = "h0";
    std::string yl = "h1";
    if (is_pca) {
      const std::string note = " (PCA of " + std::to_string(units) + ")";
      pre_title += note;
      post_title += note;
      xl = "PC1";
      yl = "PC2";
    } else if (units == 1) {
      yl = "";
    }
    scene.panels.push_back(make_panel(PanelKind::pre_activation, l, pre_title, std::move(pre), xl, yl));
    Panel post_panel = make_panel(PanelKind::activation, l, post_title, std::move(post), xl, yl);
    if (l == hidden - 1 && units == 2) {
      // The output unit's logit is h W + b: its zero set is the decision line in this space.
      const model::Dense& out = net.layers.back();
      std::get<MeshPanel>(post_panel.content).boundary = Line{out.W(0, 0), out.W(1, 0), out.b(0)};
    }
    scene.panels.push_back(std::move(post_panel));
  }
  std::get<MeshPanel>(scene.panels.front().content).unit_levels = std::move(levels);
  return scene;
}

NeuronsPanel make_neurons_panel(const Eigen::MatrixXd& values, const model::Activation& activation, const Mesh& mesh,
                                const Eigen::MatrixXd& data) {
  NeuronsPanel out;
  out.units = static_cast<int>(values.cols());
  const Eigen::Index k = std::min<Eigen::Index>(values.cols(), max_neuron_units);
  out.values = values.leftCols(k);
  out.grid = mesh.points;
  out.data = data;
  const std::string name = activation.name();
  double lo = 0, hi = 0;
  bool finite = false;
  for (Eigen::Index i = 0; i < out.values.size(); ++i) {
    const double v = out.values.data()[i];
    if (!std::isfinite(v)) continue;
    lo = finite ? std::min(lo, v) : v;
    hi = finite ? std::max(hi, v) : v;
    finite = true;
  }
  if (name == "tanh" || name == "softsign") {
    out.diverging = true;
    out.low = -1;
    out.high = 1;
  } else if (name == "sigmoid" || name == "hard_sigmoid") {
    out.diverging = false;
    out.low = 0;
    out.high = 1;
  } else if (lo >= 0) {
    // One-sided (relu, softplus...): from 0 to the largest value.
    out.diverging = false;
    out.low = 0;
    out.high = hi > 0 ? hi : 1;
  } else {
    const double m = std::max(std::abs(lo), std::abs(hi));
    out.diverging = true;
    out.low = -(m > 0 ? m : 1);
    out.high = m > 0 ? m : 1;
  }
  return out;
}

Eigen::MatrixXd zero_contour(const Eigen::Ref<const Eigen::VectorXd>& v, const Eigen::MatrixXd& grid, int res) {
  std::vector<double> out;
  if (res < 2 || v.size() != static_cast<Eigen::Index>(res) * res || grid.rows() != v.size()) return {};
  // Where the value crosses zero between corners a and b, linearly.
  const auto cross = [&](Eigen::Index a, Eigen::Index b, double* xy) {
    const double t = v(a) / (v(a) - v(b));
    xy[0] = grid(a, 0) + t * (grid(b, 0) - grid(a, 0));
    xy[1] = grid(a, 1) + t * (grid(b, 1) - grid(a, 1));
  };
  for (int iy = 0; iy + 1 < res; ++iy) {
    for (int ix = 0; ix + 1 < res; ++ix) {
      // Corners counter-clockwise from the cell's lower left; edge k joins corner k and k + 1.
      const Eigen::Index c[4] = {static_cast<Eigen::Index>(iy) * res + ix, static_cast<Eigen::Index>(iy) * res + ix + 1,
                                 static_cast<Eigen::Index>(iy + 1) * res + ix + 1,
                                 static_cast<Eigen::Index>(iy + 1) * res + ix};
      bool positive[4];
      int count = 0;
      for (int k = 0; k < 4; ++k) count += positive[k] = v(c[k]) > 0;
      if (count == 0 || count == 4) continue;
      double points[4][2];
      int edges[4];
      int n = 0;
      for (int k = 0; k < 4; ++k)
        if (positive[k] != positive[(k + 1) % 4]) {
          cross(c[k], c[(k + 1) % 4], points[n]);
          edges[n++] = k;
        }
      if (n == 2) {
        out.insert(out.end(), {points[0][0], points[0][1], points[1][0], points[1][1]});
      } else if (n == 4) {
        // A saddle: opposite corners alike. The centre's sign decides which corners connect:
        // edges 0-1 and 2-3 cut off corners 1 and 3 when the centre has corner 0's sign.
        const double centre = 0.25 * (v(c[0]) + v(c[1]) + v(c[2]) + v(c[3]));
        const bool pair01 = (centre > 0) == positive[0];
        const int a0 = pair01 ? 0 : 1, a1 = pair01 ? 1 : 2, b0 = pair01 ? 2 : 3, b1 = pair01 ? 3 : 0;
        (void)edges;
        out.insert(out.end(), {points[a0][0], points[a0][1], points[a1][0], points[a1][1]});
        out.insert(out.end(), {points[b0][0], points[b0][1], points[b1][0], points[b1][1]});
      }
    }
  }
  Eigen::MatrixXd segments(static_cast<Eigen::Index>(out.size() / 4), 4);
  for (Eigen::Index r = 0; r < segments.rows(); ++r)
    for (int k = 0; k < 4; ++k) segments(r, k) = out[static_cast<std::size_t>(r * 4 + k)];
  return segments;
}

Panel make_curve_panel(std::vector<train::Metrics> history, int total_epochs, double max_loss) {
  int last_epoch = std::max(1, total_epochs);
  double top = max_loss;
  const auto see = [&](std::optional<double> v) {
    if (v && std::isfinite(*v)) top = std::max(top, *v);
  };
  for (const train::Metrics& m : history) {
    see(m.loss);
    see(m.val_loss);
    last_epoch = std::max(last_epoch, m.epoch);
  }
  if (!(top > 0)) top = 1;
  Panel panel;
  panel.kind = PanelKind::loss;
  panel.x_label = "Epoch";
  panel.y_label = "Loss";
  panel.bounds = {0, static_cast<double>(last_epoch), 0, top};
  panel.content = CurvePanel{std::move(history), total_epochs, max_loss};
  return panel;
}

double max_finite_loss(const std::vector<train::Checkpoint>& checkpoints) {
  // A diverged run's last loss is inf or NaN: the axis is fitted to the finite ones.
  double max_loss = 0.0;
  for (const train::Checkpoint& c : checkpoints) {
    if (std::isfinite(c.metrics.loss)) max_loss = std::max(max_loss, c.metrics.loss);
    if (c.metrics.val_loss && std::isfinite(*c.metrics.val_loss)) max_loss = std::max(max_loss, *c.metrics.val_loss);
  }
  return max_loss;
}

void set_history(Scene& scene, const std::vector<train::Checkpoint>& checkpoints, std::size_t frame,
                 double steps_per_epoch) {
  if (frame >= checkpoints.size()) throw Error("internal: frame " + std::to_string(frame) + " of a run of " +
                                               std::to_string(checkpoints.size()));
  std::vector<train::Metrics> history;
  history.reserve(frame + 1);
  for (std::size_t i = 0; i <= frame; ++i) history.push_back(checkpoints[i].metrics);
  Panel panel = make_curve_panel(std::move(history), checkpoints.back().metrics.epoch, max_finite_loss(checkpoints));
  if (steps_per_epoch > 0) {
    std::get<CurvePanel>(panel.content).steps_per_epoch = steps_per_epoch;
    scene.total_steps = checkpoints.back().metrics.step;
  }
  // Replacing the loss panel there, else before a stats panel (which comes last), else last.
  const auto curve = std::find_if(scene.panels.begin(), scene.panels.end(),
                                  [](const Panel& p) { return std::holds_alternative<CurvePanel>(p.content); });
  if (curve != scene.panels.end()) {
    *curve = std::move(panel);
    return;
  }
  const auto stats = std::find_if(scene.panels.begin(), scene.panels.end(),
                                  [](const Panel& p) { return std::holds_alternative<StatsPanel>(p.content); });
  scene.panels.insert(stats, std::move(panel));
}

Panel make_stats_panel(std::shared_ptr<const RunStats> stats, std::size_t frame) {
  if (!stats || frame >= stats->frames.size())
    throw Error("internal: stats of frame " + std::to_string(frame) + " of " +
                std::to_string(stats ? stats->frames.size() : 0));
  const train::Metrics& last = stats->frames.back().metrics;
  int total_epochs = last.epoch;
  if (stats->steps_per_epoch > 0)
    total_epochs = std::max(total_epochs, static_cast<int>(std::ceil(static_cast<double>(last.step) / stats->steps_per_epoch)));
  Panel panel;
  panel.kind = PanelKind::stats;
  panel.title = "Layer statistics";
  panel.x_label = "Epoch";
  panel.bounds = {0, static_cast<double>(std::max(1, total_epochs)), 0, 1};
  panel.content = StatsPanel{std::move(stats), frame, total_epochs};
  return panel;
}

void set_stats(Scene& scene, std::shared_ptr<const RunStats> stats, std::size_t frame) {
  Panel panel = make_stats_panel(std::move(stats), frame);
  const auto at = std::find_if(scene.panels.begin(), scene.panels.end(),
                               [](const Panel& p) { return std::holds_alternative<StatsPanel>(p.content); });
  if (at != scene.panels.end()) {
    *at = std::move(panel);
  } else {
    scene.panels.push_back(std::move(panel));
  }
}

}  // namespace nnviz::scene
