#include <gtest/gtest.h>

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

}  // namespace
