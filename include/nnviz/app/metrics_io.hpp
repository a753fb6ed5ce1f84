#pragma once
// Per-frame metrics files: CSV (one row per frame) or JSON (by the extension).
#include <filesystem>
#include <string>
#include <vector>

#include "nnviz/train/checkpoint.hpp"

namespace nnviz::app {

// Columns: epoch,loss,accuracy[,val_loss,val_accuracy],lr,wall_seconds.
std::string metrics_to_csv(const std::vector<train::Checkpoint>& checkpoints);
// The file's text: JSON for a .json path, CSV otherwise.
std::string metrics_text(const std::vector<train::Checkpoint>& checkpoints, const std::filesystem::path& path);
// Written atomically; the format follows the extension (.json, anything else is CSV).
void write_metrics(const std::vector<train::Checkpoint>& checkpoints, const std::filesystem::path& path);

}  // namespace nnviz::app
