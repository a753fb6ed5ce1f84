#include "points_draw.hpp"

namespace nnviz::render {

void draw_data_points(cairo_t* cr, const PointsData& data, const Viewport& vp) {
  RawPixels px(cr, vp.rect());
  const bool any_held_out = !data.held_out.empty();
  for (Eigen::Index i = 0; i < data.points.rows(); ++i) {
    const int cls = data.labels(i) > 0.5 ? 1 : 0;
    const bool hollow = any_held_out && data.held_out[static_cast<std::size_t>(i)];
    const Sprite& s = hollow ? data.sprites.hollow[cls] : data.sprites.filled[cls];
    stamp(px, s, vp.px(data.points(i, 0)), vp.py(data.points(i, 1)));
  }
  if (data.prob == nullptr) return;
  for (Eigen::Index i = 0; i < data.points.rows(); ++i) {
    if (!misclassified(data.labels(i), (*data.prob)(i))) continue;
    const int predicted = (*data.prob)(i) > 0.5 ? 1 : 0;
    stamp(px, data.sprites.wrong[predicted], vp.px(data.points(i, 0)), vp.py(data.points(i, 1)));
  }
}

}  // namespace nnviz::render
