#include "nnviz/util/json.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "nnviz/util/error.hpp"

namespace {

using nnviz::util::Json;

// The message of the nnviz::Error that `text` raises when parsed ("" if none).
std::string parse_error(const std::string& text) {
  try {
    (void)Json::parse(text);
  } catch (const nnviz::Error& e) {
    return e.what();
  }
  return "";
}

TEST(json, parses_every_kind_of_value) {
  const Json doc = Json::parse(R"( {"n": null, "t": true, "f": false, "x": -12.5e1, "s": "hi",
                                    "a": [1, [2], {}], "o": {"k": []}} )");
  ASSERT_TRUE(doc.is_object());
  EXPECT_TRUE(doc.at("n").is_null());
  EXPECT_TRUE(doc.at("t").as_bool());
  EXPECT_FALSE(doc.at("f").as_bool());
  EXPECT_EQ(doc.at("x").as_number(), -125.0);
  EXPECT_EQ(doc.at("s").as_string(), "hi");
  EXPECT_EQ(doc.at("a").size(), 3u);
  EXPECT_EQ(doc.at("a").at(1).at(0).as_number(), 2.0);
  EXPECT_TRUE(doc.at("a").at(2).is_object());
  EXPECT_TRUE(doc.at("o").at("k").is_array());
  EXPECT_EQ(doc.find("missing"), nullptr);
}

TEST(json, objects_keep_insertion_order) {
  Json doc;
  doc["zeta"] = 1;
  doc["alpha"] = 2;
  doc["mid"] = "x";
  doc["zeta"] = 3;  // replaces in place, keeps position
  EXPECT_EQ(doc.dump(), R"({"zeta":3,"alpha":2,"mid":"x"})");
  const Json parsed = Json::parse(R"({"b": 1, "a": 2, "c": 3})");
  EXPECT_EQ(parsed.as_object()[0].first, "b");
  EXPECT_EQ(parsed.as_object()[2].first, "c");
}

TEST(json, numbers_are_written_in_shortest_round_trip_form) {
  EXPECT_EQ(Json(0.1).dump(), "0.1");
  EXPECT_EQ(Json(1.0).dump(), "1");
  EXPECT_EQ(Json(-3).dump(), "-3");
  EXPECT_EQ(Json(1e300).dump(), "1e+300");
  for (const double value : {1.0 / 3.0, 0.6408065171074039, 5e-324, -2.2250738585072014e-308,
                             std::numeric_limits<double>::max(), 123456789012345.0}) {
    const Json back = Json::parse(Json(value).dump());
    EXPECT_EQ(back.as_number(), value) << Json(value).dump();
  }
}

TEST(json, non_finite_numbers_are_written_as_null) {
  Json doc;
  doc["nan"] = std::nan("");
  doc["inf"] = std::numeric_limits<double>::infinity();
  EXPECT_EQ(doc.dump(), R"({"nan":null,"inf":null})");
}

TEST(json, strings_escape_and_unescape) {
  const std::string raw = "quote\" backslash\\ newline\n tab\t bell\x07 \xC3\xA9";
  const std::string text = Json(raw).dump();
  EXPECT_EQ(text, "\"quote\\\" backslash\\\\ newline\\n tab\\t bell\\u0007 \xC3\xA9\"");
  EXPECT_EQ(Json::parse(text).as_string(), raw);
  // \u escapes become UTF-8, including a surrogate pair (U+1F600).
  EXPECT_EQ(Json::parse(R"("\u00e9\ud83d\ude00\/")").as_string(), "\xC3\xA9\xF0\x9F\x98\x80/");
}

TEST(json, dump_and_parse_round_trip_pretty_and_compact) {
  Json doc;
  doc["name"] = "run";
  doc["values"].push_back(1.5);
  doc["values"].push_back(Json::array());
  doc["nested"]["empty"] = Json::object();
  const std::string pretty = doc.dump(2);
  EXPECT_EQ(pretty,
            "{\n  \"name\": \"run\",\n  \"values\": [\n    1.5,\n    []\n  ],\n"
            "  \"nested\": {\n    \"empty\": {}\n  }\n}");
  EXPECT_EQ(Json::parse(pretty), doc);
  EXPECT_EQ(Json::parse(doc.dump()), doc);
}

TEST(json, errors_give_line_and_column) {
  EXPECT_EQ(parse_error("{\n  \"a\": tru\n}"), "JSON: line 2, column 8: invalid literal (expected 'true')");
  EXPECT_EQ(parse_error("[1, 2,]"), "JSON: line 1, column 7: unexpected character ']', expected a value");
  EXPECT_EQ(parse_error("{\"a\": 1, \"a\": 2}"), "JSON: line 1, column 10: duplicate key \"a\"");
  EXPECT_EQ(parse_error("[1 2]"), "JSON: line 1, column 4: expected ',' or ']' in an array");
  EXPECT_EQ(parse_error("\"open"), "JSON: line 1, column 6: unterminated string");
  EXPECT_EQ(parse_error(""), "JSON: line 1, column 1: unexpected end of input, expected a value");
  EXPECT_EQ(parse_error("1 2"), "JSON: line 1, column 3: unexpected text after the JSON value");
}

TEST(json, rejects_what_strict_json_forbids) {
  for (const char* bad : {"01", "1.", ".5", "+1", "1e", "NaN", "Infinity", "-", "[1,]", "{\"a\":1,}",
                          "// c\n1", "'s'", "\"tab\there\"", "\"\\x\"", "\"\\ud800\"", "1e999"}) {
    EXPECT_FALSE(parse_error(bad).empty()) << bad;
  }
  // Deep nesting is an error, not a stack overflow.
  EXPECT_NE(parse_error(std::string(100000, '[')).find("nesting"), std::string::npos);
}

TEST(json, typed_access_names_the_mismatch) {
  const Json doc = Json::parse(R"({"a": "text"})");
  try {
    (void)doc.at("a").as_number();
    FAIL();
  } catch (const nnviz::Error& e) {
    EXPECT_STREQ(e.what(), "JSON: expected a number, found a string");
  }
  EXPECT_THROW((void)doc.at("b"), nnviz::Error);
  EXPECT_THROW((void)Json::parse("[1]").at(1), nnviz::Error);
}

TEST(json, reads_the_reference_golden_file) {
  const Json doc = nnviz::util::read_json_file(NNVIZ_SOURCE_DIR "/tests/data/reference/onestep.json");
  EXPECT_EQ(doc.at("activation").as_string(), "tanh");
  EXPECT_EQ(doc.at("batch_x").size(), 32u);
  EXPECT_EQ(doc.at("checks").at("f64_loss_before").as_number(), 0.6408065171074039);
  EXPECT_THROW((void)nnviz::util::read_json_file("/nonexistent/file.json"), nnviz::Error);
}

}  // namespace
