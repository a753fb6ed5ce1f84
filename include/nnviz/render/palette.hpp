#pragma once
// Colour maps from a predicted probability P(class 1) to sRGB, plus the two class colours.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace nnviz::render {

// sRGB components in [0, 1] (gamma-encoded, as Cairo and the Frame store them).
struct Rgb {
  double r = 0, g = 0, b = 0;
};

// 0xFFRRGGBB: an opaque pixel in the Frame's (Cairo ARGB32) layout.
std::uint32_t to_argb(const Rgb& c);
Rgb from_argb(std::uint32_t argb);  // alpha ignored

// The CIE76 colour difference (Euclidean distance in CIELAB, D65): about 2.3 is just noticeable;
// 20 and more reads as a clearly different colour.
double delta_e76(const Rgb& a, const Rgb& b);

class Palette {
 public:
  static constexpr int lut_size = 256;

  Palette(std::string name, const std::array<Rgb, lut_size>& lut, const Rgb& class0,
          const Rgb& class1);

  [[nodiscard]] const std::string& name() const { return name_; }
  // t = P(class 1), clamped to [0, 1]; the nearest of the 256 entries (entry i is t = i/255).
  [[nodiscard]] const Rgb& at(double t) const { return lut_[index(t)]; }
  [[nodiscard]] std::uint32_t argb(double t) const { return argb_[index(t)]; }
  // The whole table as pixels, for the rasterisers' inner loops.
  [[nodiscard]] const std::array<std::uint32_t, lut_size>& argb_table() const { return argb_; }

  // The regions' colours in `surface` style: the map composited at `region_strength` over white
  // (as alpha blending does, in sRGB). Saturated regions would hide the points of their own
  // class, whose fill is the class colour; the notebook's regions are pale too (translucent
  // mesh dots, alpha 0.15, overlapping). At 0.5 every class colour stands out from either
  // region by CIE76 dE > 20 in both palettes (tests/render/point_contrast_test.cpp).
  static constexpr double region_strength = 0.5;
  [[nodiscard]] std::uint32_t region_argb(double t) const { return region_[index(t)]; }
  [[nodiscard]] const std::array<std::uint32_t, lut_size>& region_table() const { return region_; }
  // label 0 or 1 (anything > 0.5 counts as 1).
  [[nodiscard]] const Rgb& class_colour(double label) const { return label > 0.5 ? class1_ : class0_; }

  static int index(double t) {
    if (!(t > 0.0)) return 0;  // also NaN
    if (t >= 1.0) return lut_size - 1;
    return static_cast<int>(t * (lut_size - 1) + 0.5);
  }

 private:
  std::string name_;
  std::array<Rgb, lut_size> lut_;
  std::array<std::uint32_t, lut_size> argb_;
  std::array<std::uint32_t, lut_size> region_;
  Rgb class0_, class1_;
};

// "seaborn": seaborn.diverging_palette(220, 20) as the notebook uses it (compiled in from
//   data/diverging_220_20_*.csv): blue = class 0, orange-red = class 1, near white at 0.5.
// "okabe-ito": colour-blind safe alternative: Okabe & Ito's blue #0072B2 -> near white ->
//   vermillion #D55E00, interpolated in CIELAB (lightness rises linearly to the white middle, so
//   the map also reads in grey scale); the two ends stay distinct under deuteranopia,
//   protanopia and tritanopia. Class colours are the two ends.
// Throws UsageError listing the valid names for any other name.
// Any case (util/names.hpp); UsageError (field "palette") listing palette_names() otherwise.
const Palette& palette_by_name(const std::string& name);
const std::vector<std::string>& palette_names();

}  // namespace nnviz::render
