#include "line_coverage.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

// Speed notes (bench/: BM_render_frame): the distance to a segment's line is a cross product
// over its length, no square root, except near the segment's ends; coverage without a branch
// per pixel; the composite skips empty coverage 8 bytes at a time. tests/render/raster_test.cpp
// compares it with a plain per-pixel coverage. Why not one cairo_stroke of the grid as a
// multi-subpath path (the same look at 4x zoom; 1% of pixels differ, none by more than 64
// codes): measured on 2026-12-01, it doubled the 1800x600 surface frame (bench, CPU ~12 -> ~23
// ms on a loaded machine) and cost +25% user CPU end to end (199-epoch mp4, 9.5 -> 11.9 s).

namespace nnviz::render {

CoverageMask::CoverageMask(const PixelRect& rect)
    : rect_(rect), coverage_(static_cast<std::size_t>(std::max(0, rect.width)) * std::max(0, rect.height), 0) {}

void CoverageMask::add_segment(double x0, double y0, double x1, double y1, double width) {
  if (!std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1)) return;
  const double hw = 0.5 * width;
  const double reach = hw + 1;  // beyond the stroke's half width a pixel is not touched
  if (std::max(x0, x1) + reach < rect_.x || std::min(x0, x1) - reach > rect_.right() ||
      std::max(y0, y1) + reach < rect_.y || std::min(y0, y1) - reach > rect_.bottom())
    return;
  const int bx0 = std::max(rect_.x, floor_int(int_range(std::min(x0, x1) - reach)));
  const int bx1 = std::min(rect_.right() - 1, ceil_int(int_range(std::max(x0, x1) + reach)));
  const int by0 = std::max(rect_.y, floor_int(int_range(std::min(y0, y1) - reach)));
  const int by1 = std::min(rect_.bottom() - 1, ceil_int(int_range(std::max(y0, y1) + reach)));
  const double dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
  const double inv_len = len2 > 0 ? 1 / std::sqrt(len2) : 0;
  // A pixel is touched only when its centre is nearer than hw + 0.5 to the segment, so within
  // that distance of the segment's line: per row, an interval of x (unless the segment is
  // nearly horizontal, when the bounding box is thin anyway). 1e-6 px keeps rounding out.
  const double band = hw + 0.5 + 1e-6;
  const bool use_band = std::abs(dy) > 1e-3 * std::sqrt(len2);
  const double band_dx = use_band ? band * std::sqrt(len2) / std::abs(dy) : 0;
  for (int y = by0; y <= by1; ++y) {
    std::uint8_t* row = coverage_.data() + static_cast<std::size_t>(y - rect_.y) * rect_.width - rect_.x;
    const double py = y + 0.5 - y0;
    int xa = bx0, xb = bx1;
    if (use_band) {
      const double centre = x0 + py * dx / dy;  // where the line crosses this row's centre
      xa = std::max(bx0, ceil_int(int_range(centre - band_dx - 0.5)));
      xb = std::min(bx1, floor_int(int_range(centre + band_dx - 0.5)));
    }
    for (int x = xa; x <= xb; ++x) {
      const double px = x + 0.5 - x0;
      // Distance to the segment: to its line where the foot falls on it (no square root: the
      // cross product over the length), else to the nearer end.
      const double along = px * dx + py * dy;  // t * len2
      double d;
      if (along >= 0 && along <= len2 && len2 > 0) {
        d = std::abs(px * dy - py * dx) * inv_len;
      } else {
        const double ex = along > 0 && len2 > 0 ? px - dx : px, ey = along > 0 && len2 > 0 ? py - dy : py;
        d = std::sqrt(ex * ex + ey * ey);
      }
      // Overlap of the stroke's cross-section [d - hw, d + hw] with the pixel's [-0.5, 0.5].
      // Branch-free (whether a pixel near the band's edge is touched follows no pattern):
      // c <= 0 gives coverage 0, which the max leaves as it was.
      const double c = std::clamp(std::min(0.5, d + hw) - std::max(-0.5, d - hw), 0.0, 1.0);
      const auto v = static_cast<std::uint8_t>(c * 255 + 0.5);
      row[x] = std::max(row[x], v);
    }
  }
}

void CoverageMask::composite(const RawPixels& px, std::uint32_t colour, int alpha) const {
  const PixelRect& clip = px.clip();
  const int x0 = std::max(clip.x, rect_.x), x1 = std::min(clip.right(), rect_.right());
  const int y0 = std::max(clip.y, rect_.y), y1 = std::min(clip.bottom(), rect_.bottom());
  for (int y = y0; y < y1; ++y) {
    const std::uint8_t* cov = coverage_.data() + static_cast<std::size_t>(y - rect_.y) * rect_.width - rect_.x;
    std::uint8_t* row = bytes(px.row(y));
    for (int x = x0; x < x1; ++x) {
      // Most of the panel is untouched by the grid: skip empty coverage 8 bytes at a time.
      std::uint64_t eight;
      while (x + 8 <= x1 && (std::memcpy(&eight, cov + x, 8), eight == 0)) x += 8;
      if (x >= x1) break;
      if (cov[x] == 0) continue;
      const std::uint32_t k = (cov[x] * static_cast<std::uint32_t>(alpha)) >> 8, keep = 255 - k;
      const std::uint8_t* c = bytes(&colour);
      for (int b = 0; b < 4; ++b) row[4 * x + b] = static_cast<std::uint8_t>(div255(c[b] * k + row[4 * x + b] * keep));
    }
  }
}

}  // namespace nnviz::render
