// `nnviz train` options: parsing argument vectors into a TrainRequest.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

#include "nnviz/cli/train_command.hpp"
#include "nnviz/encode/encoder.hpp"
#include "nnviz/util/error.hpp"

namespace {

using nnviz::cli::TrainOptions;

// Parses `args` (without the program name) as `nnviz train` would.
TrainOptions parse(const std::string& args) {
  CLI::App app{"test"};
  TrainOptions options;
  nnviz::cli::setup_train_options(app, options);
  app.parse(args, false);
  return options;
}

TEST(train_options, defaults_are_the_notebooks) {
  const nnviz::app::TrainRequest r = nnviz::cli::to_request(parse(""));
  ASSERT_EQ(r.architecture.hidden, std::vector<int>{2});
  ASSERT_EQ(r.architecture.activations.size(), 1U);
  EXPECT_EQ(r.architecture.activations[0].name(), "tanh");
  EXPECT_EQ(r.training.optimizer.kind, nnviz::train::OptimizerKind::adam);
  EXPECT_DOUBLE_EQ(r.training.optimizer.lr, 0.1);
  EXPECT_EQ(r.training.epochs, 200);
  EXPECT_DOUBLE_EQ(r.training.stop_loss, 0.263);
  EXPECT_EQ(r.training.batch_size, 32);
  EXPECT_EQ(r.seed, 12345U);
  EXPECT_EQ(r.dataset.name, "blobs");
  EXPECT_EQ(r.video.render.width, 1800);
  EXPECT_EQ(r.video.render.height, 600);
  EXPECT_EQ(r.video.encode.fps, 5);
  EXPECT_EQ(r.video.output, "nnviz.mp4");
  EXPECT_FALSE(r.video.no_video);
}

TEST(train_options, learning_rate_is_an_alias_of_lr) {
  EXPECT_DOUBLE_EQ(nnviz::cli::to_request(parse("--learning-rate 0.01")).training.optimizer.lr, 0.01);
  EXPECT_DOUBLE_EQ(nnviz::cli::to_request(parse("--lr 0.5")).training.optimizer.lr, 0.5);
}

TEST(train_options, one_activation_applies_to_every_hidden_layer) {
  const auto r = nnviz::cli::to_request(parse("--hidden 8,8,4 --activation relu"));
  ASSERT_EQ(r.architecture.hidden, (std::vector<int>{8, 8, 4}));
  ASSERT_EQ(r.architecture.activations.size(), 3U);
  for (const auto& a : r.architecture.activations) EXPECT_EQ(a.name(), "relu");
}

TEST(train_options, activations_can_be_given_per_layer) {
  const auto r = nnviz::cli::to_request(parse("--hidden 8,4 --activation tanh,relu"));
  ASSERT_EQ(r.architecture.activations.size(), 2U);
  EXPECT_EQ(r.architecture.activations[0].name(), "tanh");
  EXPECT_EQ(r.architecture.activations[1].name(), "relu");
}

TEST(train_options, activation_count_must_match_hidden_layers) {
  EXPECT_THROW(nnviz::cli::to_request(parse("--hidden 8,8,4 --activation tanh,relu")), nnviz::UsageError);
}

TEST(train_options, size_is_parsed_as_width_x_height) {
  const auto r = nnviz::cli::to_request(parse("--size 640x360"));
  EXPECT_EQ(r.video.render.width, 640);
  EXPECT_EQ(r.video.render.height, 360);
}

TEST(train_options, bad_values_are_refused_while_parsing) {
  for (const char* bad : {"--lr -1", "--lr 0", "--lr nan", "--lr inf", "--lr abc", "--epochs -1", "--fps 0",
                          "--fps 1000", "--size 10x10", "--size 1800", "--size 100000x100000", "--batch-size 0",
                          "--activation foo", "--activation tanh,,relu", "--hidden 0", "--hidden 2,x",
                          "--dataset nope", "--optimizer nope", "--style nope", "--axes nope", "--stop-loss -1",
                          "--panels nope", "--panels input,hidden0",
                          "--samples 2", "--noise nan", "--validation-split 1.5", "--format xyz",
                          "--data /nonexistent/points.csv", "--unknown-option",
                          "--gif-palette local", "--gif-palette global,frame", "--legend maybe", "--legend"}) {
    EXPECT_THROW(parse(bad), CLI::ParseError) << bad;
  }
  // A missing --frames folder is created by the run; one it cannot create is refused before
  // training (tests/cli/commit_test.cpp), not while parsing.
}

TEST(train_options, the_legend_is_on_unless_turned_off_in_any_case) {
  EXPECT_TRUE(nnviz::cli::to_request(parse("")).video.render.legend);
  EXPECT_TRUE(nnviz::cli::to_request(parse("--legend on")).video.render.legend);
  EXPECT_FALSE(nnviz::cli::to_request(parse("--legend off")).video.render.legend);
  EXPECT_FALSE(nnviz::cli::to_request(parse("--legend OFF")).video.render.legend);
}

TEST(train_options, data_file_and_dataset_exclude_each_other) {
  EXPECT_THROW(parse("--dataset xor --data " NNVIZ_SOURCE_DIR "/data/blobs_seed12345.csv"), CLI::ParseError);
}

TEST(train_options, panels_are_parsed_and_checked_against_the_architecture) {
  using nnviz::scene::PanelKind;
  EXPECT_TRUE(nnviz::cli::to_request(parse("")).video.render.panels.empty());  // every layer panel
  const auto r = nnviz::cli::to_request(parse("--hidden 8,8,4 --panels input,activation3,loss"));
  const std::vector<nnviz::render::PanelChoice> want{{PanelKind::input}, {PanelKind::activation, 2}, {PanelKind::loss}};
  EXPECT_EQ(r.video.render.panels, want);
  EXPECT_THROW(nnviz::cli::to_request(parse("--hidden 8,8 --panels activation3")), nnviz::UsageError);
}

TEST(train_options, gif_palette_is_global_unless_asked_and_reaches_the_encoder) {
  EXPECT_EQ(nnviz::cli::to_request(parse("-o a.gif")).video.encode.gif_palette, nnviz::encode::GifPaletteMode::global);
  EXPECT_EQ(nnviz::cli::to_request(parse("-o a.gif --gif-palette frame")).video.encode.gif_palette,
            nnviz::encode::GifPaletteMode::frame);
  EXPECT_EQ(nnviz::cli::to_request(parse("-o a.gif --gif-palette global")).video.encode.gif_palette,
            nnviz::encode::GifPaletteMode::global);
  // --format gif makes a GIF whatever the name.
  EXPECT_EQ(nnviz::cli::to_request(parse("-o a.bin --format gif --gif-palette frame")).video.encode.gif_palette,
            nnviz::encode::GifPaletteMode::frame);
}

TEST(train_options, gif_palette_without_a_gif_is_a_conflict) {
  for (const char* args : {"-o a.mp4 --gif-palette frame", "-o a.webm --gif-palette global", "-o a.html --gif-palette frame",
                           "-o a.gif --format mp4 --gif-palette frame", "-o a.gif --no-video --gif-palette frame"}) {
    EXPECT_THROW(nnviz::cli::to_request(parse(args)), nnviz::UsageError) << args;
  }
}

TEST(train_options, no_video_with_format_is_a_conflict) {
  EXPECT_THROW(nnviz::cli::to_request(parse("--no-video --format gif")), nnviz::UsageError);
}

}  // namespace
