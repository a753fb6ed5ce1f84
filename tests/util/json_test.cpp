// The JSON glue: integers from files are read exactly or refused, never cast unchecked; the parse
// looks at the interrupt flag.
#include "nnviz/util/json.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstddef>
#include <cstdint>
#include <string>

#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"

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

namespace {

// A JSON array of `n` numbers: some 7 bytes each, so a few 64 KiB steps of the parser's check.
std::string long_array(std::size_t n) {
  std::string text = "[";
  for (std::size_t i = 0; i < n; ++i) text += (i == 0 ? "0.12345" : ",0.12345");
  return text + "]";
}

TEST(json_test, the_parse_stops_at_a_raised_interrupt_flag) {
  // A 100 MB weights file is seconds of parsing; the flag is looked at while it goes on.
  nnviz::util::InterruptFlag flag;
  flag.raise(SIGINT);
  try {
    (void)nnviz::util::parse_json(long_array(100000), "w.json", &flag);
    ADD_FAILURE() << "expected nnviz::Interrupted";
  } catch (const nnviz::Interrupted& e) {
    EXPECT_EQ(e.exit_code(), 130);
    EXPECT_NE(std::string(e.what()).find("w.json"), std::string::npos) << e.what();
  }
}

TEST(json_test, a_binary_file_is_named_as_one) {
  // An mp4 begins with a box size such as 00 00 00 20: given as a weights file, the message must
  // say what the file is, not "unexpected end of input".
  const std::string mp4("\0\0\0\x20" "ftypisom\0\0\x02\0", 16);
  try {
    (void)nnviz::util::parse_json(mp4, "run.mp4", nullptr);
    ADD_FAILURE() << "expected nnviz::Error";
  } catch (const nnviz::Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("run.mp4: a binary file, not JSON text"), std::string::npos) << what;
    EXPECT_EQ(what.find("unexpected end"), std::string::npos) << what;
  }
  // An empty file is called empty.
  try {
    (void)nnviz::util::parse_json(" \n", "e.json", nullptr);
    ADD_FAILURE() << "expected nnviz::Error";
  } catch (const nnviz::Error& e) {
    EXPECT_NE(std::string(e.what()).find("e.json: the file is empty"), std::string::npos) << e.what();
  }
  // Text that is merely wrong keeps the parser's own words and position.
  try {
    (void)nnviz::util::parse_json("{\"a\": tru}", "t.json", nullptr);
    ADD_FAILURE() << "expected nnviz::Error";
  } catch (const nnviz::Error& e) {
    EXPECT_NE(std::string(e.what()).find("line 1, column"), std::string::npos) << e.what();
  }
}

TEST(json_test, the_interruptible_parse_reads_as_nlohmann_does) {
  nnviz::util::InterruptFlag flag;  // never raised
  const std::string text = long_array(100000);
  EXPECT_EQ(nnviz::util::parse_json(text, "w.json", &flag), Json::parse(text));
  EXPECT_EQ(nnviz::util::parse_json("\xEF\xBB\xBF{\"a\": [1, 2.5, null]}", "b.json"), Json::parse("{\"a\": [1, 2.5, null]}"));
  try {
    (void)nnviz::util::parse_json("{\"a\":\n [1,, 2]}", "bad.json", &flag);
    ADD_FAILURE() << "expected an error";
  } catch (const nnviz::Error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.json: JSON: line 2, column 5"), std::string::npos) << e.what();
  }
}

}  // namespace
