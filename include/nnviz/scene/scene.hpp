#pragma once
// What one frame shows, in data coordinates: the data and the mesh mapped through every layer
// of a checkpoint's network. Knows nothing of pixels.
#include <Eigen/Core>
#include <optional>
#include <string>
#include <vector>

#include "nnviz/data/dataset.hpp"
#include "nnviz/scene/mesh.hpp"
#include "nnviz/train/checkpoint.hpp"

namespace nnviz::scene {

struct Bounds {
  double xmin = 0, xmax = 1, ymin = 0, ymax = 1;
  [[nodiscard]] double width() const { return xmax - xmin; }
  [[nodiscard]] double height() const { return ymax - ymin; }
};

// The kinds of panel a figure can show. `loss` is the training curves, drawn from
// Scene::history: no Panel in Scene::panels has that kind.
enum class PanelKind { input, pre_activation, activation, loss };

// A line a*x + b*y + c = 0 in a panel's coordinates.
struct Line {
  double a = 0, b = 0, c = 0;
};

struct Panel {
  PanelKind kind = PanelKind::input;
  int layer = -1;  // hidden layer index (0-based); -1 for the input panel
  std::string title;    // "Input layer", "Hidden layer", "Activation", "Hidden 1 (PCA of 8)"...
  std::string x_label;  // "X0", "h0", "PC1"...
  std::string y_label;
  Eigen::MatrixXd data;  // (n, 2): the data points in this panel's coordinates
  Eigen::MatrixXd mesh;  // (resolution^2, 2): the mesh points, same row order as Mesh::points
  Bounds bounds;         // tight box around data and mesh (no margin)
  // The output layer's decision line w.h + b = 0, when this panel shows the last hidden layer's
  // activation in its own 2 units (no projection).
  std::optional<Line> boundary;
};

struct Scene {
  std::vector<Panel> panels;
  Eigen::VectorXd labels;       // (n) class of every data point, 0/1
  Eigen::VectorXd data_prob;    // (n) predicted P(class 1)
  Eigen::VectorXd mesh_prob;    // (resolution^2) predicted P(class 1) of each mesh point
  std::vector<bool> held_out;   // (n) validation points, drawn hollow; empty: none
  int mesh_resolution = 200;
  train::Metrics metrics;
  // For the loss panel: the metrics of frames 0..k (this frame's last), and the whole run's last
  // epoch and largest finite loss (val_loss included), so that the panel's axes stay put while
  // the curves grow. An empty history shows this frame's metrics alone.
  std::vector<train::Metrics> history;
  int total_epochs = 0;
  double max_loss = 0.0;
};

// How the mesh goes through the network. `single` (what frames use) is forward_float: about ten
// times faster, within ~1e-6 of `exact` (double, as training computes), which no pixel shows;
// tests/scene and tests/render compare the two. The data points are always in double.
enum class MeshPrecision { single, exact };

// The data plus the validation points (appended, flagged held_out) are drawn together.
Scene make_scene(const model::Network& net, const data::Dataset& train_set,
                 const data::Dataset& validation, const Mesh& mesh, const train::Metrics& metrics,
                 MeshPrecision precision = MeshPrecision::single);

// Fills the scene's history fields for frame `frame` of a run (checkpoints[frame] is the frame
// the scene shows). One place for app's and sweep's scenes.
void set_history(Scene& scene, const std::vector<train::Checkpoint>& checkpoints, std::size_t frame);

}  // namespace nnviz::scene
