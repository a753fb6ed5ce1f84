#include "nnviz/app/memory.hpp"

#include "nnviz/train/schedule.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "nnviz/util/error.hpp"

namespace nnviz::app {
namespace {

constexpr std::uint64_t kBase = 96ULL << 20;  // measured: ~60 MB resident before the first frame
constexpr std::uint64_t kPerLayer = 160;      // a Dense layer's two Eigen blocks and their headers
constexpr std::uint64_t kPerFrame = 160;      // a Checkpoint: its metrics and its vector of layers

// A field of a /proc file ("MemAvailable:   123456 kB"), in bytes.
std::optional<std::uint64_t> proc_field(const char* file, const std::string& key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) != 0) continue;
    std::istringstream fields(line.substr(key.size() + 1));
    std::uint64_t kb = 0;
    if (fields >> kb) return kb * 1024;
  }
  return std::nullopt;
}

}  // namespace

// The data points of the run: the generator's count, or for a file the most rows its size allows
// ("0,0,0\n": 6 bytes), within the data's limit.
std::uint64_t estimated_rows(const TrainRequest& r) {
  if (r.data_file) {
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(*r.data_file, ec);
    return ec ? 1000 : std::clamp<std::uint64_t>(size / 6, 4, data::max_samples);
  }
  return static_cast<std::uint64_t>(r.dataset.samples.value_or(1000));
}

MemoryEstimate estimate_run_memory(const TrainRequest& r) {
  MemoryEstimate e;
  const std::vector<int>& hidden = r.architecture.hidden;
  std::uint64_t units = 1;  // every layer's outputs, the output unit included
  std::uint64_t params = 0;
  std::uint64_t inputs = 2;
  for (const int h : hidden) {
    params += (inputs + 1) * static_cast<std::uint64_t>(h);
    units += static_cast<std::uint64_t>(h);
    inputs = static_cast<std::uint64_t>(h);
  }
  params += inputs + 1;
  e.parameters = params;
  // The snapshots the schedule keeps (at most: a run may stop early). With --steps the frame
  // count depends on the rows; the estimate of the data's size bounds it.
  e.frame_count = static_cast<std::uint64_t>(train::planned_frames(r.training, static_cast<std::int64_t>(estimated_rows(r))));
  e.checkpoints = e.frame_count * (params * 8 + (hidden.size() + 1) * kPerLayer + kPerFrame);
  // Forward values before and after the activation, their gradients, the optimizer's slots.
  const std::uint64_t points = estimated_rows(r);
  e.training = points * units * 8 * 4 + params * 8 * 4;
  if (!r.video.no_video || r.video.frames_dir) {
    const auto mesh = static_cast<std::uint64_t>(r.video.mesh_resolution) * static_cast<std::uint64_t>(r.video.mesh_resolution);
    // A scene keeps of the mesh's pass (model::stream_forward_float, in chunks of about 2^18
    // values of the widest layer) each panel's coordinates and depth (3 doubles a point, two
    // panels a layer), the units its contours and neurons panels show (at most 64 + 64 a layer)
    // and P(class 1); the chunks in flight take a few MB a core. The render and encode threads
    // hold a few frames; each further render thread has a scene and a frame of its own, and one
    // more waiting for the encoder.
    const std::uint64_t threads = std::max<std::uint64_t>(1, r.video.render_threads);
    std::uint64_t kept = 2;  // P(class 1) and the input panel's coordinates' share
    for (const int h : hidden) kept += 6 + std::min<std::uint64_t>(static_cast<std::uint64_t>(h), 128);
    const std::uint64_t chunks = 16ULL << 20;  // the pass's chunks: 3 float matrices of 2^18, 16 cores
    e.frames = threads * (mesh * kept * 8 + chunks) +
               static_cast<std::uint64_t>(r.video.render.width) * static_cast<std::uint64_t>(r.video.render.height) * 4 *
                   (8 + 2 * (threads - 1));
  }
  e.base = kBase;
  return e;
}

std::optional<MemoryLimit> memory_limit() {
  std::optional<MemoryLimit> best;
  const auto consider = [&](std::optional<std::uint64_t> bytes, const char* source) {
    if (bytes && (!best || *bytes < best->bytes)) best = MemoryLimit{*bytes, source};
  };
  consider(proc_field("/proc/meminfo", "MemAvailable"), "the available memory (MemAvailable)");
  // A limit counts what the process has mapped already (libraries, thread stacks).
  for (const auto& [resource, used_key, source] :
       {std::tuple{RLIMIT_AS, "VmSize", "the address-space limit (ulimit -v)"},
        std::tuple{RLIMIT_DATA, "VmData", "the data-size limit (ulimit -d)"}}) {
    rlimit lim{};
    if (::getrlimit(resource, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY) continue;
    const std::uint64_t used = proc_field("/proc/self/status", used_key).value_or(0);
    consider(lim.rlim_cur > used ? lim.rlim_cur - used : 0, source);
  }
  return best;
}

std::string bytes_text(std::uint64_t bytes) {
  const char* units[] = {"bytes", "kB", "MB", "GB", "TB", "PB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1000.0 && u < 5) {
    v /= 1000.0;
    ++u;
  }
  std::ostringstream s;
  s.precision(u == 0 ? 0 : (v < 10 ? 2 : (v < 100 ? 1 : 0)));
  s << std::fixed << v << ' ' << units[u];
  return s.str();
}

void check_memory(const std::vector<MemoryEstimate>& runs, std::uint64_t needed, const std::optional<MemoryLimit>& limit,
                  const std::string& what) {
  if (!limit || needed <= limit->bytes || runs.empty()) return;
  const MemoryEstimate& biggest =
      *std::max_element(runs.begin(), runs.end(), [](const MemoryEstimate& a, const MemoryEstimate& b) { return a.total() < b.total(); });
  std::string text = what + " needs about " + bytes_text(needed) + " of memory, more than " + limit->source + " allows (" +
                     bytes_text(limit->bytes) + ")";
  if (biggest.checkpoints >= biggest.frames && biggest.checkpoints >= biggest.training) {
    text += ": every frame's weights are kept until the run ends, " + std::to_string(biggest.frame_count) + " frames x " +
            std::to_string(biggest.parameters) + " parameters x 8 bytes = " + bytes_text(biggest.checkpoints) +
            (runs.size() > 1 ? " for the largest run" : "") + "; use fewer --epochs or a smaller --hidden";
  } else if (biggest.frames >= biggest.training) {
    text += ": a frame maps the mesh through every layer (" + bytes_text(biggest.frames) +
            "); use a smaller --hidden or --size";
  } else {
    text += ": the data through every layer take " + bytes_text(biggest.training) +
            "; use fewer points or a smaller --hidden";
  }
  if (runs.size() > 1) text += ", or fewer --jobs";
  throw UsageError(text);
}

}  // namespace nnviz::app
