#pragma once
// Mesh cells filled straight into raw pixels: triangles and quads whose colour is the palette
// entry of a probability interpolated linearly across them.
#include "raster.hpp"

namespace nnviz::render {

// A mesh vertex in pixels with its probability t in [0, 1].
struct Vertex {
  double x, y, t;
};

// Fills the pixels whose centres lie in the triangle (edges inclusive, so cells sharing an edge
// leave no gaps), colour interpolated linearly in t and looked up in `colours`.
void fill_triangle(const RawPixels& px, Vertex a, Vertex b, Vertex c, const ColourTable& colours);
// A mesh cell: the same pixels and colours as fill_triangle(p00, p10, p11) followed by
// fill_triangle(p00, p11, p01) (up to pixel centres exactly on an edge), with one bounding box
// and one pass over it for both.
void fill_quad(const RawPixels& px, Vertex p00, Vertex p10, Vertex p11, Vertex p01, const ColourTable& colours);

}  // namespace nnviz::render
