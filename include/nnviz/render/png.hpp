#pragma once
// A Frame as a PNG file (Cairo's writer), written atomically, or as PNG bytes in memory.
#include <filesystem>
#include <string>

#include "nnviz/util/frame.hpp"

namespace nnviz::render {

// Throws nnviz::Error (naming the path) on failure; an existing file stays untouched then.
void write_png(const util::Frame& frame, const std::filesystem::path& path);
// The same PNG's bytes, in memory (a page's poster image). Throws nnviz::Error on failure.
std::string encode_png(const util::Frame& frame);

}  // namespace nnviz::render
