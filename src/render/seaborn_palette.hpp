#pragma once
// seaborn.diverging_palette(220, 20): tables generated at configure time from data/*.csv.
#include <array>

#include "nnviz/render/palette.hpp"

namespace nnviz::render {

const std::array<Rgb, Palette::lut_size>& seaborn_lut();  // entry i: t = i / 255
const std::array<Rgb, 2>& seaborn_classes();               // class 0, class 1

}  // namespace nnviz::render
