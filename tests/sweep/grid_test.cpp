// Grid expansion: list syntax, ranges, the product's size and order, run names.
#include "nnviz/sweep/grid.hpp"

#include <gtest/gtest.h>

#include <set>

#include "nnviz/util/error.hpp"

namespace {
using nnviz::UsageError;
using namespace nnviz::sweep;

const ListSpec lr_spec{"lr", "--lr", "lr", ValueKind::number, 0.0, 1e9, true};
const ListSpec seed_spec{"seed", "--seed", "seed", ValueKind::integer, 0, 4294967295.0};
const ListSpec act_spec{"activation", "--activation", "", ValueKind::text};
const ListSpec hidden_spec{"hidden", "--hidden", "h", ValueKind::architecture};

std::string message_of(const ListSpec& spec, const std::vector<std::string>& items) {
  try {
    expand_list(spec, items);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "no error";
}

TEST(grid, comma_lists_and_repeated_items_both_give_values) {
  EXPECT_EQ(expand_list(act_spec, {"tanh,relu, sigmoid"}).values, (std::vector<std::string>{"tanh", "relu", "sigmoid"}));
  EXPECT_EQ(expand_list(lr_spec, {"0.1", "0.01"}).values, (std::vector<std::string>{"0.1", "0.01"}));
}

TEST(grid, integer_ranges_include_both_ends) {
  EXPECT_EQ(expand_list(seed_spec, {"1..5"}).values, (std::vector<std::string>{"1", "2", "3", "4", "5"}));
  EXPECT_EQ(expand_list(seed_spec, {"1..2,7"}).values, (std::vector<std::string>{"1", "2", "7"}));
  EXPECT_EQ(expand_list(seed_spec, {"4..4"}).values, (std::vector<std::string>{"4"}));
}

TEST(grid, architectures_are_separated_by_semicolons_or_slashes) {
  EXPECT_EQ(expand_list(hidden_spec, {"2;8;8,8"}).values, (std::vector<std::string>{"2", "8", "8,8"}));
  EXPECT_EQ(expand_list(hidden_spec, {"2/8,4"}).values, (std::vector<std::string>{"2", "8,4"}));
}

TEST(grid, bad_lists_are_usage_errors_naming_the_option) {
  const struct {
    const ListSpec& spec;
    std::vector<std::string> items;
    std::string expected;
  } cases[] = {
      {lr_spec, {"0.1,,0.01"}, "empty item"},
      {lr_spec, {"fast"}, "not a number"},
      {lr_spec, {"0"}, "> 0"},
      {lr_spec, {"inf"}, "finite"},
      {seed_spec, {"5..1"}, "backwards"},
      {seed_spec, {"1..x"}, "range"},
      {seed_spec, {"1.5"}, "integer"},
      {seed_spec, {"-1"}, "in [0, 4294967295]"},
      {seed_spec, {"0..200000"}, "more than"},
      {hidden_spec, {"2;eight"}, "layer widths"},
      {act_spec, {}, "at least one"},
  };
  for (const auto& c : cases) {
    const std::string m = message_of(c.spec, c.items);
    EXPECT_EQ(m.rfind(c.spec.option + ": ", 0), 0U) << m;
    EXPECT_NE(m.find(c.expected), std::string::npos) << m;
  }
}

std::vector<Axis> notebook_grid() {
  return {expand_list(act_spec, {"tanh,relu,sigmoid"}), expand_list(lr_spec, {"0.1,0.01"}),
          expand_list(seed_spec, {"1..5"})};
}

TEST(grid, product_has_every_combination_once_the_last_axis_fastest) {
  const std::vector<GridRun> runs = expand_grid(notebook_grid());
  ASSERT_EQ(runs.size(), 30U);
  std::set<std::vector<std::pair<std::string, std::string>>> distinct;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    EXPECT_EQ(runs[i].index, i);
    ASSERT_EQ(runs[i].settings.size(), 3U);
    distinct.insert(runs[i].settings);
  }
  EXPECT_EQ(distinct.size(), 30U);
  EXPECT_EQ(runs[0].name, "tanh-lr0.1-seed1");
  EXPECT_EQ(runs[1].name, "tanh-lr0.1-seed2");
  EXPECT_EQ(runs[5].name, "tanh-lr0.01-seed1");
  EXPECT_EQ(runs[10].name, "relu-lr0.1-seed1");
  EXPECT_EQ(runs[29].name, "sigmoid-lr0.01-seed5");
  EXPECT_EQ(runs[29].label, "sigmoid, lr 0.01, seed 5");
}

TEST(grid, names_show_only_the_options_that_vary) {
  const std::vector<Axis> axes{expand_list(act_spec, {"tanh"}), expand_list(lr_spec, {"0.1,0.01"}),
                               expand_list(seed_spec, {"3"})};
  const std::vector<GridRun> runs = expand_grid(axes);
  ASSERT_EQ(runs.size(), 2U);
  EXPECT_EQ(runs[0].name, "lr0.1");
  EXPECT_EQ(runs[1].name, "lr0.01");
  // The settings still hold every axis.
  EXPECT_EQ(runs[0].settings.front(), (std::pair<std::string, std::string>{"activation", "tanh"}));
  EXPECT_EQ(expand_grid({expand_list(act_spec, {"tanh"})}).front().name, "run");
}

TEST(grid, names_are_stable_and_filesystem_safe) {
  const std::vector<Axis> axes{expand_list(hidden_spec, {"2;8,8"}), expand_list(seed_spec, {"1,2"})};
  const std::vector<GridRun> a = expand_grid(axes);
  const std::vector<GridRun> b = expand_grid(axes);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].name, b[i].name);
  EXPECT_EQ(a[2].name, "h8_8-seed1");
  for (const GridRun& r : a)
    for (char ch : r.name) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(ch)) || std::string("._+-").find(ch) != std::string::npos) << r.name;
  EXPECT_EQ(filesystem_safe("../a b/c"), ".._a_b_c");
  EXPECT_EQ(filesystem_safe(".."), "_..");
  EXPECT_EQ(filesystem_safe(""), "_");
}

TEST(grid, colliding_names_get_their_index) {
  Axis data{"dataset", "--data", "", {"a/x.csv", "b/x.csv"}, {"x", "x"}};
  const std::vector<GridRun> runs = expand_grid({data});
  EXPECT_EQ(runs[0].name, "x-0");
  EXPECT_EQ(runs[1].name, "x-1");
}

}  // namespace

namespace {

TEST(grid, a_value_listed_twice_runs_once_numbers_compared_as_numbers) {
  EXPECT_EQ(expand_list(lr_spec, {"0.1,0.10"}).values, (std::vector<std::string>{"0.1"}));
  EXPECT_EQ(expand_list(lr_spec, {"0.1", "1e-1,0.01"}).values, (std::vector<std::string>{"0.1", "0.01"}));
  EXPECT_EQ(expand_list(seed_spec, {"1..3,2"}).values, (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(expand_list(act_spec, {"tanh,relu,tanh"}).values, (std::vector<std::string>{"tanh", "relu"}));
}

TEST(grid, a_number_beyond_double_is_out_of_range_not_a_word) {
  EXPECT_NE(message_of(lr_spec, {"1e999"}).find("out of the range"), std::string::npos);
  EXPECT_NE(message_of(lr_spec, {"nan"}).find("finite"), std::string::npos);
}

}  // namespace
