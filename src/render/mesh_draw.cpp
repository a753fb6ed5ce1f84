#include "mesh_draw.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <cmath>
#include <vector>

#include "line_coverage.hpp"

namespace nnviz::render {

namespace {

struct Axis {  // per output pixel column (or row): the grid cell and the fraction within it
  int cell;
  double frac;
  bool inside;
};

// Pixel centres along one axis -> position in a uniform grid of `res` nodes from g0 to g1.
std::vector<Axis> sample_axis(int first_px, int count, double g0, double g1, int res,
                              double (*to_data)(const Viewport&, double), const Viewport& vp) {
  std::vector<Axis> out(static_cast<std::size_t>(count));
  const double span = g1 - g0;
  for (int i = 0; i < count; ++i) {
    const double d = to_data(vp, first_px + i + 0.5);
    const double u = span != 0 ? (d - g0) / span * (res - 1) : -1;
    const bool inside = u >= 0 && u <= res - 1;
    const int cell = std::clamp(static_cast<int>(std::floor(u)), 0, res - 2);
    out[i] = {cell, inside ? u - cell : 0, inside};
  }
  return out;
}

}  // namespace

void draw_probability_image(cairo_t* cr, const MeshData& mesh, const Viewport& vp) {
  const int mesh_res = mesh.resolution;
  if (mesh_res < 2) return;
  RawPixels px(cr, vp.rect());
  const PixelRect& clip = px.clip();
  // The grid's box: columns vary X0 (ix), rows vary X1 (iy).
  double gx0 = mesh.points(0, 0), gx1 = mesh.points(mesh_res - 1, 0);
  double gy0 = mesh.points(0, 1), gy1 = mesh.points(static_cast<Eigen::Index>(mesh_res - 1) * mesh_res, 1);
  int res = mesh_res;
  const double* prob = mesh.prob.data();
  const int b = mesh.border;
  if (mesh.image && b > 0 && mesh.image->size() == static_cast<Eigen::Index>(res + 2 * b) * (res + 2 * b)) {
    const double sx = (gx1 - gx0) / (res - 1), sy = (gy1 - gy0) / (res - 1);
    gx0 -= b * sx, gx1 += b * sx, gy0 -= b * sy, gy1 += b * sy;
    res += 2 * b;
    prob = mesh.image->data();
  }
  const std::vector<Axis> cols = sample_axis(
      clip.x, clip.width, gx0, gx1, res, [](const Viewport& v, double p) { return v.data_x(p); }, vp);
  const std::vector<Axis> rows = sample_axis(
      clip.y, clip.height, gy0, gy1, res, [](const Viewport& v, double p) { return v.data_y(p); }, vp);
  const ColourTable& colours = mesh.palette.region_table();
  for (int j = 0; j < clip.height; ++j) {
    const Axis& r = rows[j];
    if (!r.inside) continue;
    const double* p0 = prob + static_cast<std::ptrdiff_t>(r.cell) * res;  // row iy
    const double* p1 = p0 + res;                                          // row iy + 1
    std::uint32_t* out = px.row(clip.y + j) + clip.x;
    for (int i = 0; i < clip.width; ++i) {
      const Axis& c = cols[i];
      if (!c.inside) continue;
      const double bottom = p0[c.cell] + (p0[c.cell + 1] - p0[c.cell]) * c.frac;
      const double top = p1[c.cell] + (p1[c.cell + 1] - p1[c.cell]) * c.frac;
      out[i] = colours[Palette::index(bottom + (top - bottom) * r.frac)];
    }
  }
}

void draw_mesh_cells(cairo_t* cr, const MeshData& mesh, const Viewport& vp) {
  const int res = mesh.resolution;
  RawPixels px(cr, vp.rect());
  const PixelRect& clip = px.clip();
  const ColourTable& colours = mesh.palette.region_table();
  const Eigen::Index n = static_cast<Eigen::Index>(res) * res;
  std::vector<Vertex> v(static_cast<std::size_t>(n));
  for (Eigen::Index k = 0; k < n; ++k) {
    v[k] = {vp.px(mesh.points(k, 0)), vp.py(mesh.points(k, 1)), mesh.prob(k)};
    // Collapsed cells have no area: the points alone keep such regions visible.
    // (x >= clip.x, an integer >= 0, is floor(x) >= clip.x; then the cast is floor, and no
    // std::floor call, which is one without SSE4.1.)
    const double fx = v[k].x, fy = v[k].y;
    if (fx >= clip.x && fx < clip.right() && fy >= clip.y && fy < clip.bottom())
      px.row(static_cast<int>(fy))[static_cast<int>(fx)] = colours[Palette::index(v[k].t)];
  }
  const auto fill_cell = [&](std::size_t k) {  // k: the cell's first corner (ix, iy)
    fill_quad(px, v[k], v[k + 1], v[k + res + 1], v[k + res], colours);
  };
  if (mesh.depth != nullptr && mesh.depth->size() == n) {
    // Far to near by the cell's mean depth; equal depths in row order.
    const double* d = mesh.depth->data();
    std::vector<std::pair<double, std::uint32_t>> order;
    order.reserve(static_cast<std::size_t>(res - 1) * (res - 1));
    for (int iy = 0; iy + 1 < res; ++iy)
      for (int ix = 0; ix + 1 < res; ++ix) {
        const std::size_t k = static_cast<std::size_t>(iy) * res + ix;
        order.emplace_back(d[k] + d[k + 1] + d[k + res] + d[k + res + 1], static_cast<std::uint32_t>(k));
      }
    std::sort(order.begin(), order.end());
    for (const auto& [depth, k] : order) fill_cell(k);
    return;
  }
  for (int iy = 0; iy + 1 < res; ++iy)
    for (int ix = 0; ix + 1 < res; ++ix) fill_cell(static_cast<std::size_t>(iy) * res + ix);
}

void draw_mesh_grid(cairo_t* cr, const MeshData& mesh, const Viewport& vp, const GridLineStyle& style) {
  const int res = mesh.resolution;
  if (res < 2) return;
  std::vector<int> lines;
  for (int i = 0; i < res; i += style.every) lines.push_back(i);
  if (lines.back() != res - 1) lines.push_back(res - 1);
  RawPixels px(cr, vp.rect());
  CoverageMask mask(px.clip());
  auto point = [&](int ix, int iy) {
    const Eigen::Index k = static_cast<Eigen::Index>(iy) * res + ix;
    return std::pair{vp.px(mesh.points(k, 0)), vp.py(mesh.points(k, 1))};
  };
  // Each mesh row/column as a polyline, with runs of nearly collinear points (within
  // `tolerance` px of their chord; most of a linear layer's image) merged into one segment.
  constexpr double tolerance = 0.1;
  constexpr int max_run = 4;  // longer diagonal runs cost more in their bounding boxes
  std::vector<std::pair<double, double>> line(static_cast<std::size_t>(res));
  for (int fixed : lines) {
    for (int along_x = 0; along_x < 2; ++along_x) {
      for (int i = 0; i < res; ++i) line[i] = along_x ? point(i, fixed) : point(fixed, i);
      int start = 0;
      while (start + 1 < res) {
        int end = start + 1;
        for (int next = end + 1; next < res && next - start <= max_run; ++next) {
          const auto [ax, ay] = line[start];
          const double dx = line[next].first - ax, dy = line[next].second - ay;
          const double len = std::sqrt(dx * dx + dy * dy);  // not hypot: a libm call, and no overflow here
          bool straight = len > 0;
          for (int k = start + 1; straight && k < next; ++k)
            straight = std::abs(dx * (line[k].second - ay) - dy * (line[k].first - ax)) <= tolerance * len;
          if (!straight) break;
          end = next;
        }
        mask.add_segment(line[start].first, line[start].second, line[end].first, line[end].second,
                         style.width);
        start = end;
      }
    }
  }
  mask.composite(px, to_argb(style.colour), static_cast<int>(std::lround(std::clamp(style.alpha, 0.0, 1.0) * 256)));
}

void draw_mesh_dots(cairo_t* cr, const MeshData& mesh, const Viewport& vp, const Sprite& dot,
                    double alpha) {
  RawPixels px(cr, vp.rect());
  const TintMask mask = make_tint_mask(dot, static_cast<int>(std::lround(std::clamp(alpha, 0.0, 1.0) * 256)), px.stride());
  const ColourTable& colours = mesh.palette.argb_table();
  const Eigen::Index n = mesh.points.rows();
  for (Eigen::Index k = 0; k < n; ++k)
    stamp_tinted(px, mask, vp.px(mesh.points(k, 0)), vp.py(mesh.points(k, 1)), colours[Palette::index(mesh.prob(k))]);
}

}  // namespace nnviz::render
