// Shards: every run in exactly one slice, whatever the numbering of K.
#include "nnviz/sweep/shard.hpp"

#include <gtest/gtest.h>

#include "nnviz/util/error.hpp"

namespace {
using namespace nnviz::sweep;

TEST(shard, every_run_is_in_exactly_one_shard_for_both_numberings) {
  const std::size_t runs = 37;
  for (int n = 1; n <= 5; ++n) {
    for (int first : {0, 1}) {  // 0..N-1 and 1..N (Slurm arrays may use either)
      std::vector<int> hits(runs, 0);
      for (int k = first; k < first + n; ++k) {
        const Shard s = parse_shard(std::to_string(k) + "/" + std::to_string(n));
        for (std::size_t i = 0; i < runs; ++i) hits[i] += s.contains(i) ? 1 : 0;
      }
      for (std::size_t i = 0; i < runs; ++i) EXPECT_EQ(hits[i], 1) << "run " << i << " N " << n << " from " << first;
    }
  }
}

TEST(shard, assignment_is_the_index_mod_n) {
  const Shard s = parse_shard("2/3");
  EXPECT_FALSE(s.contains(0));
  EXPECT_TRUE(s.contains(2));
  EXPECT_TRUE(s.contains(5));
  EXPECT_TRUE(parse_shard("3/3").contains(0));
}

TEST(shard, bad_text_is_a_usage_error_naming_the_option) {
  for (const char* bad : {"", "1", "a/2", "1/0", "3/2", "-1/2", "1/2/3"}) {
    try {
      parse_shard(bad);
      ADD_FAILURE() << bad;
    } catch (const nnviz::UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("--shard"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
