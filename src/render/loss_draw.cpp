#include "loss_draw.hpp"

#include <algorithm>
#include <cmath>
#include <vector>
#include <optional>

#include "nnviz/render/loss_panel.hpp"

namespace nnviz::render {
namespace {

bool has_validation(const std::vector<train::Metrics>& history) {
  return std::any_of(history.begin(), history.end(), [](const train::Metrics& m) { return m.val_loss.has_value(); });
}

// Which number of a frame's metrics a curve shows.
using Value = std::optional<double> (*)(const train::Metrics&);

// Where a frame stands on the epoch axis: its epoch, or with step snapshots its fraction of epochs.
double epoch_x(const train::Metrics& m, double steps_per_epoch) {
  return steps_per_epoch > 0 ? static_cast<double>(m.step) / steps_per_epoch : m.epoch;
}

// One curve through every epoch of `history` that has a finite value. Where a long run puts more
// than four points in the same half-pixel column, the column's points are stroked as its first,
// lowest, highest and last (in their order): the same ink to a fraction of a pixel, and a cost per
// frame bounded by the panel's width, not by the run's length.
void stroke_curve(cairo_t* cr, const std::vector<train::Metrics>& history, Value value, const Viewport& vp,
                  double steps_per_epoch) {
  cairo_new_path(cr);
  bool open = false;
  struct Point {
    double x, y;
  };
  std::vector<Point> column;  // the open run's points in the current half-pixel column
  double column_key = std::nan("");
  const auto emit = [&](const Point& p) {
    if (open) {
      cairo_line_to(cr, p.x, p.y);
    } else {
      cairo_move_to(cr, p.x, p.y);
      // A lone point still shows: a zero-length segment with round caps is a dot.
      cairo_line_to(cr, p.x, p.y);
      open = true;
    }
  };
  const auto flush = [&] {
    if (column.size() <= 4) {
      for (const Point& p : column) emit(p);
    } else {
      std::size_t lo = 0, hi = 0;
      for (std::size_t i = 1; i < column.size(); ++i) {
        if (column[i].y < column[lo].y) lo = i;
        if (column[i].y > column[hi].y) hi = i;
      }
      emit(column.front());
      emit(column[std::min(lo, hi)]);
      emit(column[std::max(lo, hi)]);
      emit(column.back());
    }
    column.clear();
  };
  for (const train::Metrics& m : history) {
    const std::optional<double> v = value(m);
    if (!v || !std::isfinite(*v)) {
      flush();
      open = false;
      column_key = std::nan("");
      continue;
    }
    const Point p{vp.px(epoch_x(m, steps_per_epoch)), vp.py(*v)};
    const double key = std::floor(2 * p.x);
    if (!(key == column_key)) flush();
    column_key = key;
    column.push_back(p);
  }
  flush();
  cairo_stroke(cr);
}

void mark(cairo_t* cr, const train::Metrics& m, Value value, const Viewport& vp, const Rgb& colour,
          double diameter, double steps_per_epoch) {
  const std::optional<double> v = value(m);
  if (!v || !std::isfinite(*v)) return;
  cairo_new_path(cr);
  cairo_arc(cr, vp.px(epoch_x(m, steps_per_epoch)), vp.py(*v), 0.5 * diameter, 0, 2 * M_PI);
  cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
  cairo_fill_preserve(cr);
  // A white edge, as the data points have, so the marker reads on top of its own line.
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, 0.15 * diameter);
  cairo_set_dash(cr, nullptr, 0, 0);
  cairo_stroke(cr);
}

std::optional<double> loss_of(const train::Metrics& m) { return m.loss; }
std::optional<double> accuracy_of(const train::Metrics& m) { return m.accuracy; }
std::optional<double> val_loss_of(const train::Metrics& m) { return m.val_loss; }
std::optional<double> val_accuracy_of(const train::Metrics& m) { return m.val_accuracy; }

}  // namespace

scene::Bounds accuracy_view(const scene::Bounds& loss_view, double top) {
  return {loss_view.xmin, loss_view.xmax, loss_view.ymin / top, loss_view.ymax / top};
}

std::vector<LegendEntry> loss_legend(const LossCurves& c) {
  std::vector<LegendEntry> entries{{"loss", c.loss_colour, false}, {"accuracy", c.accuracy_colour, false}};
  if (has_validation(c.history)) entries.push_back({"validation", ink, true});
  return entries;
}

void draw_loss_curves(cairo_t* cr, const LossCurves& c, const Viewport& loss, const Viewport& accuracy,
                      double line_width, double dash, double marker) {
  if (c.history.empty()) return;
  const PixelRect& r = loss.rect();
  cairo_save(cr);
  cairo_rectangle(cr, r.x, r.y, r.width, r.height);
  cairo_clip(cr);
  const bool validation = has_validation(c.history);
  // Validation first, so the training curves (what the heading reports) stay on top.
  if (validation) {
    set_curve_style(cr, {"", c.loss_colour, true}, line_width, dash);
    stroke_curve(cr, c.history, val_loss_of, loss, c.steps_per_epoch);
    set_curve_style(cr, {"", c.accuracy_colour, true}, line_width, dash);
    stroke_curve(cr, c.history, val_accuracy_of, accuracy, c.steps_per_epoch);
  }
  set_curve_style(cr, {"", c.loss_colour, false}, line_width, dash);
  stroke_curve(cr, c.history, loss_of, loss, c.steps_per_epoch);
  set_curve_style(cr, {"", c.accuracy_colour, false}, line_width, dash);
  stroke_curve(cr, c.history, accuracy_of, accuracy, c.steps_per_epoch);

  const train::Metrics& now = c.history.back();
  if (validation) {
    mark(cr, now, val_loss_of, loss, c.loss_colour, 0.75 * marker, c.steps_per_epoch);
    mark(cr, now, val_accuracy_of, accuracy, c.accuracy_colour, 0.75 * marker, c.steps_per_epoch);
  }
  mark(cr, now, loss_of, loss, c.loss_colour, marker, c.steps_per_epoch);
  mark(cr, now, accuracy_of, accuracy, c.accuracy_colour, marker, c.steps_per_epoch);
  cairo_restore(cr);
}

}  // namespace nnviz::render
