#pragma once
// A Frame as a PNG file (Cairo's writer), written atomically.
#include <filesystem>

#include "nnviz/util/frame.hpp"

namespace nnviz::render {

// Throws nnviz::Error (naming the path) on failure; an existing file stays untouched then.
void write_png(const util::Frame& frame, const std::filesystem::path& path);

}  // namespace nnviz::render
