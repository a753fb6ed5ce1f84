#include "nnviz/scene/morph.hpp"

#include <Eigen/LU>
#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <utility>

#include "nnviz/util/error.hpp"

namespace nnviz::scene {

PolarDecomposition polar_decomposition(const Eigen::Matrix2d& W) {
  // W = X S Y^T (SVD): U = X Y^T, P = Y S Y^T.
  const Eigen::JacobiSVD<Eigen::Matrix2d> svd(W, Eigen::ComputeFullU | Eigen::ComputeFullV);
  const Eigen::Matrix2d& X = svd.matrixU();
  const Eigen::Matrix2d& Y = svd.matrixV();
  PolarDecomposition out;
  out.U = X * Y.transpose();
  out.P = Y * svd.singularValues().asDiagonal() * Y.transpose();
  out.P = 0.5 * (out.P + out.P.transpose());  // symmetric to the last bit
  return out;
}

Eigen::Matrix2d rotation(double theta) {
  const double c = std::cos(theta), s = std::sin(theta);
  Eigen::Matrix2d R;
  R << c, s, -s, c;
  return R;
}

Eigen::Matrix2d linear_path(const Eigen::Matrix2d& W, double t) {
  if (!(W.determinant() > 0)) throw Error("internal: the linear map's path needs det W > 0 (swap the units first)");
  const PolarDecomposition polar = polar_decomposition(W);
  // U is a rotation [[c, s], [-s, c]]: its angle.
  const double theta = std::atan2(polar.U(0, 1), polar.U(0, 0));
  if (t == 1.0) return W;  // exactly, not through cos/sin of theta
  return rotation(t * theta) * ((1 - t) * Eigen::Matrix2d::Identity() + t * polar.P);
}

double smoothstep(double t) {
  t = std::clamp(t, 0.0, 1.0);
  return t * t * (3 - 2 * t);
}

std::vector<MorphStage> morph_stages(int hidden_layers, double frames_per_layer) {
  std::vector<MorphStage> out;
  const auto per_layer = static_cast<std::size_t>(std::max(3L, std::lround(frames_per_layer)));
  const std::size_t bias = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(per_layer / 5.0)));
  const std::size_t linear = std::max<std::size_t>(1, (per_layer - bias) / 2);
  const std::size_t activation = per_layer - bias - linear;
  for (int l = 0; l < hidden_layers; ++l) {
    out.push_back({MorphStageKind::linear, l, linear});
    out.push_back({MorphStageKind::bias, l, bias});
    out.push_back({MorphStageKind::activation, l, activation});
  }
  const auto fade = static_cast<std::size_t>(std::max(1L, std::lround(frames_per_layer / 6)));
  out.push_back({MorphStageKind::decision, std::max(0, hidden_layers - 1), fade});
  return out;
}

std::size_t morph_frame_count(int hidden_layers, double frames_per_layer) {
  std::size_t n = 0;
  for (const MorphStage& s : morph_stages(hidden_layers, frames_per_layer)) n += s.frames;
  return n;
}

MorphNetwork morph_network(const model::Network& net) {
  MorphNetwork out{net, std::vector<bool>(static_cast<std::size_t>(net.hidden_count()), false)};
  for (int l = 0; l < net.hidden_count(); ++l) {
    auto& layer = out.net.layers[static_cast<std::size_t>(l)];
    if (layer.W.rows() != 2 || layer.W.cols() != 2) continue;
    const Eigen::Matrix2d W = layer.W;
    if (!(W.determinant() < 0)) continue;
    layer.W.col(0).swap(layer.W.col(1));
    std::swap(layer.b(0), layer.b(1));
    out.net.layers[static_cast<std::size_t>(l) + 1].W.row(0).swap(out.net.layers[static_cast<std::size_t>(l) + 1].W.row(1));
    out.swapped[static_cast<std::size_t>(l)] = true;
  }
  return out;
}

LayerMorph::LayerMorph(const model::Network& net, const FrameProjections& projections, double frames_per_layer)
    : morph_(morph_network(net)), projections_(projections), stages_(morph_stages(net.hidden_count(), frames_per_layer)) {
  if (net.hidden_count() < 1) throw Error("internal: the layer morph needs a hidden layer");
  projections_.resize(static_cast<std::size_t>(net.hidden_count()));
  for (const MorphStage& s : stages_) frames_ += s.frames;
}

LayerMorph::Point LayerMorph::point(std::size_t frame) const {
  std::size_t first = 0;
  for (std::size_t s = 0; s < stages_.size(); ++s) {
    const std::size_t n = stages_[s].frames;
    if (frame < first + n) {
      const auto k = static_cast<double>(frame - first);
      // The sequence's first stage starts from its input (t = 0); every other frame of a stage
      // moves on, its last at t = 1.
      if (s == 0) return {s, n > 1 ? k / static_cast<double>(n - 1) : 1.0};
      return {s, (k + 1) / static_cast<double>(n)};
    }
    first += n;
  }
  throw Error("internal: morph frame " + std::to_string(frame) + " of " + std::to_string(frames_));
}

Eigen::MatrixXd LayerMorph::shown(const Eigen::MatrixXd& values, int layer, bool post) const {
  const Eigen::Index units = values.cols();
  if (units == 2) return values;
  if (units == 1) {
    Eigen::MatrixXd out = Eigen::MatrixXd::Zero(values.rows(), 2);
    out.col(0) = values.col(0);
    return out;
  }
  const LayerProjections& p = projections_.at(static_cast<std::size_t>(layer));
  const std::optional<Projection>& projection = post ? p.post : p.pre;
  // A frame's projections come with its scene; a lone network gets its own (fitted on these).
  if (projection) return projection->apply(values);
  return fit_projection(values).apply(values);
}

LayerMorph::Values LayerMorph::evaluate(const Eigen::MatrixXd& X) const { return {X, model::forward(morph_.net, X)}; }

Eigen::MatrixXd LayerMorph::positions(const Values& values, std::size_t stage, double t) const {
  const MorphStage& s = stages_.at(stage);
  const model::Network& net = morph_.net;
  const Eigen::MatrixXd& X = values.X;
  const model::ForwardPass& pass = values.pass;
  const int l = s.layer;
  const auto i = static_cast<std::size_t>(l);
  if (s.kind == MorphStageKind::decision) return shown(pass.post[i], l, true);
  const model::Dense& layer = net.layers[i];
  const Eigen::MatrixXd& in = l == 0 ? X : pass.post[i - 1];
  switch (s.kind) {
    case MorphStageKind::linear: {
      if (layer.W.rows() == 2 && layer.W.cols() == 2 && layer.W.determinant() > 0)
        return in * linear_path(layer.W, t);
      const Eigen::MatrixXd from = l == 0 ? X : shown(in, l - 1, true);
      return (1 - t) * from + t * shown(in * layer.W, l, false);
    }
    case MorphStageKind::bias: {
      const Eigen::MatrixXd z = (in * layer.W).rowwise() + t * layer.b;
      return shown(z, l, false);
    }
    case MorphStageKind::activation: {
      const Eigen::MatrixXd& z = pass.pre[i];
      const Eigen::MatrixXd& h = pass.post[i];
      if (z.cols() == 2) return (1 - t) * z + t * h;
      return (1 - t) * shown(z, l, false) + t * shown(h, l, true);
    }
    case MorphStageKind::decision: break;
  }
  return shown(pass.post[i], l, true);
}

namespace {

std::pair<std::string, std::string> layer_axis_names(const MorphNetwork& m, int layer) {
  const Eigen::Index units = m.net.layers[static_cast<std::size_t>(layer)].W.cols();
  if (units > 2) return {"PC1", "PC2"};
  if (units == 1) return {"h0", ""};
  if (m.swapped[static_cast<std::size_t>(layer)]) return {"h1", "h0"};
  return {"h0", "h1"};
}

}  // namespace

std::pair<std::string, std::string> LayerMorph::axis_names(std::size_t frame) const {
  const Point p = point(frame);
  const MorphStage& s = stages_[p.stage];
  if (s.kind == MorphStageKind::linear && p.t < 0.5)
    return s.layer == 0 ? std::pair<std::string, std::string>{"X0", "X1"} : layer_axis_names(morph_, s.layer - 1);
  return layer_axis_names(morph_, s.layer);
}

std::string LayerMorph::stage_name(std::size_t frame) const {
  const MorphStage& s = stages_[point(frame).stage];
  const int hidden = morph_.net.hidden_count();
  const std::string layer = hidden > 1 ? "layer " + std::to_string(s.layer + 1) + ": " : "";
  switch (s.kind) {
    case MorphStageKind::linear: return layer + "linear map";
    case MorphStageKind::bias: return layer + "bias";
    case MorphStageKind::activation: return layer + morph_.net.hidden_activations[static_cast<std::size_t>(s.layer)].name();
    case MorphStageKind::decision: return "decision line";
  }
  return {};
}

namespace {

// The panel's title: the stage's formula, in the layer's own letters (x into the first layer,
// h after it; W1, b1 numbered when there are several layers).
std::string stage_title(const MorphStage& s, int hidden, const std::string& activation, bool last_two_units) {
  const std::string n = hidden > 1 ? std::to_string(s.layer + 1) : "";
  const std::string in = s.layer == 0 ? "x" : "h" + std::to_string(s.layer);
  const std::string W = "W" + n, b = "b" + n;
  switch (s.kind) {
    case MorphStageKind::linear: return "Linear map: " + in + " \u2192 " + in + "\u00b7" + W;
    case MorphStageKind::bias: return "Bias: " + in + "\u00b7" + W + " + " + b;
    case MorphStageKind::activation: return "Activation: " + activation + "(" + in + "\u00b7" + W + " + " + b + ")";
    case MorphStageKind::decision:
      return last_two_units ? "The output layer's decision line" : "The last hidden layer (PCA view)";
  }
  return {};
}


}  // namespace

Scene LayerMorph::scene(std::size_t frame, const Scene& base, const Values& data, const Values& mesh) const {
  const Point p = point(frame);
  const MorphStage& s = stages_[p.stage];
  const double eased = smoothstep(p.t);
  Scene out;
  out.labels = base.labels;
  out.data_prob = base.data_prob;
  out.mesh_prob = base.mesh_prob;
  out.held_out = base.held_out;
  out.mesh_resolution = base.mesh_resolution;
  out.metrics = base.metrics;
  out.total_steps = base.total_steps;
  out.stage = stage_name(frame);
  const int hidden = morph_.net.hidden_count();
  const model::Dense& last = morph_.net.layers[static_cast<std::size_t>(hidden - 1)];
  const bool last_two_units = last.W.cols() == 2;
  MeshPanel m;
  m.data = positions(data, p.stage, eased);
  m.mesh = positions(mesh, p.stage, eased);
  if (s.kind == MorphStageKind::decision && last_two_units) {
    const model::Dense& output = morph_.net.layers.back();
    m.boundary = Line{output.W(0, 0), output.W(1, 0), output.b(0)};
    m.boundary_opacity = eased;
  }
  Panel panel;
  panel.kind = PanelKind::morph;
  panel.layer = s.layer;
  panel.title = stage_title(s, hidden, morph_.net.hidden_activations[static_cast<std::size_t>(s.layer)].name(),
                            last_two_units);
  std::tie(panel.x_label, panel.y_label) = axis_names(frame);
  panel.bounds = points_bounds(m.data, m.mesh);
  panel.content = std::move(m);
  out.panels.push_back(std::move(panel));
  return out;
}

}  // namespace nnviz::scene
