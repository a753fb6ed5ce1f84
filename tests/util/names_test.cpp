// util::NameTable: the one case rule, aliases, and the message of a refused name.
#include "nnviz/util/names.hpp"

#include <gtest/gtest.h>

namespace {

using nnviz::UsageError;
using nnviz::util::NameTable;

enum class Colour { red, dark_blue };

const NameTable<Colour>& colours() {
  static const NameTable<Colour> table("colour", "colour", {{Colour::red, "red"}, {Colour::dark_blue, "dark_blue"}},
                                       {{Colour::dark_blue, "navy"}});
  return table;
}

TEST(names_test, parse_accepts_any_case) {
  EXPECT_EQ(colours().parse("red"), Colour::red);
  EXPECT_EQ(colours().parse("RED"), Colour::red);
  EXPECT_EQ(colours().parse("Dark_Blue"), Colour::dark_blue);
}

TEST(names_test, aliases_parse_but_are_not_listed) {
  EXPECT_EQ(colours().parse("navy"), Colour::dark_blue);
  EXPECT_EQ(colours().parse("NAVY"), Colour::dark_blue);
  EXPECT_EQ(colours().names(), (std::vector<std::string>{"red", "dark_blue"}));
  EXPECT_EQ(colours().name(Colour::dark_blue), "dark_blue");
}

TEST(names_test, an_unknown_name_is_a_usage_error_with_the_field_and_the_valid_names) {
  try {
    (void)colours().parse("green");
    FAIL() << "green parsed";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.field(), "colour");
    EXPECT_STREQ(e.what(), "unknown colour 'green' (valid: red, dark_blue; navy is an alias of dark_blue)");
  }
  EXPECT_FALSE(colours().find("reds").has_value());
  EXPECT_FALSE(colours().find("").has_value());
}

TEST(names_test, same_name_ignores_ascii_case_only) {
  EXPECT_TRUE(nnviz::util::same_name("okabe-ito", "OKABE-ITO"));
  EXPECT_FALSE(nnviz::util::same_name("relu", "relu6"));
  EXPECT_FALSE(nnviz::util::same_name("a-b", "a_b"));
}

}  // namespace
