#pragma once
// Text on a finished Frame (a comparison canvas's headings and each tile's figures), in the
// figures' font, through Pango: sizes in pixels, measured before drawing so callers can lay out.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "nnviz/util/frame.hpp"

namespace nnviz::render {

struct TextStyle {
  double size_px = 12;
  bool bold = false;
  std::uint32_t argb = 0xFF262626;  // the figures' ink
};

// One painter per thread; it caches shaped text like the renderer does.
class TextPainter {
 public:
  TextPainter();
  ~TextPainter();
  TextPainter(const TextPainter&) = delete;
  TextPainter& operator=(const TextPainter&) = delete;

  // The logical size of `text` in pixels (width, height).
  std::pair<double, double> size(const std::string& text, const TextStyle& style);
  // Draws `text` into `frame` with the point (h, v) of its box (0 left/top, 0.5 centre, 1
  // right/bottom) at (x, y). Throws nnviz::Error when Cairo fails.
  void draw(util::Frame& frame, const std::string& text, const TextStyle& style, double x, double y, double h = 0,
            double v = 0);
  // The figures' key (the classes' dots, "held out" if `held_out`, a colour bar of P(class 1) in
  // `palette`'s region colours; see Renderer's) in text of `size_px`, right-aligned at `right`,
  // its two lines' middles at `row1` and `row2`, never left of `left1` / `left2` on them (the
  // text it must clear). False, drawing nothing, when it does not fit.
  bool draw_key(util::Frame& frame, const std::string& palette, bool held_out, double size_px, double right,
                double row1, double row2, double left1, double left2);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nnviz::render
