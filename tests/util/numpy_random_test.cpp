// NumpyRandom against facts from numpy's legacy RandomState. Exact equality is right here: the
// same algorithm on the same doubles gives the same bits.
#include "nnviz/util/numpy_random.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <set>
#include <vector>

using nnviz::util::NumpyRandom;

TEST(numpy_random_test, first_standard_normals_for_seed_12345_match_numpy) {
  // np.random.seed(12345); np.random.standard_normal(3)
  NumpyRandom rng(12345);
  EXPECT_EQ(rng.standard_normal(), -0.20470765948471295);
  EXPECT_EQ(rng.standard_normal(), 0.47894333805754824);
  EXPECT_EQ(rng.standard_normal(), -0.5194387150567381);
}

TEST(numpy_random_test, seed_0_matches_well_known_numpy_values) {
  // np.random.seed(0); np.random.rand() / np.random.seed(0); np.random.randn()
  NumpyRandom uniform(0);
  EXPECT_EQ(uniform.random_sample(), 0.5488135039273248);
  NumpyRandom normal(0);
  EXPECT_EQ(normal.standard_normal(), 1.764052345967664);
}

TEST(numpy_random_test, seeding_is_mt19937_init_genrand) {
  // The C++ standard's check value: the 10000th output of mt19937 seeded 5489.
  NumpyRandom rng(5489);
  std::uint32_t value = 0;
  for (int i = 0; i < 10000; ++i) value = rng.next_u32();
  EXPECT_EQ(value, 4123659995u);
}

TEST(numpy_random_test, random_sample_uses_53_bits_from_two_draws) {
  std::mt19937 engine(7);
  NumpyRandom rng(7);
  for (int i = 0; i < 100; ++i) {
    const std::uint32_t a = static_cast<std::uint32_t>(engine()) >> 5;
    const std::uint32_t b = static_cast<std::uint32_t>(engine()) >> 6;
    EXPECT_EQ(rng.random_sample(), (a * 67108864.0 + b) / 9007199254740992.0);
  }
}

TEST(numpy_random_test, random_sample_stays_in_unit_interval) {
  NumpyRandom rng(1);
  double sum = 0.0;
  constexpr int n = 100000;
  for (int i = 0; i < n; ++i) {
    const double u = rng.random_sample();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / n, 0.5, 0.01);
}

TEST(numpy_random_test, normal_is_loc_plus_scale_times_standard_normal) {
  NumpyRandom a(12345);
  NumpyRandom b(12345);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(a.normal(-1.0, 0.5), -1.0 + 0.5 * b.standard_normal());
}

TEST(numpy_random_test, interval_stays_within_zero_and_max) {
  NumpyRandom rng(3);
  for (std::uint64_t max : {1ULL, 2ULL, 5ULL, 7ULL, 8ULL, 1000ULL, 0xffffffffULL,
                            0x100000000ULL, 0xffffffffffffffffULL}) {
    for (int i = 0; i < 2000; ++i) ASSERT_LE(rng.interval(max), max) << "max " << max;
  }
}

TEST(numpy_random_test, interval_reaches_every_value) {
  NumpyRandom rng(4);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(rng.interval(5));
  EXPECT_EQ(seen, (std::set<std::uint64_t>{0, 1, 2, 3, 4, 5}));
}

TEST(numpy_random_test, interval_of_zero_consumes_no_draw) {
  NumpyRandom rng(9);
  NumpyRandom fresh(9);
  EXPECT_EQ(rng.interval(0), 0u);
  EXPECT_EQ(rng.next_u32(), fresh.next_u32());
}

TEST(numpy_random_test, interval_rejects_masked_draws_above_max) {
  // max 5 -> mask 7: the result is the first draw whose low 3 bits are <= 5.
  std::mt19937 engine(11);
  NumpyRandom rng(11);
  for (int i = 0; i < 200; ++i) {
    std::uint32_t expected = 0;
    while ((expected = static_cast<std::uint32_t>(engine()) & 7u) > 5u) {
    }
    ASSERT_EQ(rng.interval(5), expected);
  }
}

TEST(numpy_random_test, shuffle_is_a_permutation) {
  NumpyRandom rng(5);
  std::vector<int> values(1000);
  std::iota(values.begin(), values.end(), 0);
  rng.shuffle(values);
  std::vector<int> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int> expected(1000);
  std::iota(expected.begin(), expected.end(), 0);
  EXPECT_EQ(sorted, expected);
  EXPECT_NE(values, expected);
}

TEST(numpy_random_test, shuffle_is_deterministic_per_seed) {
  std::vector<int> a(50), b(50), c(50);
  std::iota(a.begin(), a.end(), 0);
  b = a;
  c = a;
  NumpyRandom ra(21);
  NumpyRandom rb(21);
  NumpyRandom rc(22);
  ra.shuffle(a);
  rb.shuffle(b);
  rc.shuffle(c);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(numpy_random_test, shuffle_matches_numpy_permutation_for_seed_0) {
  // np.random.seed(0); np.random.permutation(10)
  NumpyRandom rng(0);
  std::vector<int> values(10);
  std::iota(values.begin(), values.end(), 0);
  rng.shuffle(values);
  EXPECT_EQ(values, (std::vector<int>{2, 8, 4, 9, 1, 6, 7, 3, 0, 5}));
}

TEST(numpy_random_test, shuffle_of_empty_and_single_element_draws_nothing) {
  NumpyRandom rng(8);
  NumpyRandom fresh(8);
  std::vector<int> empty;
  std::vector<int> one{42};
  rng.shuffle(empty);
  rng.shuffle(one);
  EXPECT_EQ(one, std::vector<int>{42});
  EXPECT_EQ(rng.next_u32(), fresh.next_u32());
}
