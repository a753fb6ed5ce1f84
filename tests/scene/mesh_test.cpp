#include <gtest/gtest.h>

#include <cmath>

#include "nnviz/scene/mesh.hpp"

namespace {

TEST(mesh, is_an_inclusive_linspace_over_each_data_column) {
  Eigen::MatrixXd X(3, 2);  // (n, 2)
  X << -1.0, 10.0, 0.5, 20.0, 2.0, 15.0;
  const nnviz::scene::Mesh m = nnviz::scene::make_mesh(X, 4);
  ASSERT_EQ(m.points.rows(), 16);
  EXPECT_DOUBLE_EQ(m.points(0, 0), -1.0);   // ix 0, iy 0
  EXPECT_DOUBLE_EQ(m.points(0, 1), 10.0);
  EXPECT_DOUBLE_EQ(m.points(3, 0), 2.0);    // ix 3: x max
  EXPECT_DOUBLE_EQ(m.points(1, 0), 0.0);    // -1 + 3/3
  EXPECT_DOUBLE_EQ(m.points(4, 1), 10.0 + 10.0 / 3.0);  // iy 1
  EXPECT_DOUBLE_EQ(m.points(15, 1), 20.0);  // last row: y max
}

TEST(mesh, its_ring_extends_the_grid_past_a_five_percent_margin) {
  Eigen::MatrixXd X(3, 2);
  X << -1.0, 10.0, 0.5, 20.0, 2.0, 15.0;
  const nnviz::scene::Mesh m = nnviz::scene::make_mesh(X, 21);  // steps of 0.15 and 0.5
  const int b = m.border, ext = m.image_resolution();
  EXPECT_EQ(ext, 21 + 2 * b);
  ASSERT_EQ(m.ring.rows(), ext * ext - 21 * 21);
  // The ring reaches beyond the axes' 5% margin on every side, on the mesh's own steps.
  EXPECT_LT(m.ring.col(0).minCoeff(), -1.0 - 0.05 * 3.0);
  EXPECT_GT(m.ring.col(0).maxCoeff(), 2.0 + 0.05 * 3.0);
  EXPECT_LT(m.ring.col(1).minCoeff(), 10.0 - 0.05 * 10.0);
  EXPECT_GT(m.ring.col(1).maxCoeff(), 20.0 + 0.05 * 10.0);
  for (Eigen::Index k = 0; k < m.ring.rows(); ++k) {
    const double ix = (m.ring(k, 0) + 1.0) / 0.15, iy = (m.ring(k, 1) - 10.0) / 0.5;
    EXPECT_NEAR(ix, std::round(ix), 1e-9);
    EXPECT_NEAR(iy, std::round(iy), 1e-9);
    // Not a mesh point.
    EXPECT_TRUE(std::round(ix) < 0 || std::round(ix) > 20 || std::round(iy) < 0 || std::round(iy) > 20) << k;
  }
  // A column without extent: no ring.
  Eigen::MatrixXd flat(2, 2);
  flat << 0.0, 1.0, 0.0, 2.0;
  EXPECT_EQ(nnviz::scene::make_mesh(flat, 10).border, 0);
  EXPECT_EQ(nnviz::scene::make_mesh(flat, 10).ring.rows(), 0);
}

}  // namespace
