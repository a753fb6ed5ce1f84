#include "nnviz/scene/scene.hpp"

#include "nnviz/scene/stats.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <mutex>
#include <type_traits>
#include <optional>
#include <string>
#include <variant>

#include "nnviz/model/mesh_pass.hpp"
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

// The data's values at a layer through the panel's projection: two units as they are, one unit
// on the x axis at y = 0 (the line the layer squeezes space into), wider layers by `pca`.
Eigen::MatrixXd project_data(Eigen::MatrixXd data, const Projection* pca) {
  const Eigen::Index units = data.cols();
  if (units == 2) return data;
  if (units == 1) {
    Eigen::MatrixXd out = Eigen::MatrixXd::Zero(data.rows(), 2);
    out.col(0) = data.col(0);
    return out;
  }
  return pca->apply(data);
}

template <typename Scalar>
using MatrixOf = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

// How one side (pre or post) of a layer's mesh values becomes the panel's coordinates, chunk by
// chunk (model::stream_forward): a projection's mean and axes (the plane's two and the depth)
// rounded once to the pass's precision.
template <typename Scalar>
struct MeshView {
  Eigen::Index units = 0;
  const Projection* pca = nullptr;  // units > 2
  Eigen::Matrix<Scalar, 1, Eigen::Dynamic> mean;
  MatrixOf<Scalar> axes;  // (units, 3): basis, then depth_axis

  MeshView(Eigen::Index u, const Projection* p) : units(u), pca(u > 2 ? p : nullptr) {
    if (pca == nullptr) return;
    mean = pca->mean.cast<Scalar>();
    axes.resize(units, 3);
    axes.leftCols(2) = pca->basis.cast<Scalar>();
    axes.col(2) = pca->depth_axis.cast<Scalar>();
  }

  // The chunk's rows (rows, units) in the panel's coordinates: xy (rows, 2) and, for a
  // projection, the depth (rows) (centred first, in the pass's precision: values far from the
  // origin keep their differences).
  template <typename Visit>
  void apply(const MatrixOf<Scalar>& values, Visit&& visit) const {
    if (units == 2) {
      visit(values.template cast<double>(), nullptr);
    } else if (units == 1) {
      Eigen::MatrixXd xy = Eigen::MatrixXd::Zero(values.rows(), 2);
      xy.col(0) = values.col(0).template cast<double>();
      visit(xy, nullptr);
    } else {
      const MatrixOf<Scalar> centred = values.rowwise() - mean;
      const MatrixOf<Scalar> projected = centred * axes;  // (rows, 3)
      const Eigen::VectorXd depth = projected.col(2).template cast<double>();
      visit(projected.leftCols(2).template cast<double>(), &depth);
    }
  }
};

// What a frame keeps of the mesh's pass: per hidden layer the pre-activation's and the
// activation's panel coordinates (and depths), the first units' pre-activations (a deeper
// layer's zero contours) and activations (its neurons panel); the output's P(class 1).
struct MeshOutputs {
  struct Side {
    Eigen::MatrixXd xy;     // (m, 2)
    Eigen::VectorXd depth;  // (m); empty: no projection
  };
  struct Layer {
    Side pre, post;
    Eigen::MatrixXd contour_units;  // (m, c): pre-activations of units 0..c-1
    Eigen::MatrixXd neuron_units;   // (m, k): activations of units 0..k-1
  };
  std::vector<Layer> layers;
  Eigen::VectorXd prob;  // (m)
};

// What the pass keeps of each hidden layer: the units whose contours (c) and neurons (k) show.
struct Keep {
  std::vector<Eigen::Index> contour, neurons;
};

template <typename Scalar>
void stream_mesh(const model::Network& net, const Eigen::MatrixXd& points, const model::ChunkVisitor<Scalar>& visit) {
  if constexpr (std::is_same_v<Scalar, float>) {
    model::stream_forward_float(net, points, visit);
  } else {
    model::stream_forward(net, points, visit);
  }
}

template <typename Scalar>
MeshOutputs mesh_outputs(const model::Network& net, const Eigen::MatrixXd& points, const FrameProjections& projections,
                         const Keep& keep) {
  const int hidden = net.hidden_count();
  const Eigen::Index m = points.rows();
  MeshOutputs out;
  out.layers.resize(static_cast<std::size_t>(hidden));
  std::vector<MeshView<Scalar>> pre_views, post_views;
  for (int l = 0; l < hidden; ++l) {
    const auto i = static_cast<std::size_t>(l);
    const Eigen::Index units = net.layers[i].W.cols();
    const LayerProjections& lp = projections[i];
    pre_views.emplace_back(units, lp.pre ? &*lp.pre : nullptr);
    post_views.emplace_back(units, lp.post ? &*lp.post : nullptr);
    if (units > 2 && (!lp.pre || !lp.post)) throw Error("internal: a wide layer without its projections");
    MeshOutputs::Layer& layer = out.layers[i];
    for (MeshOutputs::Side* side : {&layer.pre, &layer.post}) {
      side->xy.resize(m, 2);
      if (units > 2) side->depth.resize(m);
    }
    layer.contour_units.resize(m, keep.contour[i]);
    layer.neuron_units.resize(m, keep.neurons[i]);
  }
  out.prob.resize(m);
  const auto store = [](MeshOutputs::Side& side, Eigen::Index first) {
    return [&side, first](const Eigen::MatrixXd& xy, const Eigen::VectorXd* depth) {
      side.xy.middleRows(first, xy.rows()) = xy;
      if (depth != nullptr) side.depth.segment(first, depth->size()) = *depth;
    };
  };
  stream_mesh<Scalar>(net, points, [&](int layer, Eigen::Index first, const MatrixOf<Scalar>& pre, const MatrixOf<Scalar>& post) {
    const auto rows = pre.rows();
    if (layer == hidden) {
      out.prob.segment(first, rows) = post.col(0).template cast<double>();
      return;
    }
    const auto i = static_cast<std::size_t>(layer);
    MeshOutputs::Layer& l = out.layers[i];
    pre_views[i].apply(pre, store(l.pre, first));
    post_views[i].apply(post, store(l.post, first));
    if (keep.contour[i] > 0) l.contour_units.middleRows(first, rows) = pre.leftCols(keep.contour[i]).template cast<double>();
    if (keep.neurons[i] > 0) l.neuron_units.middleRows(first, rows) = post.leftCols(keep.neurons[i]).template cast<double>();
  });
  return out;
}

// The network's P(class 1) at `points`, nothing else kept.
template <typename Scalar>
Eigen::VectorXd probabilities(const model::Network& net, const Eigen::MatrixXd& points) {
  Eigen::VectorXd prob(points.rows());
  const int output = net.hidden_count();
  stream_mesh<Scalar>(net, points, [&](int layer, Eigen::Index first, const MatrixOf<Scalar>&, const MatrixOf<Scalar>& post) {
    if (layer == output) prob.segment(first, post.rows()) = post.col(0).template cast<double>();
  });
  return prob;
}

// P(class 1) over the extended grid (Scene::image_prob): the ring through the network, the mesh's
// own values in the middle.
Eigen::VectorXd image_probabilities(const model::Network& net, const Mesh& mesh, const Eigen::VectorXd& mesh_prob,
                                    MeshPrecision precision) {
  const Eigen::VectorXd ring = precision == MeshPrecision::exact ? probabilities<double>(net, mesh.ring)
                                                                 : probabilities<float>(net, mesh.ring);
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

// The frame's projections of its wide layers fitted on the data's values (`pass`), each oriented
// like `previous`'s when given.
FrameProjections fit_projections_of(const model::ForwardPass& pass, int hidden, const FrameProjections* previous) {
  FrameProjections out(static_cast<std::size_t>(hidden));
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

// The units each hidden layer's mesh values are kept for: a deeper layer's contours (the first
// max_unit_levels units of all layers, the first layer's drawn as lines) and, with `neurons`,
// its neurons panel's first max_neuron_units.
Keep units_to_keep(const model::Network& net, bool neurons) {
  const int hidden = net.hidden_count();
  Keep keep;
  Eigen::Index levels = 0;
  for (int l = 0; l < hidden; ++l) {
    const Eigen::Index units = net.layers[static_cast<std::size_t>(l)].W.cols();
    const Eigen::Index shown = std::min<Eigen::Index>(units, std::max<Eigen::Index>(0, max_unit_levels - levels));
    keep.contour.push_back(l == 0 ? 0 : shown);
    levels += shown;
    keep.neurons.push_back(neurons ? std::min<Eigen::Index>(units, max_neuron_units) : 0);
  }
  return keep;
}

Bounds union_of_boxes(const Bounds& a, const Bounds& b) {
  return {std::min(a.xmin, b.xmin), std::max(a.xmax, b.xmax), std::min(a.ymin, b.ymin), std::max(a.ymax, b.ymax)};
}


Panel make_panel(PanelKind kind, int layer, std::string title, Projected p, std::string x_label,
                 std::string y_label) {
  Panel panel;
  panel.kind = kind;
  panel.layer = layer;
  panel.title = std::move(title);
  panel.x_label = std::move(x_label);
  panel.y_label = std::move(y_label);
  panel.bounds = points_bounds(p.data, p.mesh);
  panel.content = MeshPanel{std::move(p.data), std::move(p.mesh), std::nullopt, std::move(p.mesh_depth)};
  return panel;
}

}  // namespace

Bounds points_bounds(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  Bounds r;
  r.xmin = std::min(a.col(0).minCoeff(), b.col(0).minCoeff());
  r.xmax = std::max(a.col(0).maxCoeff(), b.col(0).maxCoeff());
  r.ymin = std::min(a.col(1).minCoeff(), b.col(1).minCoeff());
  r.ymax = std::max(a.col(1).maxCoeff(), b.col(1).maxCoeff());
  return r;
}

Eigen::MatrixXd all_points(const data::Dataset& train_set, const data::Dataset& validation) {
  Eigen::MatrixXd X(train_set.size() + validation.size(), 2);  // (n, 2)
  X.topRows(train_set.size()) = train_set.X;
  if (validation.size() > 0) X.bottomRows(validation.size()) = validation.X;
  return X;
}

FrameComponents frame_components(const model::Network& net, const data::Dataset& train_set,
                                 const data::Dataset& validation, const FrameProjections* previous) {
  const int hidden = net.hidden_count();
  FrameComponents out(static_cast<std::size_t>(hidden));
  bool wide = false;
  for (int l = 0; l < hidden; ++l) wide = wide || net.layers[static_cast<std::size_t>(l)].W.cols() > 2;
  if (!wide) return out;  // no layer is projected: no pass needed
  const model::ForwardPass pass = model::forward(net, all_points(train_set, validation));
  const bool chained = previous != nullptr && previous->size() == out.size();
  for (int l = 0; l < hidden; ++l) {
    const auto i = static_cast<std::size_t>(l);
    if (pass.pre[i].cols() <= 2) continue;
    const LayerProjections* before = chained ? &(*previous)[i] : nullptr;
    out[i].pre = principal_components(pass.pre[i], before && before->pre ? &*before->pre : nullptr);
    out[i].post = principal_components(pass.post[i], before && before->post ? &*before->post : nullptr);
  }
  return out;
}

FrameProjections orient_frame(FrameComponents components, const FrameProjections* previous) {
  FrameProjections out(components.size());
  const bool chained = previous != nullptr && previous->size() == out.size();
  for (std::size_t i = 0; i < out.size(); ++i) {
    const LayerProjections* before = chained ? &(*previous)[i] : nullptr;
    if (components[i].pre) out[i].pre = orient(std::move(*components[i].pre), before && before->pre ? &*before->pre : nullptr);
    if (components[i].post)
      out[i].post = orient(std::move(*components[i].post), before && before->post ? &*before->post : nullptr);
  }
  return out;
}

FrameProjections fit_frame_projections(const model::Network& net, const data::Dataset& train_set,
                                       const data::Dataset& validation, const FrameProjections* previous) {
  return orient_frame(frame_components(net, train_set, validation, previous), previous);
}

std::vector<Bounds> layer_panel_bounds(const model::Network& net, const data::Dataset& train_set,
                                       const data::Dataset& validation, const Eigen::MatrixXd& mesh_points,
                                       const FrameProjections* projections, bool neurons) {
  const int hidden = net.hidden_count();
  const Eigen::MatrixXd X = all_points(train_set, validation);
  const model::ForwardPass on_data = model::forward(net, X);
  FrameProjections own;
  if (projections == nullptr || projections->size() != static_cast<std::size_t>(hidden)) {
    own = fit_projections_of(on_data, hidden, nullptr);
    projections = &own;
  }
  // Per hidden layer, the pre-activation's and the activation's box: the data's, then each chunk
  // of the mesh's (in any order: a union of boxes is the same whatever the order).
  std::vector<Bounds> boxes(static_cast<std::size_t>(2 * hidden));
  std::vector<MeshView<float>> views;
  for (int l = 0; l < hidden; ++l) {
    const auto i = static_cast<std::size_t>(l);
    const LayerProjections& lp = (*projections)[i];
    const Eigen::Index units = net.layers[i].W.cols();
    views.emplace_back(units, lp.pre ? &*lp.pre : nullptr);
    views.emplace_back(units, lp.post ? &*lp.post : nullptr);
    const Eigen::MatrixXd pre = project_data(on_data.pre[i], lp.pre ? &*lp.pre : nullptr);
    const Eigen::MatrixXd post = project_data(on_data.post[i], lp.post ? &*lp.post : nullptr);
    boxes[2 * i] = points_bounds(pre, pre);
    boxes[2 * i + 1] = points_bounds(post, post);
  }
  std::mutex lock;
  model::stream_forward_float(net, mesh_points, [&](int layer, Eigen::Index, const Eigen::MatrixXf& pre, const Eigen::MatrixXf& post) {
    if (layer == hidden) return;
    const auto i = static_cast<std::size_t>(layer);
    for (int side = 0; side < 2; ++side) {
      views[2 * i + side].apply(side == 0 ? pre : post, [&](const Eigen::MatrixXd& xy, const Eigen::VectorXd*) {
        const Bounds chunk = points_bounds(xy, xy);
        const std::lock_guard<std::mutex> guard(lock);
        boxes[2 * i + side] = union_of_boxes(boxes[2 * i + side], chunk);
      });
    }
  });
  std::vector<Bounds> out;
  const Bounds input = points_bounds(X, mesh_points);
  out.push_back(input);
  for (std::size_t i = 0; i < static_cast<std::size_t>(hidden); ++i) {
    if (neurons) out.push_back(input);
    out.push_back(boxes[2 * i]);
    out.push_back(boxes[2 * i + 1]);
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

  const int hidden = net.hidden_count();
  model::ForwardPass on_data = model::forward(net, X);
  // Wide layers are seen through the run's projections, or through their own on this frame's data.
  FrameProjections own;
  if (projections == nullptr || projections->size() != static_cast<std::size_t>(hidden)) {
    own = fit_projections_of(on_data, hidden, nullptr);
    projections = &own;
  }
  const Keep keep = units_to_keep(net, neurons);
  MeshOutputs on_mesh = precision == MeshPrecision::exact ? mesh_outputs<double>(net, mesh.points, *projections, keep)
                                                          : mesh_outputs<float>(net, mesh.points, *projections, keep);
  scene.data_prob = on_data.post.back().col(0);
  scene.mesh_prob = std::move(on_mesh.prob);
  if (mesh.border > 0) {
    scene.image_border = mesh.border;
    scene.image_prob = image_probabilities(net, mesh, scene.mesh_prob, precision);
  }

  scene.panels.push_back(make_panel(PanelKind::input, -1, "Input layer", {std::move(X), mesh.points, {}, false}, "X0", "X1"));
  std::vector<UnitLevel> levels;  // the input panel's, given it once the layers' panels are in

  for (int l = 0; l < hidden; ++l) {
    const auto units = static_cast<int>(net.layers[static_cast<std::size_t>(l)].W.cols());
    // The notebook's names for its one hidden layer; numbered names for deeper networks.
    const std::string number = hidden == 1 ? "" : " " + std::to_string(l + 1);
    std::string pre_title = (hidden == 1 ? "Hidden layer" : "Hidden" + number);
    std::string post_title = "Activation" + number;
    const auto i = static_cast<std::size_t>(l);
    MeshOutputs::Layer& layer = on_mesh.layers[i];
    if (neurons) {
      Panel np;
      np.kind = PanelKind::neurons;
      np.layer = l;
      np.content = make_neurons_panel(layer.neuron_units, net.hidden_activations[i], mesh,
                                      std::get<MeshPanel>(scene.panels.front().content).data, units);
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
        level.segments = zero_contour(layer.contour_units.col(u), mesh.points, mesh.resolution);
      }
      levels.push_back(std::move(level));
    }
    const LayerProjections& given = (*projections)[i];
    Projected pre{project_data(std::move(on_data.pre[i]), given.pre ? &*given.pre : nullptr), std::move(layer.pre.xy),
                  std::move(layer.pre.depth), units > 2};
    Projected post{project_data(std::move(on_data.post[i]), given.post ? &*given.post : nullptr),
                   std::move(layer.post.xy), std::move(layer.post.depth), units > 2};
    const bool is_pca = units > 2;
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
                                const Eigen::MatrixXd& data, int units) {
  NeuronsPanel out;
  out.units = std::max(units, static_cast<int>(values.cols()));
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
