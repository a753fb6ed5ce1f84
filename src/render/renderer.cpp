#include "nnviz/render/renderer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <variant>

#include "axes.hpp"
#include "boundary_draw.hpp"
#include "loss_draw.hpp"
#include "stats_draw.hpp"
#include "cairo_handles.hpp"
#include "key_draw.hpp"
#include "mesh_draw.hpp"
#include "nnviz/render/layout.hpp"
#include "nnviz/render/loss_panel.hpp"
#include "nnviz/render/palette.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/names.hpp"
#include "points_draw.hpp"
#include "text.hpp"
#include "neurons_draw.hpp"
#include "unit_draw.hpp"

namespace nnviz::render {

const util::NameTable<Style>& style_table() {
  static const util::NameTable<Style> table("style", "style", {{Style::surface, "surface"}, {Style::points, "points"}});
  return table;
}

const std::vector<std::string>& style_names() { return style_table().names(); }

std::string style_name(Style style) { return style_table().name(style); }

Style parse_style(const std::string& name) { return style_table().parse(name); }

namespace {

// Sizes in points (x Layout::pt for pixels), chosen to read like the notebook's matplotlib.
constexpr double data_dot_pt = 5.5;    // data points' diameter
constexpr double data_edge_pt = 0.6;   // their white edge
constexpr double hollow_ring_pt = 1.3; // held-out points' ring
constexpr double wrong_ring_pt = 1.5;  // a misclassified point's ring (--misclassified)
constexpr double wrong_ring_gap_pt = 1.2;  // between the dot's edge and that ring
constexpr double mesh_dot_pt = 6.0;    // points style: matplotlib's default marker (s = 36 pt^2)
constexpr double mesh_dot_alpha = 0.15;  // the notebook's, the most a dot gets (see mesh_dots_alpha)
constexpr double small_dot_pt = 2.8;   // a neurons panel's data dots
constexpr double unit_line_pt = 1.6;   // a hidden unit's zero line (--unit-lines)
constexpr double unit_contour_pt = 1.1;  // a deeper unit's zero contour (--unit-contours)
constexpr double shade_alpha = 0.10;   // boundary half-plane tint
constexpr double curve_pt = 1.5;       // loss panel: matplotlib's default line width
constexpr double curve_dash_pt = 4.0;
constexpr double curve_marker_pt = 6.5;  // the current epoch's point
// The loss panel's curves in neutral greys, not the class colours (they are no class): loss
// dark, accuracy lighter; dashed for validation.
constexpr Rgb loss_grey{0.25, 0.25, 0.25};
constexpr Rgb accuracy_grey{0.58, 0.58, 0.58};

void check_scene(const scene::Scene& s, const std::vector<scene::Bounds>& view) {
  if (s.panels.empty()) throw Error("render: the scene has no panels");
  if (view.size() != s.panels.size())
    throw Error("render: " + std::to_string(view.size()) + " view ranges for " +
                std::to_string(s.panels.size()) + " panels");
  const Eigen::Index res = s.mesh_resolution;
  if (res < 2 || s.mesh_prob.size() != res * res)
    throw Error("render: mesh_prob has " + std::to_string(s.mesh_prob.size()) +
                " values for a mesh of resolution " + std::to_string(res));
  const Eigen::Index n = s.labels.size();
  if (!s.held_out.empty() && static_cast<Eigen::Index>(s.held_out.size()) != n)
    throw Error("render: held_out has " + std::to_string(s.held_out.size()) + " flags for " +
                std::to_string(n) + " points");
  for (const scene::Panel& p : s.panels) {
    if (const auto* u = std::get_if<scene::NeuronsPanel>(&p.content)) {
      if (u->values.rows() != u->grid.rows() || u->grid.cols() != 2 || u->data.rows() != n || u->data.cols() != 2)
        throw Error("render: neurons panel '" + p.title + "' has " + std::to_string(u->values.rows()) +
                    " values for a grid of " + std::to_string(u->grid.rows()) + " points and " +
                    std::to_string(u->data.rows()) + " data points for " + std::to_string(n) + " labels");
      continue;
    }
    const auto* m = std::get_if<scene::MeshPanel>(&p.content);
    if (!m) continue;
    if (m->mesh.rows() != res * res || m->mesh.cols() != 2)
      throw Error("render: panel '" + p.title + "' has a mesh of " + std::to_string(m->mesh.rows()) +
                  " x " + std::to_string(m->mesh.cols()) + ", expected " + std::to_string(res * res) + " x 2");
    if (m->data.rows() != n || m->data.cols() != 2)
      throw Error("render: panel '" + p.title + "' has " + std::to_string(m->data.rows()) +
                  " data points for " + std::to_string(n) + " labels");
  }
}

std::string metrics_line(const train::Metrics& m) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "Accuracy %.3f - Loss %.3f", m.accuracy, m.loss);
  std::string s = buf;
  if (m.val_accuracy && m.val_loss) {
    std::snprintf(buf, sizeof buf, " - Val accuracy %.3f - Val loss %.3f", *m.val_accuracy, *m.val_loss);
    s += buf;
  }
  return s;
}

}  // namespace

struct Renderer::Impl {
  RenderOptions options;
  const Palette& palette;
  Layout layout;
  PanelSet laid_out;  // what `layout` arranges
  Text text;
  DotSprites dots;
  DotSprites small_dots;  // a neurons panel's pictures
  Sprite mesh_dot;
  // The surface wraps the current Frame's pixels; rebuilt when the Frame's buffer moves.
  SurfacePtr surface;
  CairoPtr cr;
  const std::uint8_t* bound = nullptr;

  explicit Impl(const RenderOptions& o) : options(o), palette(palette_by_name(o.palette)) {
    if (o.width < 16 || o.height < 16 || o.width > 16384 || o.height > 16384)
      throw UsageError("figure size " + std::to_string(o.width) + "x" + std::to_string(o.height) +
                       " is outside 16..16384 pixels");
    // Validates the size up front: the notebook's three panels, or as many as are chosen.
    set_layout(PanelSet::in_order(o.panels.empty() ? 3 : static_cast<int>(o.panels.size())));
  }

  void set_layout(const PanelSet& panels) {
    if (!layout.panels.empty() && laid_out == panels) return;
    layout = make_layout(options.width, options.height, panels, !options.title.empty(), options.scale);
    laid_out = panels;
    text.set_sizes(layout.fonts, layout.text_pt);
    const double pt = layout.pt;
    const Rgb white{1, 1, 1};
    for (int c = 0; c < 2; ++c) {
      const Rgb& colour = palette.class_colour(c);
      dots.filled[c] = make_disc_sprite({data_dot_pt * pt, colour, 1.0, white, data_edge_pt * pt});
      dots.hollow[c] = make_disc_sprite({data_dot_pt * pt, white, 0.0, colour, hollow_ring_pt * pt});
      dots.wrong[c] = make_disc_sprite(
          {(data_dot_pt + 2 * (data_edge_pt + wrong_ring_gap_pt) + wrong_ring_pt) * pt, white, 0.0, colour, wrong_ring_pt * pt});
    }
    mesh_dot = make_disc_sprite({mesh_dot_pt * pt, white, 1.0, white, 0.0});
    for (int c = 0; c < 2; ++c) {
      const Rgb& colour = palette.class_colour(c);
      small_dots.filled[c] = make_disc_sprite({small_dot_pt * pt, colour, 1.0, white, 0.5 * data_edge_pt * pt});
      small_dots.hollow[c] = make_disc_sprite({small_dot_pt * pt, white, 0.0, colour, 0.6 * hollow_ring_pt * pt});
      small_dots.wrong[c] = dots.wrong[c];
    }
  }

  void bind(util::Frame& out) {
    if (out.width != options.width || out.height != options.height ||
        out.pixels.size() != static_cast<std::size_t>(out.stride) * out.height)
      out.resize(options.width, options.height);
    if (cr && bound == out.pixels.data()) return;
    cr.reset();
    surface = make_surface_for_data(out.pixels.data(), out.width, out.height, out.stride);
    cr = make_context(surface.get());
    bound = out.pixels.data();
  }

  // Indices of the scene's panels to draw (RenderOptions::panels), in the scene's order.
  std::vector<std::size_t> shown(const scene::Scene& s) const {
    // A morph's frame is its one panel, whatever the run's frames show.
    for (std::size_t i = 0; i < s.panels.size(); ++i)
      if (s.panels[i].kind == scene::PanelKind::morph) return {i};
    for (const PanelChoice& c : options.panels)
      if (std::none_of(s.panels.begin(), s.panels.end(), [&](const scene::Panel& p) { return is_chosen({c}, p); }))
        throw Error("render: the scene has no panel '" + panel_name(c) + "'");
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < s.panels.size(); ++i)
      if (is_chosen(options.panels, s.panels[i])) out.push_back(i);
    return out;
  }

  // The points style's dot alpha. The notebook's 0.15 adds up where dots overlap: at its size a
// 200 x 200 grid's 6 pt dots cover each pixel about 8 times over (1 - 0.85^8 = 0.73 of the
// class colour), which hides the data points of the region's class. So each dot gets the alpha
// at which dots spread evenly over the panel add up to Palette::region_strength, as the
// surface style's regions are, and never more than the notebook's 0.15. Where a layer bunches
// the grid together its dots still add up darker: that density is what the style shows.
  static double mesh_dots_alpha(const PixelRect& cell, int resolution, double dot_diameter) {
  const double spacing_x = cell.width / std::max(1.0, resolution - 1.0);
  const double spacing_y = cell.height / std::max(1.0, resolution - 1.0);
  const double overlap = 3.14159265358979 / 4 * dot_diameter * dot_diameter / (spacing_x * spacing_y);
  if (!(overlap > 1.0)) return mesh_dot_alpha;
  return std::min(mesh_dot_alpha, 1.0 - std::pow(1.0 - Palette::region_strength, 1.0 / overlap));
}

// One draw function per alternative of scene::Panel::content: `cell` is the panel's place
  // in the layout, `view` its planned data range.
  void draw(const scene::Scene& s, const scene::Panel& p, const scene::MeshPanel& m, const PixelRect& cell,
            const scene::Bounds& view) {
    cairo_t* c = cr.get();
    const double pt = layout.pt;
    // A morph panel keeps x and y at one scale, so that the plane turns and shears undistorted.
    const Viewport vp(cell, p.kind == scene::PanelKind::morph ? equal_aspect(view, cell) : view);
    const double line_alpha = std::clamp(m.boundary_opacity, 0.0, 1.0);
    if (m.boundary && line_alpha > 0) draw_boundary_shading(c, {*m.boundary, palette}, vp, shade_alpha * line_alpha);
    const MeshData mesh{m.mesh, s.mesh_prob, s.mesh_resolution, palette, &s.image_prob, s.image_border, &m.mesh_depth};
    if (options.style == Style::points) {
      draw_mesh_dots(c, mesh, vp, mesh_dot, mesh_dots_alpha(cell, s.mesh_resolution, mesh_dot_pt * pt));
    } else if (p.kind == scene::PanelKind::input) {
      draw_probability_image(c, mesh, vp);
    } else {
      draw_mesh_cells(c, mesh, vp);
      draw_mesh_grid(c, mesh, vp, {10, ink, 0.28, 0.5 * pt});
    }
    if (m.boundary && line_alpha > 0) {
      cairo_push_group(c);
      draw_boundary_line(c, {*m.boundary, palette}, vp, {ink, 1.2 * pt, 5 * pt, 3 * pt});
      cairo_pop_group_to_source(c);
      cairo_paint_with_alpha(c, line_alpha);
    }
    draw_data_points(c, {m.data, s.labels, s.held_out, dots, options.misclassified ? &s.data_prob : nullptr}, vp);
    if ((options.unit_lines || options.unit_contours) && !m.unit_levels.empty())
      draw_unit_levels(c, m.unit_levels, vp, text, {unit_line_pt * pt, unit_contour_pt * pt, 2.0 * pt, options.unit_lines, options.unit_contours});
    draw_axes(c, {p.title, p.x_label, p.y_label, layout, text}, vp);
  }

  void draw(const scene::Scene& s, const scene::Panel& p, const scene::NeuronsPanel& n, const PixelRect& cell,
            const scene::Bounds& view) {
    (void)view;  // the pictures show the mesh's extent (neurons_geometry)
    draw_neurons(cr.get(), {n, p.layer, p.title, s.labels, s.held_out, small_dots, layout, text}, cell);
  }

  void draw(const scene::Scene&, const scene::Panel& p, const scene::CurvePanel& curve, const PixelRect& cell,
            const scene::Bounds& view) {
    cairo_t* c = cr.get();
    const double pt = layout.pt;
    const PixelRect plot = with_right_axis(layout, cell);
    const Viewport loss(plot, view), accuracy(plot, accuracy_view(view, p.bounds.ymax));
    const LossCurves curves{curve.history, loss_grey, accuracy_grey, curve.steps_per_epoch};
    draw_loss_curves(c, curves, loss, accuracy, curve_pt * pt, curve_dash_pt * pt, curve_marker_pt * pt);
    draw_axes(c, {p.title, p.x_label, p.y_label, layout, text, 1.0, &accuracy, "Accuracy"}, loss);
    draw_legend(c, loss_legend(curves), plot, layout, text);
  }

  void draw(const scene::Scene&, const scene::Panel& p, const scene::StatsPanel& stats, const PixelRect& cell,
            const scene::Bounds& view) {
    const double pt = layout.pt;
    draw_stats_panel(cr.get(), p, stats, cell, view, layout, text, {curve_pt * pt, curve_marker_pt * pt});
  }

  void draw_heading(const scene::Scene& s) {
    cairo_t* c = cr.get();
    const double pt = layout.text_pt;
    const FontSizes& f = layout.fonts;
    cairo_set_source_rgb(c, ink.r, ink.g, ink.b);
    double y = layout.heading_top;
    const double x = layout.heading_centre_x;
    const std::string heading = heading_text(s);
    std::string metrics = metrics_line(s.metrics);
    if (options.misclassified) {
      const Misclassified wrong = misclassified_count(s);
      metrics += " - " + std::to_string(wrong.train) + " misclassified";
      if (!s.held_out.empty()) metrics += " (" + std::to_string(wrong.held_out) + " held out)";
    }
    text.draw(c, Font::heading, heading, x, y, {0.5, 0});
    y += f.heading * 1.25 * pt;
    text.draw(c, Font::metrics, metrics, x, y, {0.5, 0});
    y += f.metrics * 1.3 * pt;
    text.draw(c, Font::caption, options.title, x, y, {0.5, 0});
    if (options.legend) {
      const bool held_out = std::find(s.held_out.begin(), s.held_out.end(), true) != s.held_out.end();
      draw_key(c, text, palette, held_out,
               heading_key_place(layout, text, heading, metrics, data_dot_pt * layout.pt, data_edge_pt * layout.pt,
                                 hollow_ring_pt * layout.pt));
    }
  }
};

std::string heading_text(const scene::Scene& s) {
  // Step snapshots: "Epoch 3 · step 27/39" (the epoch the step belongs to, the run's steps).
  std::string heading = "Epoch " + std::to_string(s.metrics.epoch);
  if (s.total_steps > 0) heading += " \u00b7 step " + std::to_string(s.metrics.step) + "/" + std::to_string(s.total_steps);
  if (!s.stage.empty()) heading += " \u00b7 " + s.stage;
  return heading;
}

Misclassified misclassified_count(const scene::Scene& s) {
  Misclassified out;
  for (Eigen::Index i = 0; i < s.labels.size() && i < s.data_prob.size(); ++i) {
    if (!misclassified(s.labels(i), s.data_prob(i))) continue;
    const bool held = !s.held_out.empty() && s.held_out[static_cast<std::size_t>(i)];
    ++(held ? out.held_out : out.train);
  }
  return out;
}

Renderer::Renderer(const RenderOptions& options) : impl_(std::make_unique<Impl>(options)) {}
Renderer::~Renderer() = default;

const Layout& Renderer::layout() const { return impl_->layout; }

void Renderer::render(const scene::Scene& scene, const std::vector<scene::Bounds>& view,
                      util::Frame& out) {
  check_scene(scene, view);
  Impl& m = *impl_;
  const std::vector<std::size_t> shown = m.shown(scene);
  if (shown.empty()) throw Error("render: the scene has none of the panels selected to draw");
  std::vector<const scene::Panel*> drawn;
  for (const std::size_t i : shown) drawn.push_back(&scene.panels[i]);
  m.set_layout(panel_set(drawn));
  m.bind(out);
  cairo_t* cr = m.cr.get();
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  for (std::size_t k = 0; k < shown.size(); ++k) {
    const scene::Panel& p = scene.panels[shown[k]];
    std::visit([&](const auto& content) { m.draw(scene, p, content, m.layout.panels[k], view[shown[k]]); },
               p.content);
  }
  if (m.options.heading) m.draw_heading(scene);
  cairo_surface_flush(m.surface.get());
  check_cairo(cairo_status(cr), "rendering a frame");
}

}  // namespace nnviz::render
