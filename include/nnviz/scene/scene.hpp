#pragma once
// What one frame shows, in data coordinates: the data and the mesh mapped through every layer
// of a checkpoint's network, and the run's training curves so far. Knows nothing of pixels.
#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "nnviz/data/dataset.hpp"
#include "nnviz/scene/mesh.hpp"
#include "nnviz/scene/projection.hpp"
#include "nnviz/train/checkpoint.hpp"

namespace nnviz::scene {

struct Bounds {
  double xmin = 0, xmax = 1, ymin = 0, ymax = 1;
  [[nodiscard]] double width() const { return xmax - xmin; }
  [[nodiscard]] double height() const { return ymax - ymin; }
};

// The kinds of panel a figure can show (the names --panels takes: render/panels.hpp). A kind's
// panel holds one alternative of Panel::content: input, pre_activation and activation a
// MeshPanel, loss a CurvePanel, stats a StatsPanel. A morph panel (scene/morph.hpp: a layer
// morph's frame, a MeshPanel drawn alone, large, at equal x and y scales) is never a --panels
// choice. A neurons panel (NeuronsPanel: every unit of one hidden layer over the input plane,
// small multiples) is in a scene only when asked for (make_scene's `neurons`).
enum class PanelKind { input, pre_activation, activation, loss, stats, morph, neurons };

struct RunStats;  // stats.hpp

// A line a*x + b*y + c = 0 in a panel's coordinates.
struct Line {
  double a = 0, b = 0, c = 0;
};

// A hidden unit's zero level set in the input plane: where its pre-activation changes sign (where
// a relu unit turns on, where a tanh unit changes sign). A first-layer unit's is the line
// x . w_j + b_j = 0; a deeper unit's is traced on the mesh's grid (marching squares).
struct UnitLevel {
  int layer = 0;      // hidden layer, 0-based
  int unit = 0;
  std::string label;  // "h0" for the first layer (the hidden panel's axis names), "L2 h0" deeper
  std::optional<Line> line;  // the first layer's
  Eigen::MatrixXd segments;  // (k, 4): x0 y0 x1 y1 in input coordinates, a deeper layer's contour
};

// A layer's view: the data and the mesh mapped through the network up to this layer, in the
// panel's coordinates. Colours come from the Scene's labels and probabilities.
struct MeshPanel {
  Eigen::MatrixXd data;  // (n, 2): the data points in this panel's coordinates
  Eigen::MatrixXd mesh;  // (resolution^2, 2): the mesh points, same row order as Mesh::points
  // The output layer's decision line w.h + b = 0, when this panel shows the last hidden layer's
  // activation in its own 2 units (no projection).
  std::optional<Line> boundary;
  // (resolution^2) each mesh point's depth out of the panel's plane (Projection::depth_axis)
  // when the panel is a projection; empty otherwise. Cells are drawn far to near.
  Eigen::VectorXd mesh_depth = {};
  // The input panel's: every hidden unit's zero level set, the first layer's units first (up to
  // max_unit_levels in all; drawn with --unit-lines / --unit-contours).
  std::vector<UnitLevel> unit_levels = {};
  double boundary_opacity = 1.0;  // the decision line and its tint (a morph fades the line in)
};

inline constexpr int max_unit_levels = 64;

// The segments (k, 4) where `values` (resolution^2, row iy * resolution + ix, over `grid`, the
// mesh's points) crosses zero, linear between grid points: marching squares, a saddle cell
// split by its centre's value.
Eigen::MatrixXd zero_contour(const Eigen::Ref<const Eigen::VectorXd>& values, const Eigen::MatrixXd& grid,
                             int resolution);

// The training curves: loss (left axis) and accuracy (right axis, [0, 1]) per epoch, of the
// frames so far against the whole run's extent, so that the axes stay put while the curves grow.
struct CurvePanel {
  std::vector<train::Metrics> history;  // frames 0..k, this frame's last
  int total_epochs = 0;                 // the run's last epoch
  double max_loss = 0.0;                // the run's largest finite loss, val_loss included
  // > 0 when the frames are snapshots after gradient steps: a frame is drawn at its step over
  // this (fractions of an epoch), not at its epoch.
  double steps_per_epoch = 0.0;
};

// One hidden layer's units, each over the input plane: its output (after the activation) at every
// mesh point, drawn as small multiples coloured by value, the data dots small on top.
struct NeuronsPanel {
  Eigen::MatrixXd values;  // (resolution^2, k): units 0..k-1 (k <= max_neuron_units), mesh row order
  int units = 0;           // the layer's units: more than k when only the first k are shown
  // The colour map: diverging about 0 over [low, high] (tanh, linear...: values of both signs),
  // or sequential from low (relu, sigmoid...: values on one side). tanh and sigmoid keep their
  // ranges ([-1, 1], [0, 1]); unbounded activations the frame's largest |value|.
  bool diverging = true;
  double low = -1.0, high = 1.0;
  Eigen::MatrixXd grid;  // (resolution^2, 2): the mesh's points (the input plane)
  Eigen::MatrixXd data;  // (n, 2): the data points in the input plane
};

inline constexpr int max_neuron_units = 64;

// The layer statistics (stats.hpp) of the frames so far, against the whole run's extent: per
// hidden layer, strips of the weights', pre-activations' and gradients' histograms over the
// epochs, and the dead or saturated fraction of its units.
struct StatsPanel {
  std::shared_ptr<const RunStats> stats;  // the whole run's, shared by every frame's scene
  std::size_t frame = 0;                  // the snapshot shown: stats->frames[0..frame] are drawn
  int total_epochs = 0;                   // the run's last epoch
};

// One panel of a figure. A new kind of panel is one more alternative of `content` (and its
// draw function in render/renderer.cpp); kind, titles and bounds are what every kind has.
struct Panel {
  PanelKind kind = PanelKind::input;
  int layer = -1;  // hidden layer index (0-based); -1 for the input, loss and stats panels
  std::string title;    // "Input layer", "Hidden layer", "Activation", "Hidden 1 (PCA of 8)"...
  std::string x_label;  // "X0", "h0", "PC1", "Epoch"...
  std::string y_label;
  // The data range the panel must show, tight (no margin): scene::plan_views pads and plans
  // it over the frames like every other panel's. Mesh panels: the box around data and mesh.
  // Curve panels: epochs [0, total_epochs] x loss [0, max_loss]. Stats panels: epochs
  // [0, total_epochs] x [0, 1] (only the epochs are the planned view's; each strip has its bins).
  Bounds bounds;
  std::variant<MeshPanel, CurvePanel, StatsPanel, NeuronsPanel> content;
};

struct Scene {
  // Layer panels (input, then hidden/activation per layer), then the curve panel when
  // set_history added one, then the stats panel when set_stats added one.
  std::vector<Panel> panels;
  Eigen::VectorXd labels;       // (n) class of every data point, 0/1
  Eigen::VectorXd data_prob;    // (n) predicted P(class 1)
  Eigen::VectorXd mesh_prob;    // (resolution^2) predicted P(class 1) of each mesh point
  // ((resolution + 2 image_border)^2) P(class 1) over the mesh's grid extended by Mesh::border
  // steps per side (row iy, column ix from the extension's corner; mesh_prob in the middle):
  // the input panel's image, to its frame. Empty (border 0) when the mesh has no ring.
  Eigen::VectorXd image_prob;
  int image_border = 0;
  std::vector<bool> held_out;   // (n) validation points, drawn hollow; empty: none
  int mesh_resolution = 200;
  train::Metrics metrics;
  // > 0 when the run's frames are snapshots after gradient steps: its last frame's step, for the
  // heading's "step s/total".
  std::int64_t total_steps = 0;
  // A layer morph's frame: its stage, for the heading ("Epoch 29 · linear map"); empty otherwise.
  std::string stage;
};

// How the mesh goes through the network. `single` (what frames use) is forward_float: about ten
// times faster, within ~1e-6 of `exact` (double, as training computes), which no pixel shows;
// tests/scene and tests/render compare the two. The data points are always in double.
enum class MeshPrecision { single, exact };

// The box around the rows of two (k, 2) point sets: a mesh panel's tight bounds.
Bounds points_bounds(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b);

// The data points drawn in every frame, (n, 2): the training rows, then the held-out rows.
Eigen::MatrixXd all_points(const data::Dataset& train_set, const data::Dataset& validation);

// The projections of one frame's hidden layers wider than two units (projection.hpp), per layer:
// its pre-activation and activation panels'; empty where the layer has two units or fewer.
struct LayerProjections {
  std::optional<Projection> pre, post;
};
using FrameProjections = std::vector<LayerProjections>;  // one per hidden layer

// The projections of a frame whose network is `net`, fitted on the data points (training and
// held-out), each oriented like `previous` (the frame before's) when given.
FrameProjections fit_frame_projections(const model::Network& net, const data::Dataset& train_set,
                                       const data::Dataset& validation, const FrameProjections* previous);

// The tight bounds of the layer panels make_scene gives the frame (the input panel, then per
// hidden layer its neurons panel with `neurons`, its pre-activation and activation panels), with
// the mesh's values taken at `mesh_points`: the mesh's own points give exactly make_scene's
// panels' bounds; a sample of them (including the grid's edges) is what plans a wide network's
// views without its full pass (run_scenes.hpp). Nothing per point is kept.
std::vector<Bounds> layer_panel_bounds(const model::Network& net, const data::Dataset& train_set,
                                       const data::Dataset& validation, const Eigen::MatrixXd& mesh_points,
                                       const FrameProjections* projections, bool neurons);

// fit_frame_projections in its two steps (projection.hpp): each wide layer's components, then
// their orientation like `previous`'s. Only layers over 256 units read `previous` in the first.
struct LayerComponents {
  std::optional<Components> pre, post;
};
using FrameComponents = std::vector<LayerComponents>;
FrameComponents frame_components(const model::Network& net, const data::Dataset& train_set,
                                 const data::Dataset& validation, const FrameProjections* previous);
FrameProjections orient_frame(FrameComponents components, const FrameProjections* previous);

// The data plus the validation points (appended, flagged held_out) are drawn together. Wide
// layers use `projections` when given (a run's frames: run_scenes.hpp), else each is fitted on
// this frame alone.
// `neurons`: each hidden layer's neurons panel too, before its pre-activation panel (input,
// neurons 1, hidden 1, activation 1, neurons 2, ...).
Scene make_scene(const model::Network& net, const data::Dataset& train_set,
                 const data::Dataset& validation, const Mesh& mesh, const train::Metrics& metrics,
                 MeshPrecision precision = MeshPrecision::single,
                 const FrameProjections* projections = nullptr, bool neurons = false);

// The neurons panel of one layer's outputs over the mesh, `values` (resolution^2, k): the layer's
// first k units (at least those shown, max_neuron_units) of its `units` (-1: k).
NeuronsPanel make_neurons_panel(const Eigen::MatrixXd& values, const model::Activation& activation,
                                const Mesh& mesh, const Eigen::MatrixXd& data, int units = -1);

// The loss panel of a run's frame: `history` the metrics of frames 0..k (this frame's last),
// `total_epochs` and `max_loss` the whole run's extent. Its bounds are x [0, total_epochs] and
// y [0, max_loss], each also reaching every finite value of `history`; at least 1 epoch wide,
// and 1 high when no loss is positive (a perfect run: any range shows a line at 0).
Panel make_curve_panel(std::vector<train::Metrics> history, int total_epochs, double max_loss);

// The run's largest finite loss or validation loss (0 when none is finite): the loss panel's
// height in every frame.
double max_finite_loss(const std::vector<train::Checkpoint>& checkpoints);

// Gives the scene the loss panel of frame `frame` of a run (checkpoints[frame] is the frame the
// scene shows), appended after the layer panels or replacing the one there. One place for app's
// and sweep's scenes: the views planned for a run's frames must come from scenes given their
// history the same way, so that they have the same panels.
// `steps_per_epoch` > 0: the run's frames are step snapshots (CurvePanel::steps_per_epoch; the
// scene's total_steps is set too).
void set_history(Scene& scene, const std::vector<train::Checkpoint>& checkpoints, std::size_t frame,
                 double steps_per_epoch = 0.0);

// The stats panel of snapshot `frame` of a run whose statistics are `stats` (frame <
// stats->frames.size()): x [0, the run's last epoch], y [0, 1].
Panel make_stats_panel(std::shared_ptr<const RunStats> stats, std::size_t frame);

// Gives the scene the stats panel of snapshot `frame`, appended after the other panels (the loss
// panel included) or replacing the one there.
void set_stats(Scene& scene, std::shared_ptr<const RunStats> stats, std::size_t frame);

}  // namespace nnviz::scene
