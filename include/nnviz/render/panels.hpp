#pragma once
// Which panels a figure shows, by the names --panels takes: input, hiddenN, activationN, loss,
// stats, all. Panels are drawn in the network's order (input, hidden 1, activation 1, ...), then
// loss, then stats, whatever the order of the names.
#include <string>
#include <vector>

#include "nnviz/render/layout.hpp"
#include "nnviz/scene/scene.hpp"

namespace nnviz::render {

// One chosen panel. `layer` is the 0-based hidden layer of a pre_activation or activation
// choice, or any_layer for every hidden layer; input and loss choices have no layer.
struct PanelChoice {
  static constexpr int any_layer = -1;
  scene::PanelKind kind = scene::PanelKind::input;
  int layer = any_layer;
  bool operator==(const PanelChoice&) const = default;
};

// Names -> choices: "input"; "hiddenN" / "activationN" with N >= 1 (the hidden layer counted
// from 1; "hidden" and "activation" mean layer 1); "neurons" (every hidden layer's units, a panel
// each) and "neuronsN" (layer N's); "loss"; "stats" (the layer statistics, scene/stats.hpp);
// "all" (every layer panel and loss; not neurons or stats, which are asked for by name).
// Duplicates are dropped. Throws UsageError listing the valid names for anything else.
std::vector<PanelChoice> parse_panels(const std::vector<std::string>& names);
// "input", "hidden2", "activation1", "loss", "stats", "hidden" (any layer)...
std::string panel_name(const PanelChoice& choice);
// Throws UsageError ("<option>: ...") naming the first choice whose hidden layer a network with
// `hidden_layers` hidden layers does not have. Only knowable once the architecture is.
void check_panels(const std::vector<PanelChoice>& choices, int hidden_layers, const std::string& option);

// Whether a scene's panel is one of `choices`; an empty selection is every layer panel (the
// notebook's figure, no loss or stats panel).
bool is_chosen(const std::vector<PanelChoice>& choices, const scene::Panel& panel);
bool shows_loss(const std::vector<PanelChoice>& choices);
// Whether the scenes must have neurons panels (scene::make_scene's `neurons`).
bool shows_neurons(const std::vector<PanelChoice>& choices);
// Whether the stats panel is chosen: the run's statistics must then be computed for its scenes.
bool shows_stats(const std::vector<PanelChoice>& choices);
// The panels drawn, in order, as the layout arranges them (layout.hpp: layered when they are the
// input, complete pre-activation/activation pairs of consecutive layers, the loss and the stats
// panel).
PanelSet panel_set(const std::vector<const scene::Panel*>& shown);
// The panels a frame of a network with `hidden_layers` hidden layers shows: for the size check
// before training (render::check_figure_size).
PanelSet shown_panel_set(const std::vector<PanelChoice>& choices, int hidden_layers);

}  // namespace nnviz::render
