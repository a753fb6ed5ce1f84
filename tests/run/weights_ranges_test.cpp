// A weights file is input too: values the pictures cannot hold (1e308 weights, coordinates
// beyond a data file's bound, labels other than 0/1, a huge leaky_relu alpha) are refused as it is
// read, naming the file, instead of failing after the work with "did training diverge?".
#include <gtest/gtest.h>

#include <string>

#include "nnviz/model/network.hpp"
#include "nnviz/run/record.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/numpy_random.hpp"

namespace {
using nnviz::util::Json;

Json a_record() {
  nnviz::run::RunRecord r;
  r.config.architecture.activations = {nnviz::model::Activation::parse("leaky_relu")};
  r.train.X.resize(2, 2);
  r.train.X << 0.0, 1.0, 2.0, 3.0;
  r.train.y.resize(2);
  r.train.y << 0.0, 1.0;
  r.train.name = "pts";
  r.validation.X.resize(0, 2);
  r.validation.y.resize(0);
  nnviz::util::NumpyRandom rng(1);
  nnviz::train::Checkpoint c;
  c.set_network(nnviz::model::make_network(r.config.architecture, rng));
  r.checkpoints.push_back(c);
  return nnviz::run::record_to_json(r);
}

std::string refusal(const Json& j) {
  try {
    nnviz::run::record_from_json(j, "w.json");
  } catch (const nnviz::UsageError& e) {
    return e.what();
  }
  ADD_FAILURE() << "accepted";
  return {};
}

TEST(weights_ranges, the_record_as_written_reads_back) {
  EXPECT_EQ(nnviz::run::record_from_json(a_record(), "w.json").checkpoints.size(), 1U);
}

TEST(weights_ranges, a_weight_of_1e308_is_refused_naming_the_file_and_place) {
  Json j = a_record();
  j["frames"][0]["layers"][0]["kernel"][1][0] = 1e308;
  EXPECT_EQ(refusal(j), "w.json: frame 0 layer 0 kernel row 1 column 0: 1e+308 is out of range (at most 1e+15 in magnitude)");
  j = a_record();
  j["frames"][0]["layers"][1]["bias"][0] = -1e300;
  EXPECT_NE(refusal(j).find("w.json: frame 0 layer 1 bias"), std::string::npos);
}

TEST(weights_ranges, coordinates_and_labels_are_checked_as_a_data_file_s) {
  Json j = a_record();
  j["train"]["X"][1][0] = 1e38;
  EXPECT_EQ(refusal(j), "w.json: train.X row 1 column 0: 1e+38 is out of range (at most 1e+06 in magnitude)");
  j = a_record();
  j["train"]["y"][0] = 2;
  EXPECT_EQ(refusal(j), "w.json: train.y: label 2 (row 0) is not 0 or 1");
}

TEST(weights_ranges, a_huge_leaky_alpha_is_refused) {
  Json j = a_record();
  j["config"]["architecture"]["activations"][0]["alpha"] = 1e308;
  EXPECT_NE(refusal(j).find("w.json: leaky_relu's alpha 1e+308 is out of range"), std::string::npos) << refusal(j);
}

TEST(weights_ranges, a_nul_in_a_name_is_refused_shown_escaped_not_cutting_the_message) {
  Json j = a_record();
  j["config"]["architecture"]["activations"][0]["name"] = std::string("\0tanh\x1b[2J", 9);
  EXPECT_EQ(refusal(j), "w.json: config.architecture.activations[0].name: '\\x00tanh\\x1b[2J' holds a NUL byte");
  j = a_record();
  j["config"]["architecture"]["activations"][0]["name"] = "\x1b[2Jtanh";
  EXPECT_EQ(refusal(j).rfind("w.json: unknown activation '\\x1b[2Jtanh'", 0), 0U) << refusal(j);
}

}  // namespace
