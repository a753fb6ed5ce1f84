// RunConfig's one JSON form: every field survives the trip, field by field.
#include "nnviz/run/run_config.hpp"

#include <gtest/gtest.h>

#include "nnviz/train/optimizer.hpp"
#include "nnviz/util/error.hpp"

namespace {
using nnviz::run::RunConfig;
using nnviz::util::Json;

// Every field away from its default.
RunConfig unusual() {
  RunConfig c;
  c.dataset.name = "moons";
  c.dataset.samples = 77;
  c.dataset.noise = 0.25;
  c.data_file = "some dir/points.csv";
  c.seed = 4'000'000'000U;
  c.validation_split = 0.3;
  c.architecture.inputs = 2;
  c.architecture.hidden = {8, 5};
  nnviz::model::Activation leaky = nnviz::model::Activation::parse("leaky_relu");
  leaky.alpha = 0.1;
  c.architecture.activations = {leaky, nnviz::model::Activation::parse("selu")};
  c.architecture.init = nnviz::model::Init::lecun_normal;
  c.training.optimizer.kind = nnviz::train::OptimizerKind::sgd;
  c.training.optimizer.lr = 0.0123;
  c.training.optimizer.momentum = 0.9;
  c.training.optimizer.nesterov = true;
  c.training.optimizer.amsgrad = true;
  c.training.batch_size = 7;
  c.training.epochs = 33;
  c.training.stop_loss = 0.0;
  c.training.l2 = 1e-4;
  return c;
}

TEST(run_config, json_and_back_is_the_identity_for_every_field) {
  const RunConfig a = unusual();
  const RunConfig b = Json::parse(Json(a).dump()).get<RunConfig>();
  EXPECT_EQ(b.dataset.name, "moons");
  EXPECT_EQ(b.dataset.samples, 77);
  EXPECT_EQ(b.dataset.noise, 0.25);
  EXPECT_EQ(b.data_file, std::filesystem::path("some dir/points.csv"));
  EXPECT_EQ(b.seed, 4'000'000'000U);
  EXPECT_EQ(b.validation_split, 0.3);
  EXPECT_EQ(b.architecture.inputs, 2);
  EXPECT_EQ(b.architecture.hidden, (std::vector<int>{8, 5}));
  ASSERT_EQ(b.architecture.activations.size(), 2U);
  EXPECT_EQ(b.architecture.activations[0].kind, nnviz::model::ActivationKind::leaky_relu);
  EXPECT_EQ(b.architecture.activations[0].alpha, 0.1);
  EXPECT_EQ(b.architecture.activations[1].kind, nnviz::model::ActivationKind::selu);
  EXPECT_EQ(b.architecture.init, nnviz::model::Init::lecun_normal);
  EXPECT_EQ(b.training.optimizer.kind, nnviz::train::OptimizerKind::sgd);
  EXPECT_EQ(b.training.optimizer.lr, 0.0123);
  EXPECT_EQ(b.training.optimizer.momentum, 0.9);
  EXPECT_TRUE(b.training.optimizer.nesterov);
  EXPECT_TRUE(b.training.optimizer.amsgrad);
  EXPECT_EQ(b.training.batch_size, 7);
  EXPECT_EQ(b.training.epochs, 33);
  EXPECT_EQ(b.training.stop_loss, 0.0);
  EXPECT_EQ(b.training.l2, 1e-4);
  EXPECT_TRUE(a == b);
}

TEST(run_config, unset_samples_and_noise_stay_unset) {
  RunConfig a;
  a.architecture.activations = {nnviz::model::Activation::parse("tanh")};
  const Json j = a;
  EXPECT_TRUE(j.at("dataset").at("samples").is_null());
  const RunConfig b = j.get<RunConfig>();
  EXPECT_FALSE(b.dataset.samples);
  EXPECT_FALSE(b.dataset.noise);
  EXPECT_FALSE(b.data_file);
}

TEST(run_config, equality_sees_a_changed_field) {
  RunConfig b = unusual();
  b.architecture.activations[0].alpha = 0.2;
  EXPECT_FALSE(unusual() == b);
}

TEST(run_config, an_unknown_name_is_refused) {
  Json j = unusual();
  j["architecture"]["activations"][1]["name"] = "nope";
  EXPECT_THROW(j.get<RunConfig>(), nnviz::UsageError);
  j = unusual();
  j["training"]["optimizer"]["kind"] = "nope";
  EXPECT_THROW(j.get<RunConfig>(), nnviz::UsageError);
}

TEST(run_config, the_flat_options_of_old_files_are_recovered) {
  const RunConfig c = nnviz::run::config_from_flat(Json::parse(
      R"({"dataset":"pts.csv","seed":3,"hidden":"3-2","activation":"tanh,relu","init":"he_normal","optimizer":"sgd",)"
      R"("lr":0.05,"batch_size":4,"epochs":2,"stop_loss":0,"l2":0.001,"validation_split":0.25})"));
  EXPECT_EQ(c.data_file, std::filesystem::path("pts.csv"));
  EXPECT_EQ(c.seed, 3U);
  EXPECT_EQ(c.architecture.hidden, (std::vector<int>{3, 2}));
  ASSERT_EQ(c.architecture.activations.size(), 2U);
  EXPECT_EQ(c.architecture.activations[1].kind, nnviz::model::ActivationKind::relu);
  EXPECT_EQ(c.architecture.init, nnviz::model::Init::he_normal);
  EXPECT_EQ(c.training.optimizer.kind, nnviz::train::OptimizerKind::sgd);
  EXPECT_EQ(c.training.batch_size, 4);
  EXPECT_EQ(c.training.l2, 0.001);
  EXPECT_EQ(c.validation_split, 0.25);
  // A summary row's form: one activation for every layer, a built-in dataset.
  const RunConfig s = nnviz::run::config_from_flat(Json::parse(R"({"dataset":"moons","hidden":"8,8","activation":"relu"})"));
  EXPECT_EQ(s.dataset.name, "moons");
  EXPECT_FALSE(s.data_file);
  EXPECT_EQ(s.architecture.activations.size(), 2U);
}

TEST(run_config, settings_for_people_use_the_groups_names_and_leave_out_the_unset) {
  RunConfig c = unusual();
  c.data_file.reset();
  c.dataset.noise.reset();
  const auto settings = nnviz::run::config_settings(c);
  const auto has = [&](const std::string& k, const std::string& v) {
    for (const auto& [key, value] : settings)
      if (key == k) return value == v;
    return false;
  };
  EXPECT_TRUE(has("dataset", "moons"));
  EXPECT_TRUE(has("optimizer", "sgd"));
  EXPECT_TRUE(has("lr", "0.0123"));
  EXPECT_TRUE(has("stop_loss", "0"));
  EXPECT_TRUE(has("hidden", "8,5"));
  EXPECT_TRUE(has("activations", "leaky_relu (alpha 0.1),selu"));
  for (const auto& [key, value] : settings) EXPECT_NE(key, "noise");
}

}  // namespace
