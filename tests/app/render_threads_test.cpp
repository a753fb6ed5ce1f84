// Frames drawn by several render threads: the same bytes as one thread draws (raw, GIF with its
// palette sample, PNG frames), in order, progress in order, a signal leaving a whole prefix.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include <unistd.h>

#include "nnviz/app/frame_pipeline.hpp"
#include "nnviz/app/train_run.hpp"
#include "nnviz/util/interrupt.hpp"

namespace fs = std::filesystem;

namespace {

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("nnviz-render-threads-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  static inline int counter_ = 0;
};

std::string bytes_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

nnviz::app::TrainRequest small_run() {
  nnviz::app::TrainRequest r;
  r.architecture.hidden = {3, 2};
  r.architecture.activations = {nnviz::model::Activation::parse("tanh")};
  r.training.epochs = 12;
  r.training.stop_loss = 0.0;
  r.video.render.width = 600;
  r.video.render.height = 200;
  r.video.mesh_resolution = 60;
  return r;
}

// The run's video through `threads` render threads into `dir`/`name`; returns its bytes.
std::string video_bytes(nnviz::app::TrainRequest r, std::size_t threads, const fs::path& dir, const std::string& name) {
  const nnviz::util::InterruptFlag never;
  r.video.output = dir / name;
  r.video.render_threads = threads;
  const nnviz::app::TrainReport report = nnviz::app::run_train(r, never);
  EXPECT_EQ(report.exit_code, 0);
  return bytes_of(dir / name);
}

TEST(render_threads, raw_frames_are_the_same_bytes_whatever_the_thread_count) {
  const TempDir dir;
  // In-between frames and a morph sequence (built once, by whichever thread first draws one of
  // its frames, while the others draw on).
  nnviz::app::TrainRequest r = small_run();
  r.video.tween = 1;
  r.video.encode.fps = 10;
  r.video.morph.enabled = true;
  r.video.morph.at = {nnviz::app::MorphRequest::first, nnviz::app::MorphRequest::last};
  r.video.morph.seconds_per_layer = 0.4;
  const std::string one = video_bytes(r, 1, dir.path(), "one.bgra");
  const std::size_t frame_bytes = 600U * 200U * 4U;
  ASSERT_GT(one.size(), 30 * frame_bytes);  // 25 run frames and two morphs
  ASSERT_EQ(one.size() % frame_bytes, 0U);
  for (const std::size_t threads : {2U, 3U, 5U}) {
    const std::string many = video_bytes(r, threads, dir.path(), "many.bgra");
    ASSERT_EQ(many.size(), one.size()) << threads << " threads";
    // Which frame differs, if any (a frame out of order, or drawn through shared state).
    for (std::size_t at = 0; at < one.size(); at += frame_bytes)
      ASSERT_TRUE(one.compare(at, frame_bytes, many, at, frame_bytes) == 0)
          << "frame " << at / frame_bytes << " differs with " << threads << " threads";
  }
}

TEST(render_threads, a_gif_and_png_frames_are_the_same_whatever_the_thread_count) {
  const TempDir dir;
  nnviz::app::TrainRequest r = small_run();
  r.video.frames_dir = dir.path() / "one";
  const std::string one = video_bytes(r, 1, dir.path(), "one.gif");
  r.video.frames_dir = dir.path() / "three";
  const std::string three = video_bytes(r, 3, dir.path(), "three.gif");
  EXPECT_FALSE(one.empty());
  EXPECT_TRUE(one == three) << "the GIFs differ";
  std::size_t pngs = 0;
  for (const auto& entry : fs::directory_iterator(dir.path() / "one")) {
    ++pngs;
    EXPECT_EQ(bytes_of(entry.path()), bytes_of(dir.path() / "three" / entry.path().filename()))
        << entry.path().filename();
  }
  EXPECT_EQ(pngs, 13U);
}

// The pipeline itself: frames drawn out of order by workers (random delays) arrive in order,
// each callback is used by one thread only, and progress is reported in order.
TEST(render_threads, the_pipeline_writes_frames_in_order_and_reports_them_in_order) {
  const TempDir dir;
  const nnviz::util::InterruptFlag never;
  constexpr std::size_t count = 60;
  nnviz::app::FramePipeline p;
  p.count = count;
  p.output = dir.path() / "frames.bgra";
  p.options.format = nnviz::encode::Format::raw;
  p.options.width = 16;
  p.options.height = 8;
  const auto paint = [](std::size_t i, nnviz::util::Frame& out) {
    out.resize(16, 8);
    for (std::size_t k = 0; k < out.pixels.size(); ++k) out.pixels[k] = static_cast<std::uint8_t>(i * 7 + k);
  };
  p.draw = paint;
  p.render_threads = 4;
  std::atomic<int> made{0};
  std::mutex threads_mutex;
  std::map<int, std::set<std::thread::id>> callers;  // per callback, the threads that called it
  p.make_draw = [&]() -> nnviz::app::DrawFrame {
    const int id = made++;
    auto rng = std::make_shared<std::mt19937>(static_cast<unsigned>(id));
    return [&, id, rng, paint](std::size_t i, nnviz::util::Frame& out) {
      {
        const std::lock_guard<std::mutex> lock(threads_mutex);
        callers[id].insert(std::this_thread::get_id());
      }
      std::this_thread::sleep_for(std::chrono::microseconds((*rng)() % 2000));
      paint(i, out);
    };
  };
  std::vector<std::size_t> progress;
  p.on_frame = [&](std::size_t i) { progress.push_back(i); };
  const nnviz::app::PipelineResult result = nnviz::app::run_frame_pipeline(p, never);
  EXPECT_EQ(made.load(), 4);
  EXPECT_EQ(result.written, static_cast<int>(count));
  EXPECT_FALSE(result.interrupted);
  ASSERT_EQ(progress.size(), count);
  for (std::size_t i = 0; i < count; ++i) EXPECT_EQ(progress[i], i);
  for (const auto& [id, threads] : callers) EXPECT_EQ(threads.size(), 1U) << "callback " << id;
  const std::string bytes = bytes_of(dir.path() / "frames.bgra");
  ASSERT_EQ(bytes.size(), count * 16 * 8 * 4);
  nnviz::util::Frame expected;
  for (std::size_t i = 0; i < count; ++i) {
    paint(i, expected);
    ASSERT_TRUE(bytes.compare(i * expected.pixels.size(), expected.pixels.size(),
                              reinterpret_cast<const char*>(expected.pixels.data()), expected.pixels.size()) == 0)
        << "frame " << i;
  }
}

// A signal while workers draw: the file holds a whole prefix (frames 0..written-1, each once),
// and the result says how many.
TEST(render_threads, a_signal_leaves_a_whole_prefix_of_frames) {
  const TempDir dir;
  nnviz::util::InterruptFlag flag;
  constexpr std::size_t count = 400;
  nnviz::app::FramePipeline p;
  p.count = count;
  p.output = dir.path() / "frames.bgra";
  p.options.format = nnviz::encode::Format::raw;
  p.options.width = 8;
  p.options.height = 2;
  const auto paint = [](std::size_t i, nnviz::util::Frame& out) {
    out.resize(8, 2);
    for (std::size_t k = 0; k + 1 < out.pixels.size(); k += 2) {
      out.pixels[k] = static_cast<std::uint8_t>(i & 0xFF);
      out.pixels[k + 1] = static_cast<std::uint8_t>(i >> 8);
    }
  };
  p.draw = paint;
  p.render_threads = 3;
  p.make_draw = [&]() -> nnviz::app::DrawFrame {
    return [&](std::size_t i, nnviz::util::Frame& out) {
      if (i == 50) flag.raise(SIGINT);
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      paint(i, out);
    };
  };
  const nnviz::app::PipelineResult result = nnviz::app::run_frame_pipeline(p, flag);
  EXPECT_TRUE(result.interrupted);
  EXPECT_GT(result.written, 50);
  EXPECT_LT(result.written, static_cast<int>(count));
  const std::string bytes = bytes_of(dir.path() / "frames.bgra");
  const std::size_t frame_bytes = 8 * 2 * 4;
  ASSERT_EQ(bytes.size(), static_cast<std::size_t>(result.written) * frame_bytes);
  for (std::size_t i = 0; i < static_cast<std::size_t>(result.written); ++i) {
    const auto lo = static_cast<std::uint8_t>(bytes[i * frame_bytes]);
    const auto hi = static_cast<std::uint8_t>(bytes[i * frame_bytes + 1]);
    EXPECT_EQ(lo + 256U * hi, i) << "frame " << i;
  }
}

}  // namespace
