#pragma once
// `nnviz train`: dataset -> training -> scenes -> frames -> files. The only place (with the
// other app/ units) that knows every module.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "nnviz/data/generators.hpp"
#include "nnviz/encode/encoder.hpp"
#include "nnviz/model/network.hpp"
#include "nnviz/render/renderer.hpp"
#include "nnviz/scene/axes.hpp"
#include "nnviz/train/trainer.hpp"

namespace nnviz::util {
class InterruptFlag;
}

namespace nnviz::app {

struct TrainRequest {
  // Data: a built-in generator (drawn from the run's generator, seeded with `seed`) or a file.
  data::DatasetSpec dataset;
  std::optional<std::filesystem::path> data_file;
  std::uint32_t seed = 12345;
  double validation_split = 0.0;

  model::Architecture architecture;
  train::TrainConfig training;

  render::RenderOptions render;
  scene::AxesMode axes = scene::AxesMode::smooth;
  int mesh_resolution = 200;

  // Outputs. `output` is ignored with no_video.
  std::filesystem::path output = "nnviz.mp4";
  std::optional<encode::Format> format;  // from --format; otherwise from the extension
  encode::EncodeOptions encode;          // format/size filled in by the run
  bool no_video = false;
  std::optional<std::filesystem::path> frames_dir;    // PNG frames as well
  std::optional<std::filesystem::path> metrics_file;  // .csv or .json
  std::optional<std::filesystem::path> weights_file;  // every frame's weights, .json
};

struct TrainReport {
  std::vector<std::filesystem::path> outputs;  // files and folders written
  int frames = 0;
  train::Metrics final_metrics;
  train::Metrics best_metrics;  // lowest loss
  train::StopReason reason = train::StopReason::epochs;
  std::string message;
  double wall_seconds = 0.0;
  int exit_code = 0;  // 0, or 130/143 when interrupted, 1 when training diverged
};

// Checks every option and path up front (UsageError), then runs. Logs go to spdlog (stderr).
TrainReport run_train(const TrainRequest& request, const util::InterruptFlag& interrupt);

// The resolved output format of a request (explicit --format, else the extension).
encode::Format resolve_format(const TrainRequest& request);

}  // namespace nnviz::app
