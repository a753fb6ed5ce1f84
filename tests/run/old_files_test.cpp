// Weights files written before the typed config (format "nnviz-run/1", tests/data/reference/):
// still read, with what they hold.
#include <gtest/gtest.h>

#include "nnviz/run/record.hpp"
#include "nnviz/util/error.hpp"

namespace {
const std::string reference = NNVIZ_SOURCE_DIR "/tests/data/reference/";

TEST(old_files, a_v1_weights_file_reads_with_its_config_and_default_alpha) {
  // nnviz train --epochs 3 --stop-loss 0 --validation-split 0.2 --activation leaky_relu --hidden 3 --samples 20
  const nnviz::run::RunRecord r = nnviz::run::read_record(reference + "weights_v1.json");
  EXPECT_EQ(r.checkpoints.size(), 4U);
  EXPECT_EQ(r.train.size(), 16);
  EXPECT_EQ(r.validation.size(), 4);
  EXPECT_EQ(r.train.name, "blobs");
  const auto& arch = r.config.architecture;
  EXPECT_EQ(arch.hidden, std::vector<int>{3});
  ASSERT_EQ(arch.activations.size(), 1U);
  EXPECT_EQ(arch.activations[0].kind, nnviz::model::ActivationKind::leaky_relu);
  EXPECT_EQ(arch.activations[0].alpha, 0.3);  // v1 files never held alpha: they were trained with the default
  EXPECT_EQ(r.checkpoints[0].network().hidden_activations[0].kind, nnviz::model::ActivationKind::leaky_relu);
  EXPECT_EQ(r.config.dataset.name, "blobs");
  EXPECT_FALSE(r.config.data_file);
  EXPECT_EQ(r.config.validation_split, 0.2);
  EXPECT_EQ(r.config.training.epochs, 3);
  EXPECT_EQ(r.config.training.stop_loss, 0.0);
  EXPECT_EQ(r.config.training.optimizer.lr, 0.1);
  EXPECT_EQ(r.checkpoints[3].metrics.epoch, 3);
  EXPECT_EQ(r.checkpoints[0].metrics.loss, 0.82490819742675);
  EXPECT_TRUE(r.checkpoints[0].metrics.val_loss);
}

TEST(old_files, a_v1_weights_file_of_a_data_file_keeps_per_layer_activations_and_the_file) {
  const nnviz::run::RunRecord r = nnviz::run::read_record(reference + "weights_v1_data.json");
  EXPECT_EQ(r.config.data_file, std::filesystem::path("points.csv"));
  EXPECT_EQ(r.config.architecture.hidden, (std::vector<int>{3, 2}));
  ASSERT_EQ(r.config.architecture.activations.size(), 2U);
  EXPECT_EQ(r.config.architecture.activations[0].kind, nnviz::model::ActivationKind::tanh);
  EXPECT_EQ(r.config.architecture.activations[1].kind, nnviz::model::ActivationKind::relu);
  EXPECT_EQ(r.config.architecture.init, nnviz::model::Init::he_normal);
  EXPECT_EQ(r.config.training.optimizer.kind, nnviz::train::OptimizerKind::sgd);
  EXPECT_EQ(r.config.training.batch_size, 4);
  EXPECT_EQ(r.config.training.l2, 0.001);
  EXPECT_EQ(r.config.seed, 3U);
  EXPECT_EQ(r.checkpoints.size(), 3U);
}

TEST(old_files, a_v1_file_written_again_is_v2_and_reads_back_the_same) {
  const nnviz::run::RunRecord r = nnviz::run::read_record(reference + "weights_v1_data.json");
  const nnviz::util::Json j = nnviz::run::record_to_json(r);
  EXPECT_EQ(j.at("format"), "nnviz-run/2");
  const nnviz::run::RunRecord back = nnviz::run::record_from_json(j, "again");
  EXPECT_TRUE(back.config == r.config);
  ASSERT_EQ(back.checkpoints.size(), r.checkpoints.size());
  for (std::size_t f = 0; f < r.checkpoints.size(); ++f)
    for (std::size_t l = 0; l < r.checkpoints[f].network().layers.size(); ++l)
      EXPECT_EQ(back.checkpoints[f].network().layers[l].W, r.checkpoints[f].network().layers[l].W);
}

TEST(old_files, a_v1_file_with_a_bad_width_is_refused_naming_it) {
  nnviz::util::Json j = nnviz::util::read_json_file(reference + "weights_v1.json");
  j["hidden"][0] = 1e30;
  try {
    nnviz::run::record_from_json(j, "wide.json");
    FAIL();
  } catch (const nnviz::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("wide.json: hidden layer width"), std::string::npos) << e.what();
  }
}

}  // namespace
