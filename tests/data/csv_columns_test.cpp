// Which columns of a CSV file are x0, x1 and the label: header names, --columns, or the three
// of a 3-column file; wider files are refused listing their columns.
#include <gtest/gtest.h>

#include <string>

#include "nnviz/data/csv.hpp"
#include "nnviz/util/error.hpp"

namespace {
using nnviz::UsageError;
using nnviz::data::CsvColumns;
using nnviz::data::Dataset;
using nnviz::data::parse_csv;
using nnviz::data::parse_csv_columns;

struct Refusal {
  std::string message;
  std::string field;
};

Refusal refusal(const std::string& text, const CsvColumns& columns = {}) {
  try {
    parse_csv(text, "pts.csv", columns);
  } catch (const UsageError& e) {
    return {e.what(), e.field()};
  }
  ADD_FAILURE() << "expected a UsageError for:\n" << text;
  return {};
}

void expect_points(const Dataset& d) {  // the points (-1, 0.5) 0, (2, 1.5) 1, (3, 2.5) 0
  ASSERT_EQ(d.size(), 3);
  EXPECT_EQ(d.X(0, 0), -1.0);
  EXPECT_EQ(d.X(0, 1), 0.5);
  EXPECT_EQ(d.X(2, 0), 3.0);
  EXPECT_EQ(d.X(2, 1), 2.5);
  EXPECT_EQ(d.y(0), 0.0);
  EXPECT_EQ(d.y(1), 1.0);
}

TEST(csv_columns, a_header_naming_x0_x1_y_in_any_order_and_case_picks_them) {
  expect_points(parse_csv("id,X0,X1,y\n7,-1,0.5,0\n8,2,1.5,1\n9,3,2.5,0\n", "pts.csv"));
  expect_points(parse_csv("Y,note,x1,x0\n0,a,0.5,-1\n1,b,1.5,2\n0,c,2.5,3\n", "pts.csv"));
  expect_points(parse_csv("x1,y,X0\n0.5,0,-1\n1.5,1,2\n2.5,0,3\n", "pts.csv"));  // 3 columns, reordered
}

TEST(csv_columns, three_unnamed_columns_are_x0_x1_label_with_or_without_a_header) {
  expect_points(parse_csv("a,b,label\n-1,0.5,0\n2,1.5,1\n3,2.5,0\n", "pts.csv"));
  expect_points(parse_csv("-1,0.5,0\n2,1.5,1\n3,2.5,0\n", "pts.csv"));
  expect_points(parse_csv("X0,X1,class\n-1,0.5,0\n2,1.5,1\n3,2.5,0\n", "pts.csv"));  // names where they belong
}

TEST(csv_columns, a_wider_file_without_those_names_is_refused_listing_its_columns) {
  const Refusal named = refusal("id,a,b,label\n7,-1,0.5,0\n8,2,1.5,1\n");
  EXPECT_EQ(named.field, "data_columns");
  EXPECT_EQ(named.message,
            "pts.csv: 4 columns (id, a, b, label), none named X0, X1 and y: say which hold x0, x1 and the label, by "
            "header name (any case) or 0-based index, e.g. --columns id,a,label");
  const Refusal bare = refusal("7,-1,0.5,0\n8,2,1.5,1\n");
  EXPECT_EQ(bare.field, "data_columns");
  EXPECT_NE(bare.message.find("4 columns (no header; 0 to 3)"), std::string::npos) << bare.message;
  EXPECT_NE(bare.message.find("--columns 0,1,3"), std::string::npos) << bare.message;
  // Two of the three names is not enough to guess the third.
  EXPECT_EQ(refusal("X0,X1,a,b\n1,2,3,0\n2,3,4,1\n").field, "data_columns");
}

TEST(csv_columns, a_3_column_header_naming_the_columns_elsewhere_is_refused_not_guessed) {
  const Refusal r = refusal("X1,X0,label\n1,2,0\n2,3,1\n");
  EXPECT_EQ(r.field, "data_columns");
  EXPECT_NE(r.message.find("in another place"), std::string::npos) << r.message;
}

TEST(csv_columns, a_name_given_twice_is_refused) {
  const Refusal r = refusal("x0,X0,x1,y\n1,2,3,0\n2,3,4,1\n");
  EXPECT_EQ(r.field, "data_columns");
  EXPECT_NE(r.message.find("two columns are named 'X0'"), std::string::npos) << r.message;
}

TEST(csv_columns, columns_picks_by_header_name_in_any_case_or_by_index) {
  const std::string text = "id,b,a,cls,junk\n7,0.5,-1,0,x\n8,1.5,2,1,y\n9,2.5,3,0,z\n";
  expect_points(parse_csv(text, "pts.csv", parse_csv_columns("A,b,CLS")));
  expect_points(parse_csv(text, "pts.csv", parse_csv_columns(" 2 , 1 , 3 ")));
  expect_points(parse_csv(text, "pts.csv", parse_csv_columns("a,1,cls")));
  // Picked columns win over the names X0, X1, y.
  expect_points(parse_csv("X0,X1,y,p,q,r\n9,9,1,-1,0.5,0\n9,9,1,2,1.5,1\n9,9,1,3,2.5,0\n", "pts.csv",
                          parse_csv_columns("p,q,r")));
  // Headerless files take indices.
  expect_points(parse_csv("0.5,x,-1,0\n1.5,y,2,1\n2.5,z,3,0\n", "pts.csv", parse_csv_columns("2,0,3")));
}

TEST(csv_columns, bad_picks_are_refused_naming_the_columns) {
  const std::string text = "id,a,b,label\n7,-1,0.5,0\n8,2,1.5,1\n";
  EXPECT_EQ(refusal(text, parse_csv_columns("a,b,zz")).message,
            "pts.csv: no column is named 'zz': the file has 4 columns (id, a, b, label)");
  EXPECT_EQ(refusal(text, parse_csv_columns("1,2,4")).message,
            "pts.csv: there is no column 4 (counted from 0): the file has 4 columns (id, a, b, label)");
  EXPECT_EQ(refusal(text, parse_csv_columns("a,A,label")).message,
            "pts.csv: the columns of x0 and x1 are the same (a)");
  EXPECT_EQ(refusal("7,-1,0.5,0\n8,2,1.5,1\n", parse_csv_columns("a,b,c")).message,
            "pts.csv: the file has no header to find 'a' in; give 0-based indices");
  EXPECT_EQ(refusal(text, parse_csv_columns("a,b,id")).message, "pts.csv:2:1: label '7' is not 0 or 1");
}

TEST(csv_columns, the_columns_option_needs_three_items) {
  for (const std::string& bad : {"a,b", "a,b,c,d", "a,,c", "", "a,b,"}) {
    try {
      parse_csv_columns(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const UsageError& e) {
      EXPECT_EQ(e.field(), "data_columns");
    }
  }
}

}  // namespace
