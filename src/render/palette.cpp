#include "nnviz/render/palette.hpp"

#include <algorithm>
#include <cmath>

#include "nnviz/util/error.hpp"
#include "nnviz/util/names.hpp"
#include "seaborn_palette.hpp"

namespace nnviz::render {

std::uint32_t to_argb(const Rgb& c) {
  auto byte = [](double v) {
    return static_cast<std::uint32_t>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0));
  };
  return 0xFF000000u | (byte(c.r) << 16) | (byte(c.g) << 8) | byte(c.b);
}

Palette::Palette(std::string name, const std::array<Rgb, lut_size>& lut, const Rgb& class0,
                 const Rgb& class1)
    : name_(std::move(name)), lut_(lut), class0_(class0), class1_(class1) {
  const auto over_white = [](double v) { return 1.0 + (v - 1.0) * region_strength; };
  for (int i = 0; i < lut_size; ++i) {
    argb_[i] = to_argb(lut_[i]);
    const Rgb& c = lut_[i];
    region_[i] = to_argb({over_white(c.r), over_white(c.g), over_white(c.b)});
  }
}

namespace {

// CIELAB (D65) <-> sRGB, for building a perceptually even diverging map.
struct Lab {
  double l, a, b;
};

double to_linear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
double to_gamma(double c) {
  c = std::clamp(c, 0.0, 1.0);
  return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055;
}
constexpr double xn = 0.95047, yn = 1.0, zn = 1.08883;
double f_lab(double t) { return t > 216.0 / 24389.0 ? std::cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0; }
double f_lab_inv(double f) { return f * f * f > 216.0 / 24389.0 ? f * f * f : (116.0 * f - 16.0) * 27.0 / 24389.0; }

Lab to_lab(const Rgb& c) {
  const double r = to_linear(c.r), g = to_linear(c.g), b = to_linear(c.b);
  const double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
  const double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
  const double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
  const double fx = f_lab(x / xn), fy = f_lab(y / yn), fz = f_lab(z / zn);
  return {116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)};
}

Rgb to_rgb(const Lab& c) {
  const double fy = (c.l + 16.0) / 116.0, fx = fy + c.a / 500.0, fz = fy - c.b / 200.0;
  const double x = xn * f_lab_inv(fx), y = yn * f_lab_inv(fy), z = zn * f_lab_inv(fz);
  const double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
  const double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
  const double b = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
  return {to_gamma(r), to_gamma(g), to_gamma(b)};
}

Lab mix(const Lab& p, const Lab& q, double s) {
  return {p.l + (q.l - p.l) * s, p.a + (q.a - p.a) * s, p.b + (q.b - p.b) * s};
}

// low -> (a warm-neutral near white, L* 96) -> high, linear in CIELAB on each half.
Palette make_diverging(std::string name, const Rgb& low, const Rgb& high) {
  const Lab lo = to_lab(low), hi = to_lab(high), mid{96.0, 0.0, 2.0};
  std::array<Rgb, Palette::lut_size> lut;
  for (int i = 0; i < Palette::lut_size; ++i) {
    const double t = i / double(Palette::lut_size - 1);
    lut[i] = to_rgb(t < 0.5 ? mix(lo, mid, t / 0.5) : mix(mid, hi, (t - 0.5) / 0.5));
  }
  return Palette(std::move(name), lut, low, high);
}

}  // namespace

Rgb from_argb(std::uint32_t argb) {
  return {((argb >> 16) & 0xFF) / 255.0, ((argb >> 8) & 0xFF) / 255.0, (argb & 0xFF) / 255.0};
}

double delta_e76(const Rgb& a, const Rgb& b) {
  const Lab p = to_lab(a), q = to_lab(b);
  return std::sqrt((p.l - q.l) * (p.l - q.l) + (p.a - q.a) * (p.a - q.a) + (p.b - q.b) * (p.b - q.b));
}

const std::vector<std::string>& palette_names() {
  static const std::vector<std::string> names{"seaborn", "okabe-ito"};  // palette_by_name()'s table
  return names;
}

const Palette& palette_by_name(const std::string& name) {
  // Immutable after their thread-safe first use.
  static const Palette seaborn("seaborn", seaborn_lut(), seaborn_classes()[0], seaborn_classes()[1]);
  static const Palette okabe_ito = make_diverging(
      "okabe-ito", Rgb{0.0, 114 / 255.0, 178 / 255.0}, Rgb{213 / 255.0, 94 / 255.0, 0.0});
  static const util::NameTable<const Palette*> table("palette", "palette",
                                                     {{&seaborn, "seaborn"}, {&okabe_ito, "okabe-ito"}});
  return *table.parse(name);
}

}  // namespace nnviz::render
