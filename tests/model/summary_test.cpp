#include <gtest/gtest.h>

#include "nnviz/model/summary.hpp"
#include "nnviz/util/numpy_random.hpp"

namespace {

nnviz::model::Network net(const std::vector<int>& hidden) {
  nnviz::model::Architecture a;
  a.hidden = hidden;
  nnviz::util::NumpyRandom rng(1);
  return nnviz::model::make_network(a, rng);
}

TEST(summary, the_notebooks_model_has_nine_parameters_in_two_dense_layers) {
  const std::string s = nnviz::model::keras_summary(net({2}));
  EXPECT_NE(s.find(" dense (Dense)               (None, 2)                 6"), std::string::npos) << s;
  EXPECT_NE(s.find(" dense_1 (Dense)             (None, 1)                 3"), std::string::npos) << s;
  EXPECT_NE(s.find("Total params: 9\n"), std::string::npos);
  EXPECT_NE(s.find("Non-trainable params: 0\n"), std::string::npos);
}

TEST(summary, counts_every_layer_and_groups_thousands) {
  const std::string s = nnviz::model::keras_summary(net({64, 32}));
  // 2*64+64 + 64*32+32 + 32+1 = 192 + 2080 + 33 = 2305
  EXPECT_NE(s.find("(None, 32)                2,080"), std::string::npos) << s;
  EXPECT_NE(s.find("Total params: 2,305\n"), std::string::npos) << s;
}

}  // namespace
