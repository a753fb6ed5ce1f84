#include "nnviz/data/dataset.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <utility>

#include "nnviz/data/generators.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/numpy_random.hpp"

using nnviz::UsageError;
using nnviz::data::Dataset;
using nnviz::data::split_stratified;
using nnviz::util::NumpyRandom;

namespace {

// Row r is (r, -r) so that every part can be traced back to the original rows.
Dataset numbered(int zeros, int ones) {
  Dataset d;
  const int n = zeros + ones;
  d.X.resize(n, 2);
  d.y.resize(n);
  for (int r = 0; r < n; ++r) {
    d.X(r, 0) = r;
    d.X(r, 1) = -r;
    d.y(r) = r < zeros ? 0.0 : 1.0;
  }
  d.name = "numbered";
  return d;
}

Eigen::Index count_label(const Dataset& d, double label) {
  Eigen::Index n = 0;
  for (Eigen::Index r = 0; r < d.size(); ++r) n += d.y(r) == label ? 1 : 0;
  return n;
}

// The field a UsageError names (the CLI turns it into --validation-split: tests/cli/messages_test.cpp).
std::string usage_error_field(const Dataset& d, double fraction) {
  NumpyRandom rng(1);
  try {
    split_stratified(d, fraction, rng);
  } catch (const UsageError& e) {
    return e.field();
  }
  return {};
}

std::string usage_error_message(const Dataset& d, double fraction) {
  NumpyRandom rng(1);
  try {
    split_stratified(d, fraction, rng);
  } catch (const UsageError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a UsageError";
  return {};
}

}  // namespace

TEST(dataset_test, split_takes_the_rounded_fraction_of_each_class) {
  NumpyRandom rng(12345);
  const auto [train, validation] = split_stratified(numbered(30, 70), 0.25, rng);
  // round(0.25 * 30) = 8 (7.5 rounds half away from zero), round(0.25 * 70) = 18 (17.5)
  EXPECT_EQ(count_label(validation, 0.0), 8);
  EXPECT_EQ(count_label(validation, 1.0), 18);
  EXPECT_EQ(count_label(train, 0.0), 22);
  EXPECT_EQ(count_label(train, 1.0), 52);
}

TEST(dataset_test, split_parts_partition_the_rows_and_keep_the_original_order) {
  NumpyRandom rng(3);
  const Dataset all = numbered(100, 300);
  const auto [train, validation] = split_stratified(all, 0.2, rng);
  EXPECT_EQ(train.size() + validation.size(), all.size());
  std::set<int> seen;
  for (const Dataset* part : {&train, &validation}) {
    for (Eigen::Index r = 0; r < part->size(); ++r) {
      const int original = static_cast<int>(part->X(r, 0));
      EXPECT_TRUE(seen.insert(original).second) << "row " << original << " twice";
      EXPECT_EQ(part->X(r, 1), -original);
      EXPECT_EQ(part->y(r), all.y(original));
      if (r > 0) {
        EXPECT_LT(part->X(r - 1, 0), part->X(r, 0)) << "order changed";
      }
    }
    EXPECT_EQ(part->name, "numbered");
  }
  EXPECT_EQ(seen.size(), 400u);
}

TEST(dataset_test, split_is_random_but_deterministic_per_seed) {
  const Dataset all = numbered(50, 50);
  NumpyRandom a(7);
  NumpyRandom b(7);
  NumpyRandom c(8);
  const Dataset va = split_stratified(all, 0.3, a).second;
  const Dataset vb = split_stratified(all, 0.3, b).second;
  const Dataset vc = split_stratified(all, 0.3, c).second;
  EXPECT_EQ(va.X, vb.X);
  EXPECT_NE(va.X, vc.X);
  // Random rows, not Keras' "last rows" nor the first ones: 15 of each class, spread out.
  ASSERT_EQ(va.size(), 30);
  EXPECT_FALSE(va.X(14, 0) == 14.0 && va.X(29, 0) == 64.0) << "the first rows of each class";
  EXPECT_FALSE(va.X(0, 0) == 35.0 && va.X(15, 0) == 85.0) << "the last rows of each class";
}

TEST(dataset_test, split_picks_with_numpy_shuffle_class_0_first) {
  const Dataset all = numbered(4, 4);
  NumpyRandom rng(11);
  const Dataset validation = split_stratified(all, 0.5, rng).second;
  NumpyRandom reference(11);
  std::vector<int> zeros{0, 1, 2, 3};
  std::vector<int> ones{4, 5, 6, 7};
  reference.shuffle(zeros);
  reference.shuffle(ones);
  std::set<double> expected{double(zeros[0]), double(zeros[1]), double(ones[0]), double(ones[1])};
  std::set<double> got;
  for (Eigen::Index r = 0; r < validation.size(); ++r) got.insert(validation.X(r, 0));
  EXPECT_EQ(got, expected);
}

TEST(dataset_test, notebook_blobs_split_keeps_both_classes_in_both_parts) {
  NumpyRandom data_rng(12345);
  const Dataset all = nnviz::data::make_dataset({}, data_rng);
  NumpyRandom rng(12345);
  const auto [train, validation] = split_stratified(all, 0.2, rng);
  EXPECT_EQ(count_label(validation, 0.0), 40);
  EXPECT_EQ(count_label(validation, 1.0), 40);
  EXPECT_EQ(train.size(), 320);
}

TEST(dataset_test, fraction_outside_zero_and_one_is_a_usage_error_naming_the_option) {
  for (double fraction : {0.0, 1.0, -0.1, 1.5, std::nan("")}) {
    EXPECT_EQ(usage_error_field(numbered(10, 10), fraction), "validation_split") << fraction;
  }
}

TEST(dataset_test, fraction_leaving_a_class_without_validation_rows_is_a_usage_error) {
  const std::string message = usage_error_message(numbered(4, 100), 0.1);
  // round(0.1 * 4) = 0 rows of class 0
  EXPECT_EQ(usage_error_field(numbered(4, 100), 0.1), "validation_split");
  EXPECT_NE(message.find("class 0"), std::string::npos) << message;
}

TEST(dataset_test, fraction_leaving_a_class_without_training_rows_is_a_usage_error) {
  const std::string message = usage_error_message(numbered(100, 2), 0.8);
  // round(0.8 * 2) = 2 of 2 rows of class 1
  EXPECT_NE(message.find("class 1"), std::string::npos) << message;
  EXPECT_NE(message.find("training"), std::string::npos) << message;
}
