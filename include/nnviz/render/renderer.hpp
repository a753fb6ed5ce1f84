#pragma once
// Scene -> Frame with Cairo (shapes) and Pango (text). Knows nothing of libav or training.
#include <memory>
#include <string>
#include <vector>

#include "nnviz/render/panels.hpp"
#include "nnviz/scene/scene.hpp"
#include "nnviz/util/frame.hpp"
#include "nnviz/util/names.hpp"

namespace nnviz::render {

enum class Style { surface, points };
// Any case (util/names.hpp); UsageError (field "style") listing the valid names otherwise.
const util::NameTable<Style>& style_table();
Style parse_style(const std::string& name);
std::string style_name(Style style);
const std::vector<std::string>& style_names();

struct RenderOptions {
  int width = 1800;   // the notebook: an 18x6 in figure at 100 dpi
  int height = 600;
  Style style = Style::surface;
  std::string palette = "seaborn";  // see palette_by_name(); checked by the Renderer's constructor
  std::string title;  // optional caption line under the heading
  // Which panels to draw (see panels.hpp: --panels); empty: every layer panel of the scene (the
  // notebook's figure). `compare` tiles show only the input panel. The view passed to render()
  // still has one range per panel of the scene, the loss panel's included.
  std::vector<PanelChoice> panels;
  // Multiplies pixels per point (text, markers, margins); 1 is the default, which already
  // follows the size of the panels' cells (layout.hpp), a one-panel tile's included.
  double scale = 1.0;
  // false: no heading text ("Epoch N", metrics, caption) over the panels; its room stays empty
  // for the caller (a comparison tile: the canvas has one heading and draws each tile's figures
  // there, see layout()).
  bool heading = true;
  // The key in the heading band (render/key_draw.hpp): the classes' dots and a colour bar of
  // P(class 1), right-aligned, when it fits beside the heading (not at the smallest sizes).
  // Only with the heading; --legend off clears it.
  bool legend = true;
  // Rings around the data points the network misclassifies, in the predicted class's colour,
  // and their count in the heading's metrics line.
  bool misclassified = false;
  // In the input panel, each first-layer unit's zero line x . w_j + b_j = 0 (where a relu unit
  // turns on, where a tanh unit changes sign), coloured per unit and labelled as the hidden
  // panel's axes (h0, h1...); `unit_contours`: deeper layers' units' zero level sets too.
  bool unit_lines = false;
  bool unit_contours = false;
};

// The heading's first line: "Epoch 12", or with step snapshots "Epoch 3 · step 27/39".
std::string heading_text(const scene::Scene& scene);
// The training points (first) and held-out points the scene's network misclassifies.
struct Misclassified {
  int train = 0;
  int held_out = 0;
};
Misclassified misclassified_count(const scene::Scene& scene);

// Holds the Cairo surface, Pango layouts and other buffers reused from frame to frame.
// One Renderer per thread.
class Renderer {
 public:
  // Throws UsageError for an unknown palette or a size too small to lay out.
  explicit Renderer(const RenderOptions& options);
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  // `view[i]` is the data range shown in scene.panels[i] (see scene/axes.hpp: plan_views). `out` is
  // resized to options.width x options.height when it differs and drawn into in place. Throws
  // nnviz::Error when the scene's sizes disagree, it lacks a chosen panel, or Cairo fails.
  void render(const scene::Scene& scene, const std::vector<scene::Bounds>& view, util::Frame& out);

  // Where the last render() put the panels (empty before the first).
  [[nodiscard]] const Layout& layout() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nnviz::render
