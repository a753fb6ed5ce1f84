// Per-frame cost of each encoder on real frames (1800x600 surface style): each iteration opens
// an encoder, writes `frames` frames and finishes (flush + trailer), so codec start-up and
// lookahead are included and spread over the frames. Reported per frame: wall ms and output kB.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
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

// `sample`: hand the encoder every 5th frame as its palette sample first (as the app does with
// ~5 frames spread over a run), inside the timing.
void encode_frames(benchmark::State& state, encode::Format format, const std::string& ext,
                   const std::string& preset, encode::GifPaletteMode gif_palette = encode::GifPaletteMode::global,
                   bool sample = false) {
  const std::vector<util::Frame>& input = rendered_frames();
  const std::filesystem::path out = std::filesystem::temp_directory_path() /
                                    ("nnviz_bench_" + std::to_string(getpid()) + "." + ext);
  encode::EncodeOptions options;
  options.format = format;
  options.preset = preset;
  options.gif_palette = gif_palette;
  std::vector<const util::Frame*> sampled;
  for (std::size_t i = 0; i < input.size(); i += 5) sampled.push_back(&input[i]);
  double seconds = 0;
  std::uintmax_t bytes = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    auto encoder = encode::Encoder::open(out, options);
    if (sample) encoder->set_palette_sample(sampled);
    for (const util::Frame& f : input) encoder->write(f);
    encoder->finish();
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    bytes = std::filesystem::file_size(out);
  }
  std::filesystem::remove(out);
  state.counters["kB_per_frame"] = static_cast<double>(bytes) / 1e3 / frames;
  // Wall time: libav's codec threads do most of the work (Counter rates use the CPU time of
  // this thread only).
  state.counters["per_frame_ms"] = 1e3 * seconds / (static_cast<double>(state.iterations()) * frames);
}

void BM_encode_mp4_medium(benchmark::State& s) { encode_frames(s, encode::Format::mp4, "mp4", "medium"); }
void BM_encode_mp4_veryfast(benchmark::State& s) { encode_frames(s, encode::Format::mp4, "mp4", "veryfast"); }
void BM_encode_webm(benchmark::State& s) { encode_frames(s, encode::Format::webm, "webm", ""); }
// GIF: one palette from a 4-frame sample (the default), from the first frame (no sample), and a
// palette per frame.
void BM_encode_gif_global(benchmark::State& s) {
  encode_frames(s, encode::Format::gif, "gif", "", encode::GifPaletteMode::global, true);
}
void BM_encode_gif_global_first_frame(benchmark::State& s) {
  encode_frames(s, encode::Format::gif, "gif", "", encode::GifPaletteMode::global, false);
}
void BM_encode_gif_frame(benchmark::State& s) {
  encode_frames(s, encode::Format::gif, "gif", "", encode::GifPaletteMode::frame);
}
BENCHMARK(BM_encode_mp4_medium)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_encode_mp4_veryfast)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_encode_webm)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_encode_gif_global)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_encode_gif_global_first_frame)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_encode_gif_frame)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace nnviz::bench
