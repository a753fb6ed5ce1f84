#include "nnviz/data/csv.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "nnviz/data/generators.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/numpy_random.hpp"

namespace fs = std::filesystem;
using nnviz::UsageError;
using nnviz::data::Dataset;
using nnviz::data::parse_csv;
using nnviz::data::read_csv;
using nnviz::data::to_csv;
using nnviz::data::write_csv;

namespace {

std::string parse_error(const std::string& text, const std::string& source = "points.csv") {
  try {
    parse_csv(text, source);
  } catch (const UsageError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a UsageError for:\n" << text;
  return {};
}

// Folder for file tests, removed afterwards.
class ScratchFolder {
 public:
  ScratchFolder() {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("nnviz_csv_test_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

Dataset small_dataset() {
  Dataset d;
  d.X.resize(3, 2);
  d.X << 0.1, -2.5, 1e-300, 123456.125, -0.0, 5e-324;
  d.y.resize(3);
  d.y << 0, 1, 1;
  d.name = "small";
  return d;
}

}  // namespace

TEST(csv_test, to_csv_writes_the_header_and_shortest_round_trip_numbers) {
  EXPECT_EQ(to_csv(small_dataset()),
            "X0,X1,y\n0.1,-2.5,0\n1e-300,123456.125,1\n-0,5e-324,1\n");
}

TEST(csv_test, round_trip_is_bit_for_bit) {
  nnviz::util::NumpyRandom rng(99);
  for (const std::string& name : nnviz::data::dataset_names()) {
    const Dataset original = nnviz::data::make_dataset({name, 500, {}}, rng);
    const Dataset back = parse_csv(to_csv(original), "round trip");
    ASSERT_EQ(back.size(), original.size()) << name;
    for (Eigen::Index r = 0; r < original.size(); ++r) {
      // Compare the bits, so that -0.0 and 0.0 would differ.
      ASSERT_EQ(std::signbit(back.X(r, 0)), std::signbit(original.X(r, 0)));
      ASSERT_EQ(back.X(r, 0), original.X(r, 0)) << name << " row " << r;
      ASSERT_EQ(back.X(r, 1), original.X(r, 1)) << name << " row " << r;
      ASSERT_EQ(back.y(r), original.y(r)) << name << " row " << r;
    }
  }
}

TEST(csv_test, extreme_doubles_a_data_file_may_hold_round_trip) {
  Dataset d;
  d.X.resize(3, 2);
  d.X << nnviz::data::max_csv_coordinate, std::numeric_limits<double>::denorm_min(),
      -nnviz::data::max_csv_coordinate, std::numeric_limits<double>::min(), std::nextafter(1e6, 0.0), -0.0;
  d.y.resize(3);
  d.y << 1, 0, 1;
  const Dataset back = parse_csv(to_csv(d), "extremes");
  EXPECT_EQ(back.X, d.X);
  EXPECT_EQ(back.y, d.y);
}

TEST(csv_test, write_csv_then_read_csv_round_trips_and_names_the_dataset_after_the_file) {
  ScratchFolder dir;
  const fs::path path = dir.path() / "points.csv";
  const Dataset original = small_dataset();
  write_csv(original, path);
  const Dataset back = read_csv(path);
  EXPECT_EQ(back.X, original.X);
  EXPECT_EQ(back.y, original.y);
  EXPECT_EQ(back.name, "points.csv");
}

TEST(csv_test, reads_the_notebook_reference_file) {
  const Dataset d = read_csv(fs::path(NNVIZ_SOURCE_DIR) / "data" / "blobs_seed12345.csv");
  EXPECT_EQ(d.size(), 400);
  EXPECT_EQ(d.X(0, 0), -1.1023538297423565);
  EXPECT_EQ(d.y(100), 1.0);
}

TEST(csv_test, a_wider_file_reads_the_columns_it_is_told) {
  const Dataset d = parse_csv("a,b,weight,class\n1,2,whatever,0\n3,4,,1\n", "wide.csv",
                              nnviz::data::parse_csv_columns("a,b,class"));
  ASSERT_EQ(d.size(), 2);
  EXPECT_EQ(d.X(1, 0), 3.0);
  EXPECT_EQ(d.X(1, 1), 4.0);
  EXPECT_EQ(d.y(0), 0.0);
  EXPECT_EQ(d.y(1), 1.0);
  EXPECT_EQ(d.name, "wide.csv");
}

TEST(csv_test, accepts_a_file_without_header) {
  const Dataset d = parse_csv("1.5,2,0\n-3,4e1,1\n", "bare.csv");
  ASSERT_EQ(d.size(), 2);
  EXPECT_EQ(d.X(0, 0), 1.5);
  EXPECT_EQ(d.X(1, 1), 40.0);
}

TEST(csv_test, tolerates_crlf_whitespace_quotes_bom_blank_lines_and_no_final_newline) {
  const Dataset d = parse_csv(
      "\xEF\xBB\xBF\"X0\", \"X1\" ,\"y\"\r\n  1 ,\t2, 0 \r\n\r\n\"+3\",\"-4\",\"1.0\"", "messy.csv");
  ASSERT_EQ(d.size(), 2);
  EXPECT_EQ(d.X(0, 0), 1.0);
  EXPECT_EQ(d.X(0, 1), 2.0);
  EXPECT_EQ(d.X(1, 0), 3.0);
  EXPECT_EQ(d.X(1, 1), -4.0);
  EXPECT_EQ(d.y(1), 1.0);
}

TEST(csv_test, non_number_reports_line_and_column) {
  EXPECT_EQ(parse_error("X0,X1,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n9,1,0\n1,abc,1\n"),
            "points.csv:7:2: 'abc' is not a number");
}

TEST(csv_test, number_followed_by_text_is_not_a_number) {
  EXPECT_EQ(parse_error("X0,X1,y\n1.5x,2,0\n"), "points.csv:2:1: '1.5x' is not a number");
}

TEST(csv_test, missing_value_reports_line_and_column) {
  EXPECT_EQ(parse_error("X0,X1,y\n1,2,0\n,3,1\n"), "points.csv:3:1: missing value");
  EXPECT_EQ(parse_error("X0,X1,y\n1,2,0\n4,,1\n"), "points.csv:3:2: missing value");
}

TEST(csv_test, missing_label_reports_line_and_column) {
  EXPECT_EQ(parse_error("X0,X1,y\n1,2,0\n4,5,\n"), "points.csv:3:3: missing label");
}

TEST(csv_test, short_row_reports_the_first_missing_column) {
  EXPECT_EQ(parse_error("X0,X1,y\n1,2,0\n4,5\n"),
            "points.csv:3:3: missing value (expected 3 columns, found 2)");
}

TEST(csv_test, long_row_reports_the_first_extra_column) {
  EXPECT_EQ(parse_error("X0,X1,y\n1,2,0,9\n"),
            "points.csv:2:4: unexpected extra value (expected 3 columns, found 4)");
}

TEST(csv_test, header_with_fewer_than_3_columns_is_rejected) {
  const std::string message = parse_error("X0,y\n1,0\n2,1\n");
  EXPECT_EQ(message.rfind("points.csv:1:3: missing column", 0), 0u) << message;
}

TEST(csv_test, nan_and_inf_are_rejected) {
  EXPECT_EQ(parse_error("X0,X1,y\n1,2,0\nnan,3,1\n"),
            "points.csv:3:1: 'nan' is not a finite number (NaN and Inf are not allowed)");
  EXPECT_EQ(parse_error("X0,X1,y\n1,2,0\n3,-inf,1\n"),
            "points.csv:3:2: '-inf' is not a finite number (NaN and Inf are not allowed)");
  EXPECT_EQ(parse_error("X0,X1,y\n1,2,0\n3,1e999,1\n"),
            "points.csv:3:2: '1e999' is out of the range of a double");
}

TEST(csv_test, labels_other_than_0_or_1_are_rejected) {
  EXPECT_EQ(parse_error("X0,X1,y\n1,2,0\n3,4,2\n"), "points.csv:3:3: label '2' is not 0 or 1");
  EXPECT_EQ(parse_error("X0,X1,y\n1,2,0\n3,4,0.5\n"), "points.csv:3:3: label '0.5' is not 0 or 1");
  EXPECT_EQ(parse_error("X0,X1,y\n1,2,yes\n"), "points.csv:2:3: label 'yes' is not 0 or 1");
  EXPECT_EQ(parse_error("a,b,label\n1,2,nan\n"), "points.csv:2:3: label 'nan' is not 0 or 1");
}

TEST(csv_test, one_class_only_is_rejected) {
  EXPECT_EQ(parse_error("X0,X1,y\n1,2,1\n3,4,1\n"),
            "points.csv: every label is 1; both classes (0 and 1) are needed");
  EXPECT_EQ(parse_error("X0,X1,y\n1,2,0\n3,4,0\n"),
            "points.csv: every label is 0; both classes (0 and 1) are needed");
}

TEST(csv_test, fewer_than_two_rows_are_rejected) {
  EXPECT_EQ(parse_error("X0,X1,y\n1,2,1\n"), "points.csv: 1 data row; at least 2 are needed");
  EXPECT_EQ(parse_error("X0,X1,y\n"), "points.csv: 0 data rows; at least 2 are needed");
}

TEST(csv_test, empty_file_is_rejected) {
  EXPECT_EQ(parse_error(""), "points.csv: the file is empty");
  EXPECT_EQ(parse_error("\r\n \n\t\n"), "points.csv: the file is empty");
}

TEST(csv_test, line_numbers_count_blank_lines_and_the_header) {
  EXPECT_EQ(parse_error("X0,X1,y\n\n1,2,0\n\n3,?,1\n"), "points.csv:5:2: '?' is not a number");
}

TEST(csv_test, long_fields_are_shortened_in_messages) {
  const std::string message = parse_error("X0,X1,y\n" + std::string(100, 'z') + ",1,0\n");
  EXPECT_EQ(message, "points.csv:2:1: '" + std::string(40, 'z') + "...' is not a number");
}

TEST(csv_test, missing_file_is_a_usage_error_naming_the_path) {
  ScratchFolder dir;
  const fs::path path = dir.path() / "absent.csv";
  try {
    read_csv(path);
    FAIL() << "expected a UsageError";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()), path.string() + ": cannot read: No such file or directory");
  }
}

TEST(csv_test, directory_is_a_usage_error) {
  ScratchFolder dir;
  EXPECT_THROW(read_csv(dir.path()), UsageError);
}

TEST(csv_test, errors_in_a_file_name_the_path_as_given) {
  ScratchFolder dir;
  const fs::path path = dir.path() / "bad.csv";
  std::ofstream(path) << "X0,X1,y\r\n1,2,0\r\n1,x,1\r\n";
  try {
    read_csv(path);
    FAIL() << "expected a UsageError";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()), path.string() + ":3:2: 'x' is not a number");
  }
}

TEST(csv_test, write_csv_into_a_missing_folder_is_a_usage_error) {
  ScratchFolder dir;
  EXPECT_THROW(write_csv(small_dataset(), dir.path() / "missing" / "out.csv"), UsageError);
}
