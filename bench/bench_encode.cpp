// Per-frame cost of each encoder on real frames (1800x600 surface style): each iteration opens
// an encoder, writes `frames` frames and finishes (flush + trailer), so codec start-up and
// lookahead are included and spread over the frames. Reported per frame.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "fixture.hpp"
#include "nnviz/encode/encoder.hpp"
#include "nnviz/render/renderer.hpp"

namespace nnviz::bench {
namespace {

constexpr int frames = 20;

const std::vector<util::Frame>& rendered_frames() {
  static const std::vector<util::Frame> out = [] {
    const Run& run = notebook_run();
    render::Renderer renderer({});
    std::vector<util::Frame> f(frames);
    for (int i = 0; i < frames; ++i) {
      const FrameInput in = frame_input(run, static_cast<std::size_t>(i));
      renderer.render(in.scene, in.view, f[static_cast<std::size_t>(i)]);
    }
    return f;
  }();
  return out;
}

void encode_frames(benchmark::State& state, encode::Format format, const std::string& ext,
                   const std::string& preset) {
  const std::vector<util::Frame>& input = rendered_frames();
  const std::filesystem::path out = std::filesystem::temp_directory_path() /
                                    ("nnviz_bench_" + std::to_string(getpid()) + "." + ext);
  encode::EncodeOptions options;
  options.format = format;
  options.preset = preset;
  double seconds = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    auto encoder = encode::Encoder::open(out, options);
    for (const util::Frame& f : input) encoder->write(f);
    encoder->finish();
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  std::filesystem::remove(out);
  // Wall time: libav's codec threads do most of the work (Counter rates use the CPU time of
  // this thread only).
  state.counters["per_frame_ms"] = 1e3 * seconds / (static_cast<double>(state.iterations()) * frames);
}

void BM_encode_mp4_medium(benchmark::State& s) { encode_frames(s, encode::Format::mp4, "mp4", "medium"); }
void BM_encode_mp4_veryfast(benchmark::State& s) { encode_frames(s, encode::Format::mp4, "mp4", "veryfast"); }
void BM_encode_webm(benchmark::State& s) { encode_frames(s, encode::Format::webm, "webm", ""); }
void BM_encode_gif(benchmark::State& s) { encode_frames(s, encode::Format::gif, "gif", ""); }
BENCHMARK(BM_encode_mp4_medium)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_encode_mp4_veryfast)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_encode_webm)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_encode_gif)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace nnviz::bench
