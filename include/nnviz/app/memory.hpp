#pragma once
// How much memory a run needs, estimated before it starts, and how much the process may use:
// every frame's weights are kept until the video is made (that is what lets `--axes fixed` see
// the whole run), so a big network over many epochs cannot fit, and must be refused up front
// rather than dying in the middle with std::bad_alloc.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nnviz/app/train_run.hpp"

namespace nnviz::app {

struct MemoryEstimate {
  std::uint64_t checkpoints = 0;  // frames x (parameters x 8 bytes + bookkeeping)
  std::uint64_t training = 0;     // the data through every layer (forward, backward, evaluation)
  std::uint64_t frames = 0;       // the mesh through every layer (float and double), the pictures
  std::uint64_t base = 0;         // the process itself (libraries, fonts, codec buffers)
  std::uint64_t frame_count = 0;
  std::uint64_t parameters = 0;
  [[nodiscard]] std::uint64_t total() const { return checkpoints + training + frames + base; }
};

// The data points of `request`: the built-in dataset's count, or for a file the most rows its
// size allows, within the data's limit (an upper bound, known before reading it).
std::uint64_t estimated_rows(const TrainRequest& request);

// The estimate for one run of `request` (its data points: the built-in dataset's count, or an
// upper bound from the CSV file's size).
MemoryEstimate estimate_run_memory(const TrainRequest& request);

// What this process may still allocate: the least of /proc/meminfo's MemAvailable and the room
// left under RLIMIT_AS and RLIMIT_DATA (ulimit -v / -d), when set. Unknown: std::nullopt.
struct MemoryLimit {
  std::uint64_t bytes = 0;
  std::string source;  // "available memory (MemAvailable)", "ulimit -v (RLIMIT_AS)", ...
};
std::optional<MemoryLimit> memory_limit();

// "1.2 GB", "840 MB", "12 kB" (powers of 1000, as df -H).
std::string bytes_text(std::uint64_t bytes);

// UsageError when `needed` bytes (for `what`, e.g. "the run") exceed what `limit` leaves: the
// message names the estimate, its biggest part and how to reduce it (fewer --epochs, a smaller
// --hidden, fewer --jobs for a sweep).
void check_memory(const std::vector<MemoryEstimate>& runs, std::uint64_t needed, const std::optional<MemoryLimit>& limit,
                  const std::string& what);

}  // namespace nnviz::app
