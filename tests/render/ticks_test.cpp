#include "nnviz/render/ticks.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace nnviz::render {
namespace {

double mantissa(double step) { return step / std::pow(10.0, std::floor(std::log10(step) + 1e-9)); }

TEST(ticks, picks_integer_steps_for_the_notebook_input_range) {
  const Ticks t = nice_ticks(-2.3, 2.4, 6);
  EXPECT_DOUBLE_EQ(t.step, 1);
  ASSERT_EQ(t.values.size(), 5u);
  EXPECT_DOUBLE_EQ(t.values.front(), -2);
  EXPECT_EQ(t.labels.front(), "\u22122");  // a real minus sign
  EXPECT_EQ(t.labels[2], "0");
}

TEST(ticks, labels_share_decimals_and_never_show_minus_zero) {
  const Ticks t = nice_ticks(-1.05, 1.05, 6);
  EXPECT_DOUBLE_EQ(t.step, 0.5);
  ASSERT_EQ(t.labels.size(), 5u);
  EXPECT_EQ(t.labels[0], "\u22121.0");
  EXPECT_EQ(t.labels[2], "0.0");
  EXPECT_EQ(t.labels[4], "1.0");
}

TEST(ticks, a_minimum_step_keeps_epoch_ticks_whole) {
  const Ticks t = nice_ticks(-0.15, 3.15, 8, 1.0);
  EXPECT_DOUBLE_EQ(t.step, 1);
  ASSERT_EQ(t.labels.size(), 4u);
  EXPECT_EQ(t.labels[3], "3");
}

TEST(ticks, steps_are_1_2_5_and_fit_the_count) {
  for (double lo : {-7.3, -0.013, 0.0, 12.5, -1234.0})
    for (double span : {0.02, 0.7, 3.3, 18.0, 999.0})
      for (int count : {3, 5, 8}) {
        const Ticks t = nice_ticks(lo, lo + span, count);
        const double m = mantissa(t.step);
        EXPECT_TRUE(std::abs(m - 1) < 1e-6 || std::abs(m - 2) < 1e-6 || std::abs(m - 5) < 1e-6) << t.step;
        EXPECT_LE(static_cast<int>(t.values.size()), count);
        EXPECT_GE(t.values.size(), 1u);
        for (double v : t.values) {
          EXPECT_GE(v, lo - 1e-9 * span);
          EXPECT_LE(v, lo + span + 1e-9 * span);
        }
      }
}

TEST(ticks, a_single_value_range_gives_one_tick) {
  const Ticks t = nice_ticks(0.5, 0.5, 5);
  ASSERT_EQ(t.values.size(), 1u);
  EXPECT_DOUBLE_EQ(t.values[0], 0.5);
}

}  // namespace
}  // namespace nnviz::render
