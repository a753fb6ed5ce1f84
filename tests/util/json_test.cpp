// The JSON glue: integers from files are read exactly or refused, never cast unchecked.
#include "nnviz/util/json.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>

namespace {

using nnviz::util::Json;
using nnviz::util::whole_number;

TEST(json_test, whole_numbers_read_exactly_in_any_json_spelling) {
  EXPECT_EQ(Json::parse("42").get<int>(), 42);
  EXPECT_EQ(Json::parse("-7").get<int>(), -7);
  EXPECT_EQ(Json::parse("3.0").get<int>(), 3);  // as older files wrote some counts
  EXPECT_EQ(Json::parse("4294967295").get<std::uint32_t>(), 4294967295U);
  EXPECT_EQ(whole_number<std::size_t>(Json::parse("18446744073709551615")), 18446744073709551615ULL);
}

TEST(json_test, what_the_integer_cannot_hold_is_refused_not_cast) {
  // Each of these was undefined behaviour through nlohmann's unchecked static_cast.
  for (const char* text : {"1e300", "-1e300", "2147483648", "-2147483649", "2.5", "1e10"})
    EXPECT_THROW(Json::parse(text).get<int>(), Json::out_of_range) << text;
  for (const char* text : {"-1", "4294967296", "1e20", "0.5"})
    EXPECT_THROW(Json::parse(text).get<unsigned>(), Json::out_of_range) << text;
  EXPECT_THROW(whole_number<std::size_t>(Json::parse("-1")), Json::out_of_range);
  EXPECT_THROW(whole_number<std::size_t>(Json::parse("1e300")), Json::out_of_range);
  EXPECT_THROW(Json::parse("\"12\"").get<int>(), Json::type_error);
}

TEST(json_test, ints_are_written_as_json_integers) {
  const Json j = {{"epochs", 200}, {"seed", 12345U}};
  EXPECT_EQ(j.dump(), "{\"epochs\":200,\"seed\":12345}");
}

}  // namespace
