#include "nnviz/render/panels.hpp"

#include <algorithm>
#include <cctype>

#include "nnviz/util/error.hpp"

namespace nnviz::render {
namespace {

constexpr const char* valid_names =
    "input, hiddenN, activationN (N = 1, 2, ... per hidden layer; hidden, activation: layer 1), neurons (every "
    "hidden layer's units; neuronsN: layer N's), loss, stats, all";

// "hidden" -> 0, "hidden3" -> 2; -2 when `name` is not `prefix` followed by nothing or a number >= 1.
int layer_of(const std::string& name, const std::string& prefix) {
  if (name.compare(0, prefix.size(), prefix) != 0) return -2;
  const std::string digits = name.substr(prefix.size());
  if (digits.empty()) return 0;
  if (digits.size() > 4 || !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); }))
    return -2;
  const int n = std::stoi(digits);
  return n >= 1 ? n - 1 : -2;
}

void add(std::vector<PanelChoice>& out, const PanelChoice& c) {
  if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
}

}  // namespace

std::vector<PanelChoice> parse_panels(const std::vector<std::string>& names) {
  using scene::PanelKind;
  std::vector<PanelChoice> out;
  for (const std::string& name : names) {
    if (name == "input") {
      add(out, {PanelKind::input});
    } else if (name == "loss") {
      add(out, {PanelKind::loss});
    } else if (name == "stats") {
      add(out, {PanelKind::stats});
    } else if (name == "all") {
      for (PanelKind k : {PanelKind::input, PanelKind::pre_activation, PanelKind::activation, PanelKind::loss})
        add(out, {k});
    } else if (name == "neurons") {
      add(out, {PanelKind::neurons, PanelChoice::any_layer});
    } else if (const int u = layer_of(name, "neurons"); u >= 0) {
      add(out, {PanelKind::neurons, u});
    } else if (const int l = layer_of(name, "hidden"); l >= 0) {
      add(out, {PanelKind::pre_activation, l});
    } else if (const int a = layer_of(name, "activation"); a >= 0) {
      add(out, {PanelKind::activation, a});
    } else {
      throw UsageError("unknown panel '" + name + "' (valid: " + valid_names + ")");
    }
  }
  return out;
}

std::string panel_name(const PanelChoice& c) {
  const std::string layer = c.layer == PanelChoice::any_layer ? "" : std::to_string(c.layer + 1);
  switch (c.kind) {
    case scene::PanelKind::input: return "input";
    case scene::PanelKind::pre_activation: return "hidden" + layer;
    case scene::PanelKind::activation: return "activation" + layer;
    case scene::PanelKind::loss: return "loss";
    case scene::PanelKind::morph: return "morph";
    case scene::PanelKind::neurons: return "neurons" + layer;
    case scene::PanelKind::stats: return "stats";
  }
  return "?";
}

void check_panels(const std::vector<PanelChoice>& choices, int hidden_layers, const std::string& option) {
  for (const PanelChoice& c : choices)
    if (c.layer >= hidden_layers) {
      const std::string n = std::to_string(hidden_layers);
      const std::string valid = hidden_layers == 1 ? "hidden1, activation1"
                                                   : "hidden1..hidden" + n + ", activation1..activation" + n;
      throw UsageError(option + ": no panel '" + panel_name(c) + "': the network has " + n + " hidden layer" +
                       (hidden_layers == 1 ? "" : "s") + " (" + valid + ")");
    }
}

bool is_chosen(const std::vector<PanelChoice>& choices, const scene::Panel& panel) {
  if (choices.empty())
    return panel.kind != scene::PanelKind::loss && panel.kind != scene::PanelKind::stats &&
           panel.kind != scene::PanelKind::neurons;
  return std::any_of(choices.begin(), choices.end(), [&](const PanelChoice& c) {
    return c.kind == panel.kind && (c.layer == PanelChoice::any_layer || c.layer == panel.layer);
  });
}

PanelSet panel_set(const std::vector<const scene::Panel*>& shown) {
  using scene::PanelKind;
  PanelSet set = PanelSet::in_order(static_cast<int>(shown.size()));
  std::size_t i = 0;
  bool input = false, loss = false;
  if (i < shown.size() && shown[i]->kind == PanelKind::input) {
    input = true;
    ++i;
  }
  int layers = 0;
  for (; i + 1 < shown.size(); i += 2, ++layers) {
    const scene::Panel& pre = *shown[i];
    const scene::Panel& post = *shown[i + 1];
    if (pre.kind != PanelKind::pre_activation || post.kind != PanelKind::activation || pre.layer != post.layer ||
        (layers > 0 && pre.layer != shown[i - 1]->layer + 1))
      break;
  }
  if (i < shown.size() && shown[i]->kind == PanelKind::loss) {
    loss = true;
    ++i;
  }
  bool stats = false;
  if (i < shown.size() && shown[i]->kind == PanelKind::stats) {
    stats = true;
    ++i;
  }
  if (i != shown.size() || layers == 0) return set;  // not a network's layers in order
  set.layers = layers;
  set.input = input;
  set.loss = loss;
  set.stats = stats;
  return set;
}

PanelSet shown_panel_set(const std::vector<PanelChoice>& choices, int hidden_layers) {
  // A scene's panels: input, then hidden and activation per layer, and loss when chosen.
  std::vector<scene::Panel> panels(1);
  panels[0].kind = scene::PanelKind::input;
  for (int l = 0; l < hidden_layers; ++l)
    for (const scene::PanelKind kind :
         {scene::PanelKind::neurons, scene::PanelKind::pre_activation, scene::PanelKind::activation}) {
      panels.emplace_back().kind = kind;
      panels.back().layer = l;
    }
  panels.emplace_back().kind = scene::PanelKind::loss;
  panels.emplace_back().kind = scene::PanelKind::stats;
  std::vector<const scene::Panel*> shown;
  for (const scene::Panel& p : panels)
    if (is_chosen(choices, p)) shown.push_back(&p);
  return panel_set(shown);
}

bool shows_neurons(const std::vector<PanelChoice>& choices) {
  return std::any_of(choices.begin(), choices.end(),
                     [](const PanelChoice& c) { return c.kind == scene::PanelKind::neurons; });
}

bool shows_loss(const std::vector<PanelChoice>& choices) {
  return std::any_of(choices.begin(), choices.end(),
                     [](const PanelChoice& c) { return c.kind == scene::PanelKind::loss; });
}

}  // namespace nnviz::render

namespace nnviz::render {

bool shows_stats(const std::vector<PanelChoice>& choices) {
  return std::any_of(choices.begin(), choices.end(),
                     [](const PanelChoice& c) { return c.kind == scene::PanelKind::stats; });
}

}  // namespace nnviz::render
