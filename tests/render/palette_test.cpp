#include "nnviz/render/palette.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "nnviz/util/error.hpp"

namespace nnviz::render {
namespace {

std::vector<std::vector<double>> read_csv(const std::string& name) {
  std::ifstream in(std::string(NNVIZ_SOURCE_DIR) + "/data/" + name);
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string field;
    std::vector<double> row;
    while (std::getline(ss, field, ',')) row.push_back(std::stod(field));
    rows.push_back(row);
  }
  return rows;
}

TEST(palette, seaborn_table_is_the_csv_compiled_in) {
  const Palette& p = palette_by_name("seaborn");
  const auto rows = read_csv("diverging_220_20_lut.csv");
  ASSERT_EQ(rows.size(), 256u);
  for (int i = 0; i < 256; i += 17) {
    const Rgb& c = p.at(rows[i][1]);
    EXPECT_NEAR(c.r, rows[i][2], 1e-9) << i;
    EXPECT_NEAR(c.g, rows[i][3], 1e-9) << i;
    EXPECT_NEAR(c.b, rows[i][4], 1e-9) << i;
  }
  const auto classes = read_csv("diverging_220_20_classes.csv");
  ASSERT_EQ(classes.size(), 2u);
  EXPECT_NEAR(p.class_colour(0).r, classes[0][1], 1e-9);
  EXPECT_NEAR(p.class_colour(1).b, classes[1][3], 1e-9);
}

TEST(palette, clamps_out_of_range_and_nan_probabilities) {
  const Palette& p = palette_by_name("seaborn");
  EXPECT_EQ(p.argb(-3.0), p.argb(0.0));
  EXPECT_EQ(p.argb(7.0), p.argb(1.0));
  EXPECT_EQ(p.argb(std::nan("")), p.argb(0.0));
  EXPECT_EQ(p.argb(0.0) >> 24, 0xFFu);  // opaque
}

TEST(palette, okabe_ito_runs_blue_through_light_to_vermillion) {
  const Palette& p = palette_by_name("okabe-ito");
  EXPECT_EQ(p.argb(0.0), 0xFF0072B2u);
  EXPECT_EQ(p.argb(1.0), 0xFFD55E00u);
  const Rgb& mid = p.at(0.5);
  EXPECT_GT(mid.r, 0.9);
  EXPECT_GT(mid.g, 0.9);
  EXPECT_GT(mid.b, 0.9);
  EXPECT_EQ(to_argb(p.class_colour(0)), p.argb(0.0));
}

TEST(palette, unknown_name_lists_the_valid_ones) {
  try {
    palette_by_name("rainbow");
    FAIL() << "no exception";
  } catch (const UsageError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("rainbow"), std::string::npos);
    for (const std::string& n : palette_names()) EXPECT_NE(what.find(n), std::string::npos) << n;
  }
}

}  // namespace
}  // namespace nnviz::render
