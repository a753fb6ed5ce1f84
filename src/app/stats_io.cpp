#include "nnviz/app/stats_io.hpp"

#include <spdlog/fmt/fmt.h>

#include <iterator>

#include "nnviz/util/names.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/printable.hpp"

namespace nnviz::app {

std::string stats_to_csv(const scene::RunStats& stats) {
  std::string out = "epoch,step,layer,layer_name,activation,quantity,bin_low,bin_high,value\n";
  const auto it = std::back_inserter(out);
  for (const scene::FrameStats& f : stats.frames) {
    for (std::size_t l = 0; l < stats.layers.size(); ++l) {
      const scene::LayerBins& lb = stats.layers[l];
      const bool hidden = static_cast<int>(l) < stats.hidden_layers;
      const std::string prefix = fmt::format("{},{},{},{},{},", f.metrics.epoch, f.metrics.step, l + 1,
                                             hidden ? "hidden" + std::to_string(l + 1) : std::string("output"),
                                             lb.activation);
      for (const scene::StatQuantity q : scene::stat_quantities) {
        const scene::Bins& bins = lb.bins[static_cast<std::size_t>(q)];
        const std::string name = scene::stat_quantity_name(q);
        const std::vector<std::int64_t>& counts = f.counts[l][static_cast<std::size_t>(q)];
        for (int b = 0; b < bins.count; ++b)
          fmt::format_to(it, "{}{},{},{},{}\n", prefix, name, bins.edge(b), bins.edge(b + 1),
                         counts[static_cast<std::size_t>(b)]);
      }
      if (hidden) {
        const std::optional<double>& v = f.fractions[l];
        fmt::format_to(it, "{}{},,,{}\n", prefix, scene::unit_fraction_name(lb.fraction),
                       v ? fmt::format("{}", *v) : std::string());
      }
    }
  }
  return out;
}

void check_stats_path(const std::filesystem::path& path) {
  if (util::ascii_lower(path.extension().string()) == ".json")
    throw UsageError("--stats: " + util::quoted(path.string(), 200) + ": the statistics file is CSV only (give FILE.csv)");
}

}  // namespace nnviz::app
