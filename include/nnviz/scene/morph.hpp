#pragma once
// The layer morph (--morph): the data and the mesh moving through a snapshot's network stage by
// stage in one large panel, as in Olah's "Neural Networks, Manifolds, and Topology". For each
// hidden layer z = h W + b, h' = act(z): the linear map (h -> h A(t), A(0) = I, A(1) = W along
// the polar path), the bias (h W + t b), the activation ((1 - t) z + t act(z)); at the end the
// output layer's decision line fades in. A layer to or from more than two units moves the shown
// 2-D positions (its panels' projections) linearly instead.
#include <Eigen/Core>
#include <cstddef>
#include <string>
#include <vector>

#include "nnviz/model/network.hpp"
#include "nnviz/scene/scene.hpp"

namespace nnviz::scene {

// W = U P: U orthogonal, P symmetric positive semi-definite (definite when W is invertible).
struct PolarDecomposition {
  Eigen::Matrix2d U, P;
};
PolarDecomposition polar_decomposition(const Eigen::Matrix2d& W);

// The rotation acting on row vectors by x -> x R(theta): [[cos, sin], [-sin, cos]].
Eigen::Matrix2d rotation(double theta);

// A(t) = R(t theta) ((1 - t) I + t P) for W = U P with U = R(theta) a rotation (det W > 0):
// A(0) = I, A(1) = W, and det A(t) = det((1 - t) I + t P) >= min(1, lambda_min(P))^2 > 0 on
// the way. Error when det W <= 0 (swap the units first: morph_network).
Eigen::Matrix2d linear_path(const Eigen::Matrix2d& W, double t);

// 3t^2 - 2t^3 on [0, 1] (clamped): the stages start and end at rest.
double smoothstep(double t);

enum class MorphStageKind { linear, bias, activation, decision };

struct MorphStage {
  MorphStageKind kind = MorphStageKind::linear;
  int layer = 0;          // hidden layer (0-based); the decision stage: the last hidden layer
  std::size_t frames = 0;
};

// The stages of a network with `hidden_layers` hidden layers at `frames_per_layer` (S * fps)
// frames a layer: per layer max(3, round(frames_per_layer)) frames, 2/5 linear, 1/5 bias, 2/5
// activation (each at least one), then the fade, max(1, round(frames_per_layer / 6)).
std::vector<MorphStage> morph_stages(int hidden_layers, double frames_per_layer);
std::size_t morph_frame_count(int hidden_layers, double frames_per_layer);

// The network the morph moves through: `net` with, in every 2x2 layer fed by two shown units (the
// first layer, or one after a 2-unit layer) whose kernel has det W < 0, the two units swapped
// (the kernel's and bias's columns, the next layer's rows), as Olah does: the same function, a
// path whose determinant never crosses zero. `swapped[l]` says which layers were.
struct MorphNetwork {
  model::Network net;
  std::vector<bool> swapped;
};
MorphNetwork morph_network(const model::Network& net);

// A snapshot's morph sequence. Built from the snapshot's network and its frame's projections
// (one per hidden layer, as RunScenes fits them; a layer of two units or fewer has none).
class LayerMorph {
 public:
  LayerMorph(const model::Network& net, const FrameProjections& projections, double frames_per_layer);

  [[nodiscard]] std::size_t size() const { return frames_; }
  [[nodiscard]] const std::vector<MorphStage>& stages() const { return stages_; }
  [[nodiscard]] const MorphNetwork& network() const { return morph_; }

  // Where frame `frame` stands: its stage and its (uneased) t in (0, 1] (the first frame: 0).
  struct Point {
    std::size_t stage = 0;
    double t = 0.0;
  };
  [[nodiscard]] Point point(std::size_t frame) const;

  // Points (n, 2) through the network once: what every frame's positions are made of.
  struct Values {
    Eigen::MatrixXd X;
    model::ForwardPass pass;
  };
  [[nodiscard]] Values evaluate(const Eigen::MatrixXd& X) const;

  // The shown 2-D positions (n, 2) of the points at `stage`, t in [0, 1] (eased by the caller or
  // not: the path itself).
  [[nodiscard]] Eigen::MatrixXd positions(const Values& values, std::size_t stage, double t) const;
  [[nodiscard]] Eigen::MatrixXd positions(const Eigen::MatrixXd& X, std::size_t stage, double t) const {
    return positions(evaluate(X), stage, t);
  }

  // The heading's stage name ("linear map", "layer 2 · tanh", "decision line") and the panel's
  // axis names at frame `frame`.
  [[nodiscard]] std::string stage_name(std::size_t frame) const;
  [[nodiscard]] std::pair<std::string, std::string> axis_names(std::size_t frame) const;

  // The scene of frame `frame`: `base` (the snapshot's scene: labels, probabilities, metrics)
  // with one PanelKind::morph panel in place of its panels, `stage` set, and at the fade the
  // decision line at boundary_opacity = t (when the last hidden layer has two units).
  [[nodiscard]] Scene scene(std::size_t frame, const Scene& base, const Values& data, const Values& mesh) const;

 private:
  [[nodiscard]] Eigen::MatrixXd shown(const Eigen::MatrixXd& values, int layer, bool post) const;

  MorphNetwork morph_;
  FrameProjections projections_;
  std::vector<MorphStage> stages_;
  std::size_t frames_ = 0;
};

}  // namespace nnviz::scene
