// The modules' usage errors name a field; the CLI shows the flag that sets it, once.
#include "nnviz/cli/messages.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <memory>

#include "cli_test_support.hpp"
#include "nnviz/cli/train_command.hpp"
#include "nnviz/data/dataset.hpp"
#include "nnviz/data/generators.hpp"
#include "nnviz/encode/encoder.hpp"
#include "nnviz/train/optimizer.hpp"
#include "nnviz/train/trainer.hpp"
#include "nnviz/util/numpy_random.hpp"

namespace {

using nnviz::UsageError;

// The train command's flags, as `nnviz train` has them.
struct TrainApp {
  CLI::App app{"nnviz"};
  nnviz::cli::TrainOptions options;
  TrainApp() { nnviz::cli::setup_train_options(app, options); }
};

template <class F>
std::string shown(F f) {
  static const TrainApp train;
  try {
    f();
  } catch (const UsageError& e) {
    return nnviz::cli::with_flag(train.app, e);
  }
  return "no UsageError";
}

TEST(messages, a_field_gets_its_flag_and_a_field_without_one_stands_alone) {
  const TrainApp t;
  EXPECT_EQ(nnviz::cli::with_flag(t.app, UsageError("batch_size", "must be >= 1")), "--batch-size: must be >= 1");
  EXPECT_EQ(nnviz::cli::with_flag(t.app, UsageError("threads", "must be >= 0")), "must be >= 0");
  EXPECT_EQ(nnviz::cli::with_flag(t.app, UsageError("plain message")), "plain message");
  CLI::App bare{"bare"};  // a command without the flag: no prefix naming a flag it lacks
  EXPECT_EQ(nnviz::cli::with_flag(bare, UsageError("lr", "too small")), "too small");
}

// The assertions the module tests made on the modules' own messages, now on what a user sees.
TEST(messages, module_errors_are_shown_with_the_flag) {
  using nnviz::train::OptimizerKind;
  nnviz::train::OptimizerConfig adam;
  adam.lr = 0.0;
  EXPECT_NE(shown([&] { (void)nnviz::train::Optimizer::make(adam); }).find("--lr"), std::string::npos);
  EXPECT_NE(shown([] { (void)nnviz::train::parse_optimizer("adamw"); }).find("--optimizer"), std::string::npos);
  nnviz::train::TrainConfig c;
  c.batch_size = 0;
  EXPECT_NE(shown([&] { nnviz::train::validate(c); }).find("--batch-size"), std::string::npos);
  c = {};
  c.epochs = -1;
  EXPECT_NE(shown([&] { nnviz::train::validate(c); }).find("--epochs"), std::string::npos);
  c = {};
  c.stop_loss = -0.5;
  EXPECT_NE(shown([&] { nnviz::train::validate(c); }).find("--stop-loss"), std::string::npos);

  nnviz::util::NumpyRandom rng(1);
  EXPECT_NE(shown([&] { nnviz::data::make_dataset({"swirl", {}, {}}, rng); }).find("--dataset: unknown dataset 'swirl'"),
            std::string::npos);
  EXPECT_NE(shown([&] { nnviz::data::make_dataset({"moons", 3, {}}, rng); }).find("--samples"), std::string::npos);
  EXPECT_NE(shown([&] { nnviz::data::make_dataset({"blobs", {}, -0.1}, rng); }).find("--noise"), std::string::npos);
  const nnviz::data::Dataset blobs = nnviz::data::make_dataset({}, rng);
  EXPECT_NE(shown([&] { nnviz::data::split_stratified(blobs, 1.5, rng); }).find("--validation-split"), std::string::npos);
}

TEST(messages, a_refused_overwrite_names_the_flag_that_turned_it_off) {
  const auto dir = nnviz::cli_test::scratch("overwrite-message");
  const auto path = dir / "exists.gif";
  std::ofstream(path) << "precious";
  nnviz::encode::EncodeOptions o;
  o.width = 160;
  o.height = 120;
  o.overwrite = false;
  const std::string m = shown([&] { (void)nnviz::encode::Encoder::open(path, o); });
  EXPECT_EQ(m.rfind("--no-overwrite: ", 0), 0u) << m;
  EXPECT_NE(m.find("exists"), std::string::npos) << m;
}

TEST(messages, a_module_error_after_parsing_reaches_the_user_with_the_flag_once) {
  // 0.05 of 10 points leaves a class without validation rows: refused by data, not by CLI11.
  const nnviz::cli_test::Outcome o =
      nnviz::cli_test::run({"train", "--no-video", "--samples", "10", "--validation-split", "0.05"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("nnviz: error: --validation-split: "), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find("--validation-split", o.err.find("--validation-split") + 1), std::string::npos) << o.err;
}

TEST(messages, names_are_accepted_in_any_case_and_stored_canonical) {
  const nnviz::cli_test::Outcome bad = nnviz::cli_test::run({"train", "--style", "Pointz"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--style: unknown style 'Pointz' (valid: surface, points)"), std::string::npos) << bad.err;

  CLI::App app{"nnviz"};
  nnviz::cli::TrainOptions options;
  nnviz::cli::setup_train_options(app, options);
  app.parse(std::vector<std::string>{"MP4", "--format", "Points", "--style", "Adam", "--optimizer", "TANH,Silu",
                                     "--activation", "Okabe-Ito", "--palette", "Moons", "--dataset"});
  EXPECT_EQ(options.video.style, "points");
  EXPECT_EQ(*options.video.format, "mp4");
  EXPECT_EQ(options.optimizer, "adam");
  EXPECT_EQ(options.activation, "tanh,swish");
  EXPECT_EQ(options.video.palette, "okabe-ito");
  EXPECT_EQ(options.dataset, "moons");
}

}  // namespace
