#pragma once
// Slices of a grid for several machines: `--shard K/N` runs the runs whose grid index is K mod N
// modulo N. Taking K modulo N accepts both numberings a job array may use: 0..N-1 and 1..N
// (N is slice 0), so `--shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT` covers the grid
// with --array=0-(N-1) as well as with --array=1-N.
#include <cstddef>
#include <string>

namespace nnviz::sweep {

struct Shard {
  int index = 0;  // K as given, 0 <= K <= count
  int count = 1;  // N >= 1
  [[nodiscard]] int slice() const { return index % count; }
  [[nodiscard]] bool contains(std::size_t run_index) const {
    return run_index % static_cast<std::size_t>(count) == static_cast<std::size_t>(slice());
  }
  [[nodiscard]] bool whole() const { return count == 1; }
};

// "K/N" with 1 <= N <= 100000 and 0 <= K <= N. Throws UsageError naming --shard otherwise.
Shard parse_shard(const std::string& text);

}  // namespace nnviz::sweep
