// Motion options from the command line: frame schedules (--every, --steps, --schedule,
// --max-frames), in-between frames (--tween and its fps rule), the morph's options, the stop
// rules (--stop-loss's default by dataset, --stop-patience); and what a run writes with them.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <sstream>

#include "cli_test_support.hpp"
#include "nnviz/cli/train_command.hpp"
#include "nnviz/util/error.hpp"

namespace {

using nnviz::cli::TrainOptions;
using nnviz::cli_test::run;

nnviz::app::TrainRequest request(const std::string& args) {
  CLI::App app{"test"};
  TrainOptions options;
  nnviz::cli::setup_train_options(app, options);
  app.parse(args, false);
  return nnviz::cli::to_request(options);
}

TEST(motion_options, the_notebooks_stop_rule_is_the_default_for_its_data_only) {
  EXPECT_DOUBLE_EQ(request("").training.stop_loss, 0.263);
  EXPECT_DOUBLE_EQ(request("--dataset blobs").training.stop_loss, 0.263);
  for (const char* other : {"--dataset moons", "--dataset xor", "--dataset circles",
                            "--data " NNVIZ_SOURCE_DIR "/data/blobs_seed12345.csv"})
    EXPECT_DOUBLE_EQ(request(other).training.stop_loss, 0.0) << other;
  EXPECT_DOUBLE_EQ(request("--dataset moons --stop-loss 0.3").training.stop_loss, 0.3);
  EXPECT_DOUBLE_EQ(request("--stop-loss 0").training.stop_loss, 0.0);
  EXPECT_EQ(request("").training.stop_patience, 0);
  EXPECT_EQ(request("--stop-patience 20").training.stop_patience, 20);
  EXPECT_THROW(request("--stop-patience -1"), CLI::ParseError);
}

TEST(motion_options, schedules) {
  const auto plain = request("");
  EXPECT_EQ(plain.training.frames, nnviz::train::FrameSchedule{});
  const auto every = request("--every 50 --steps");
  EXPECT_EQ(every.training.frames.every, 50);
  EXPECT_TRUE(every.training.frames.steps);
  const auto log = request("--schedule LOG --max-frames 30");
  EXPECT_EQ(log.training.frames.spacing, nnviz::train::FrameSpacing::log);
  EXPECT_EQ(log.training.frames.max_frames, 30);
  for (const char* bad : {"--every 5 --schedule log", "--every 5 --max-frames 10", "--max-frames 1"})
    EXPECT_THROW(request(bad), nnviz::UsageError) << bad;
  for (const char* bad : {"--every 0", "--schedule cubic", "--max-frames -3"})
    EXPECT_THROW(request(bad), CLI::ParseError) << bad;
}

TEST(motion_options, tween_sets_the_pace_of_five_snapshots_a_second) {
  EXPECT_EQ(request("").video.encode.fps, 5);
  EXPECT_EQ(request("--tween 4").video.encode.fps, 25);
  EXPECT_EQ(request("--tween 4").video.tween, 4);
  EXPECT_EQ(request("--tween 1").video.encode.fps, 10);
  EXPECT_EQ(request("--tween 4 --fps 12").video.encode.fps, 12);  // --fps wins
  EXPECT_THROW(request("--tween 30"), nnviz::UsageError);          // 155 fps
  EXPECT_EQ(request("--tween 30 --fps 60").video.encode.fps, 60);
}

TEST(motion_options, morph_options) {
  const auto plain = request("");
  EXPECT_FALSE(plain.video.morph.enabled);
  const auto morph = request("--morph");
  EXPECT_TRUE(morph.video.morph.enabled);
  EXPECT_EQ(morph.video.morph.at, std::vector<int>{nnviz::app::MorphRequest::last});
  EXPECT_DOUBLE_EQ(morph.video.morph.seconds_per_layer, 3.0);
  const auto at = request("--morph --morph-at First,40,last,40 --morph-seconds 1.5");
  EXPECT_EQ(at.video.morph.at, (std::vector<int>{nnviz::app::MorphRequest::first, 40, nnviz::app::MorphRequest::last}));
  EXPECT_DOUBLE_EQ(at.video.morph.seconds_per_layer, 1.5);
  for (const char* bad : {"--morph-at last", "--morph-seconds 2", "--morph --morph-at middle", "--morph --morph-at -3",
                          "--morph --no-video"})
    EXPECT_THROW(request(bad), nnviz::UsageError) << bad;
  EXPECT_THROW(request("--morph --morph-seconds 0"), CLI::ParseError);
}

// An epoch no run of the request can have a frame of is refused before training: nothing is
// written (the output's folder stays empty) and the message names the epoch.
TEST(motion_runs, a_morph_epoch_without_a_frame_is_refused_before_training) {
  const auto dir = nnviz::cli_test::scratch("morph-at-early");
  const std::string out = (dir / "m.mp4").string(), metrics = (dir / "m.csv").string();
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Case> refused = {
      {{"--epochs", "5", "--stop-loss", "0", "--morph-at", "9"}, "epoch 9 is past the run's last epoch (--epochs 5)"},
      {{"--epochs", "10", "--every", "4", "--stop-loss", "0", "--morph-at", "6"}, "epoch 6 has no frame"},
  };
  for (const Case& c : refused) {
    std::vector<std::string> args = {"train", "-q", "--morph", "--size", "360x120", "-o", out, "--metrics", metrics};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const auto r = run(args);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    EXPECT_TRUE(std::filesystem::is_empty(dir)) << "a refused run wrote something";
  }
  // With a stop rule the run may stop at any epoch: an epoch off the schedule is then checked
  // after training (the last frame is where it stopped), and epochs on it are taken.
  const auto on = run({"train", "-q", "--morph", "--size", "360x120", "--morph-seconds", "0.2", "--epochs", "8", "--every",
                       "4", "--stop-loss", "0", "--morph-at", "4", "-o", out});
  EXPECT_EQ(on.code, 0) << on.err;
  std::filesystem::remove_all(dir);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(motion_runs, metrics_have_a_row_per_frame_with_epoch_and_step) {
  const auto dir = nnviz::cli_test::scratch("motion-metrics");
  const auto every = run({"train", "--no-video", "--epochs", "10", "--every", "4", "-q", "--metrics", (dir / "e.csv").string()});
  ASSERT_EQ(every.code, 0) << every.err;
  const auto e = lines(nnviz::cli_test::read(dir / "e.csv"));
  ASSERT_EQ(e.size(), 5U);  // header, epochs 0, 4, 8, 10 (blobs stop at 0.263 comes later)
  EXPECT_EQ(e[0].rfind("epoch,step,loss,accuracy", 0), 0U) << e[0];
  EXPECT_EQ(e[1].rfind("0,0,", 0), 0U);
  EXPECT_EQ(e[2].rfind("4,52,", 0), 0U) << e[2];
  EXPECT_EQ(e[3].rfind("8,104,", 0), 0U) << e[3];
  EXPECT_EQ(e[4].rfind("10,130,", 0), 0U) << e[4];
  const auto steps = run({"train", "--no-video", "--epochs", "2", "--steps", "--every", "10", "-q", "--metrics",
                          (dir / "s.csv").string()});
  ASSERT_EQ(steps.code, 0) << steps.err;
  const auto s = lines(nnviz::cli_test::read(dir / "s.csv"));
  ASSERT_EQ(s.size(), 5U);  // steps 0, 10, 20, 26 (2 epochs of 13)
  EXPECT_EQ(s[2].rfind("1,10,", 0), 0U) << s[2];
  EXPECT_EQ(s[3].rfind("2,20,", 0), 0U) << s[3];
  EXPECT_EQ(s[4].rfind("2,26,", 0), 0U) << s[4];
  std::filesystem::remove_all(dir);
}

TEST(motion_runs, other_data_train_all_their_epochs_unless_asked) {
  const auto dir = nnviz::cli_test::scratch("motion-stop");
  const auto moons = run({"train", "--no-video", "--dataset", "moons", "--epochs", "60", "-q", "--json"});
  ASSERT_EQ(moons.code, 0) << moons.err;
  EXPECT_NE(moons.out.find("\"stop_reason\": \"epochs\""), std::string::npos) << moons.out;
  const auto patience = run({"train", "--no-video", "--stop-loss", "0", "--epochs", "2000", "--stop-patience", "5", "-q",
                             "--json"});
  ASSERT_EQ(patience.code, 0) << patience.err;
  EXPECT_NE(patience.out.find("\"stop_reason\": \"stop_patience\""), std::string::npos) << patience.out;
  std::filesystem::remove_all(dir);
}

TEST(motion_runs, a_tweened_video_has_its_frames_at_its_fps) {
  const auto dir = nnviz::cli_test::scratch("motion-tween");
  const auto out = dir / "t.mp4";
  const auto r = run({"train", "--epochs", "6", "--stop-loss", "0", "--tween", "3", "--size", "360x120", "-q", "-o",
                      out.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nnviz::cli_test::probe(out), "h264,360,120,yuv420p,25");  // 7 snapshots: 6 x 4 + 1
  std::filesystem::remove_all(dir);
}

}  // namespace
