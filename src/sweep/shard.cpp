#include "nnviz/sweep/shard.hpp"

#include <charconv>

#include "nnviz/util/error.hpp"

namespace nnviz::sweep {
namespace {

bool to_int(const std::string& text, int& out) {
  const auto res = std::from_chars(text.data(), text.data() + text.size(), out);
  return !text.empty() && res.ec == std::errc() && res.ptr == text.data() + text.size();
}

}  // namespace

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  Shard s;
  if (slash == std::string::npos || !to_int(text.substr(0, slash), s.index) || !to_int(text.substr(slash + 1), s.count))
    throw UsageError("--shard: '" + text + "' is not K/N (e.g. 1/4, or $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT)");
  if (s.count < 1 || s.count > 100000) throw UsageError("--shard: N must be between 1 and 100000 in '" + text + "'");
  if (s.index < 0 || s.index > s.count)
    throw UsageError("--shard: K must be between 0 and N in '" + text + "' (0..N-1 and 1..N both work)");
  return s;
}

}  // namespace nnviz::sweep
