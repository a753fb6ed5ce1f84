#include "nnviz/render/panels.hpp"

#include <gtest/gtest.h>

#include "nnviz/util/error.hpp"

namespace nnviz::render {
namespace {

using scene::PanelKind;

TEST(panels, names_give_kinds_and_zero_based_layers) {
  const std::vector<PanelChoice> c = parse_panels({"input", "hidden1", "activation3", "loss"});
  const std::vector<PanelChoice> want{{PanelKind::input},
                                      {PanelKind::pre_activation, 0},
                                      {PanelKind::activation, 2},
                                      {PanelKind::loss}};
  EXPECT_EQ(c, want);
  EXPECT_EQ(panel_name(c[2]), "activation3");
}

TEST(panels, bare_hidden_and_activation_mean_the_first_layer_and_duplicates_go) {
  const std::vector<PanelChoice> c = parse_panels({"hidden", "activation", "hidden1"});
  const std::vector<PanelChoice> want{{PanelKind::pre_activation, 0}, {PanelKind::activation, 0}};
  EXPECT_EQ(c, want);
}

TEST(panels, all_is_every_layer_panel_and_loss) {
  const std::vector<PanelChoice> c = parse_panels({"all"});
  EXPECT_TRUE(shows_loss(c));
  scene::Panel p;
  for (PanelKind k : {PanelKind::input, PanelKind::pre_activation, PanelKind::activation}) {
    p.kind = k;
    p.layer = k == PanelKind::input ? -1 : 4;
    EXPECT_TRUE(is_chosen(c, p));
  }
  EXPECT_TRUE(is_chosen(c, scene::make_curve_panel({}, 10, 1.0)));
}

TEST(panels, the_default_is_every_layer_panel_without_loss) {
  scene::Panel p;
  p.kind = PanelKind::activation;
  p.layer = 2;
  EXPECT_TRUE(is_chosen({}, p));
  EXPECT_FALSE(shows_loss({}));
  EXPECT_FALSE(is_chosen({}, scene::make_curve_panel({}, 10, 1.0)));  // the scene's loss panel
  EXPECT_FALSE(is_chosen(parse_panels({"activation2"}), p));
  EXPECT_TRUE(is_chosen(parse_panels({"activation3"}), p));
}

TEST(panels, unknown_names_list_the_valid_ones) {
  for (const char* bad : {"inputs", "hidden0", "activation-1", "layer2", "hidden2x", "", "Loss"}) {
    try {
      parse_panels({bad});
      ADD_FAILURE() << bad;
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("hiddenN"), std::string::npos) << e.what();
    }
  }
}

TEST(panels, layers_the_network_lacks_are_usage_errors_naming_the_option) {
  const std::vector<PanelChoice> c = parse_panels({"input", "activation3"});
  EXPECT_NO_THROW(check_panels(c, 3, "--panels"));
  EXPECT_NO_THROW(check_panels(parse_panels({"all"}), 1, "--panels"));
  try {
    check_panels(c, 2, "--panels");
    ADD_FAILURE();
  } catch (const UsageError& e) {
    const std::string m = e.what();
    EXPECT_EQ(m.rfind("--panels: ", 0), 0u) << m;
    EXPECT_NE(m.find("activation3"), std::string::npos) << m;
    EXPECT_NE(m.find("2 hidden layers"), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace nnviz::render

namespace nnviz::render {
namespace {

TEST(panels, neurons_names_every_layers_block_or_one) {
  const auto all = parse_panels({"neurons"});
  ASSERT_EQ(all.size(), 1U);
  EXPECT_EQ(all[0].kind, scene::PanelKind::neurons);
  EXPECT_EQ(all[0].layer, PanelChoice::any_layer);
  EXPECT_EQ(panel_name(all[0]), "neurons");
  const auto second = parse_panels({"neurons2"});
  EXPECT_EQ(second[0].layer, 1);
  EXPECT_EQ(panel_name(second[0]), "neurons2");
  EXPECT_TRUE(shows_neurons(second));
  EXPECT_FALSE(shows_neurons(parse_panels({"all"})));  // all: the layer panels and loss
  scene::Panel p;
  p.kind = scene::PanelKind::neurons;
  p.layer = 0;
  EXPECT_FALSE(is_chosen({}, p));  // not in the notebook's figure
  EXPECT_TRUE(is_chosen(all, p));
  EXPECT_FALSE(is_chosen(second, p));
  EXPECT_THROW(check_panels(second, 1, "--panels"), UsageError);
  EXPECT_THROW(parse_panels({"neurons0"}), UsageError);
}

}  // namespace
}  // namespace nnviz::render
