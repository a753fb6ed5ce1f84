#include "nnviz/data/generators.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "nnviz/data/csv.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/numpy_random.hpp"

using nnviz::UsageError;
using nnviz::data::Dataset;
using nnviz::data::dataset_names;
using nnviz::data::DatasetSpec;
using nnviz::data::make_dataset;
using nnviz::util::NumpyRandom;

namespace {

const std::string reference_csv = std::string(NNVIZ_SOURCE_DIR) + "/data/blobs_seed12345.csv";

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Parsed here with strtod, independently of data::read_csv.
struct Rows {
  std::vector<double> x0, x1, y;
};
Rows read_reference() {
  std::istringstream in(read_text(reference_csv));
  Rows rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    char* end = nullptr;
    rows.x0.push_back(std::strtod(line.c_str(), &end));
    rows.x1.push_back(std::strtod(end + 1, &end));
    rows.y.push_back(std::strtod(end + 1, &end));
  }
  return rows;
}

Dataset make(const std::string& name, std::uint32_t seed, std::optional<int> samples = {},
             std::optional<double> noise = {}) {
  NumpyRandom rng(seed);
  return make_dataset(DatasetSpec{name, samples, noise}, rng);
}

// The field a UsageError names (the CLI turns it into the flag: tests/cli/messages_test.cpp).
std::string usage_error_field(const DatasetSpec& spec) {
  NumpyRandom rng(1);
  try {
    make_dataset(spec, rng);
  } catch (const UsageError& e) {
    return e.field();
  }
  return {};
}

std::string usage_error_message(const DatasetSpec& spec) {
  NumpyRandom rng(1);
  try {
    make_dataset(spec, rng);
  } catch (const UsageError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a UsageError";
  return {};
}

bool identical(const Dataset& a, const Dataset& b) {
  return a.X.rows() == b.X.rows() && a.X == b.X && a.y == b.y;
}

}  // namespace

TEST(generators_test, default_blobs_equal_the_notebook_reference_bit_for_bit) {
  const Rows ref = read_reference();
  ASSERT_EQ(ref.x0.size(), 400u);
  const Dataset d = make("blobs", 12345);
  ASSERT_EQ(d.size(), 400);
  for (Eigen::Index r = 0; r < d.size(); ++r) {
    const auto i = static_cast<std::size_t>(r);
    ASSERT_EQ(d.X(r, 0), ref.x0[i]) << "row " << r;
    ASSERT_EQ(d.X(r, 1), ref.x1[i]) << "row " << r;
    ASSERT_EQ(d.y(r), ref.y[i]) << "row " << r;
  }
  EXPECT_EQ(d.name, "blobs");
}

TEST(generators_test, default_blobs_written_as_csv_equal_the_reference_file_byte_for_byte) {
  EXPECT_EQ(nnviz::data::to_csv(make("blobs", 12345)), read_text(reference_csv));
}

TEST(generators_test, default_spec_is_the_notebook_blobs) {
  NumpyRandom a(12345);
  NumpyRandom b(12345);
  EXPECT_TRUE(identical(make_dataset(DatasetSpec{}, a), make_dataset({"blobs", 400, 0.5}, b)));
}

TEST(generators_test, blobs_split_samples_a_quarter_a_half_a_quarter) {
  const Dataset d = make("blobs", 1, 10);
  // 10 -> 2 + 6 + 2
  const std::vector<double> expected{0, 0, 1, 1, 1, 1, 1, 1, 0, 0};
  ASSERT_EQ(d.size(), 10);
  for (Eigen::Index r = 0; r < d.size(); ++r) EXPECT_EQ(d.y(r), expected[static_cast<std::size_t>(r)]);
}

TEST(generators_test, blobs_noise_is_the_standard_deviation) {
  NumpyRandom rng(7);
  NumpyRandom reference(7);
  const Dataset d = make_dataset({"blobs", 8, 0.25}, rng);
  // The first row is drawn from normal(-1, noise).
  EXPECT_EQ(d.X(0, 0), reference.normal(-1.0, 0.25));
  EXPECT_EQ(d.X(0, 1), reference.normal(-1.0, 0.25));
}

TEST(generators_test, names_are_listed_in_help_order) {
  EXPECT_EQ(dataset_names(),
            (std::vector<std::string>{"blobs", "xor", "circles", "moons", "spiral", "gauss"}));
}

TEST(generators_test, every_generator_gives_the_requested_count_of_finite_points_in_two_classes) {
  for (const std::string& name : dataset_names()) {
    for (std::optional<int> samples : {std::optional<int>{}, std::optional<int>{4},
                                       std::optional<int>{7}, std::optional<int>{401}}) {
      const Dataset d = make(name, 3, samples);
      const Eigen::Index expected = samples.value_or(400);
      SCOPED_TRACE(name + " with " + std::to_string(expected) + " samples");
      ASSERT_EQ(d.X.rows(), expected);
      ASSERT_EQ(d.X.cols(), 2);
      ASSERT_EQ(d.y.size(), expected);
      EXPECT_TRUE(d.X.allFinite());
      EXPECT_EQ(d.name, name);
      Eigen::Index ones = 0;
      for (Eigen::Index r = 0; r < d.size(); ++r) {
        ASSERT_TRUE(d.y(r) == 0.0 || d.y(r) == 1.0);
        ones += d.y(r) == 1.0 ? 1 : 0;
      }
      EXPECT_GT(ones, 0);
      EXPECT_LT(ones, expected);
    }
  }
}

TEST(generators_test, every_generator_is_deterministic_per_seed) {
  for (const std::string& name : dataset_names()) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(identical(make(name, 42), make(name, 42)));
    EXPECT_FALSE(identical(make(name, 42), make(name, 43)));
  }
}

TEST(generators_test, every_generator_accepts_zero_noise) {
  for (const std::string& name : dataset_names()) {
    SCOPED_TRACE(name);
    const Dataset d = make(name, 5, 20, 0.0);
    EXPECT_EQ(d.size(), 20);
    EXPECT_TRUE(d.X.allFinite());
  }
}

TEST(generators_test, circles_without_noise_lie_on_radius_1_and_0_5) {
  const Dataset d = make("circles", 1, 40, 0.0);
  for (Eigen::Index r = 0; r < d.size(); ++r)
    EXPECT_NEAR(d.X.row(r).norm(), d.y(r) == 0.0 ? 1.0 : 0.5, 1e-12) << "row " << r;
}

TEST(generators_test, moons_without_noise_match_sklearn_shape) {
  const Dataset d = make("moons", 1, 6, 0.0);
  // Upper moon from (1, 0) over (0, 1) to (-1, 0); lower moon from (0, 0.5) to (2, 0.5).
  EXPECT_NEAR(d.X(0, 0), 1.0, 1e-15);
  EXPECT_NEAR(d.X(1, 1), 1.0, 1e-15);
  EXPECT_NEAR(d.X(2, 0), -1.0, 1e-15);
  EXPECT_NEAR(d.X(3, 0), 0.0, 1e-15);
  EXPECT_NEAR(d.X(3, 1), 0.5, 1e-15);
  EXPECT_NEAR(d.X(4, 1), -0.5, 1e-15);
  EXPECT_NEAR(d.X(5, 0), 2.0, 1e-15);
}

TEST(generators_test, xor_labels_class_1_where_the_signs_differ_without_noise) {
  const Dataset d = make("xor", 2, 100, 0.0);
  for (Eigen::Index r = 0; r < d.size(); ++r) {
    EXPECT_GE(std::abs(d.X(r, 0)), 0.05);
    EXPECT_GE(std::abs(d.X(r, 1)), 0.05);
    EXPECT_EQ(d.y(r), (d.X(r, 0) * d.X(r, 1) < 0.0) ? 1.0 : 0.0) << "row " << r;
  }
}

TEST(generators_test, spiral_without_noise_stays_within_radius_1) {
  const Dataset d = make("spiral", 2, 100, 0.0);
  for (Eigen::Index r = 0; r < d.size(); ++r) EXPECT_LT(d.X.row(r).norm(), 1.0);
}

TEST(generators_test, gauss_classes_are_centred_on_opposite_corners) {
  const Dataset d = make("gauss", 2, 2000);
  Eigen::Vector2d mean0 = Eigen::Vector2d::Zero();
  Eigen::Vector2d mean1 = Eigen::Vector2d::Zero();
  for (Eigen::Index r = 0; r < d.size(); ++r)
    (d.y(r) == 0.0 ? mean0 : mean1) += d.X.row(r).transpose() / 1000.0;
  EXPECT_NEAR(mean0.x(), -1.0, 0.1);
  EXPECT_NEAR(mean0.y(), -1.0, 0.1);
  EXPECT_NEAR(mean1.x(), 1.0, 0.1);
  EXPECT_NEAR(mean1.y(), 1.0, 0.1);
}

TEST(generators_test, unknown_name_is_a_usage_error_listing_the_valid_names) {
  const std::string message = usage_error_message({"swirl", {}, {}});
  EXPECT_EQ(usage_error_field({"swirl", {}, {}}), "dataset");
  EXPECT_NE(message.find("'swirl'"), std::string::npos) << message;
  for (const std::string& name : dataset_names())
    EXPECT_NE(message.find(name), std::string::npos) << name << " missing in: " << message;
}

TEST(generators_test, samples_out_of_range_are_a_usage_error_naming_the_option) {
  for (int samples : {-1, 0, 3, 1'000'001}) {
    const std::string message = usage_error_message({"moons", samples, {}});
    EXPECT_EQ(usage_error_field({"moons", samples, {}}), "samples");
    EXPECT_NE(message.find(std::to_string(samples)), std::string::npos) << message;
  }
  NumpyRandom rng(1);
  EXPECT_NO_THROW(make_dataset({"gauss", 1'000'000, {}}, rng));
}

TEST(generators_test, negative_or_non_finite_noise_is_a_usage_error_naming_the_option) {
  for (double noise : {-0.1, std::nan(""), HUGE_VAL, -HUGE_VAL}) {
    EXPECT_EQ(usage_error_field({"blobs", {}, noise}), "noise") << noise;
  }
}

TEST(generators_test, a_bad_option_consumes_no_random_numbers) {
  NumpyRandom rng(12);
  NumpyRandom fresh(12);
  EXPECT_THROW(make_dataset({"blobs", 2, {}}, rng), UsageError);
  EXPECT_EQ(rng.next_u32(), fresh.next_u32());
}
