// util::read_json_file: a UTF-8 byte order mark is skipped; messages show the file's bytes escaped.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "nnviz/util/error.hpp"
#include "nnviz/util/json.hpp"

namespace {
namespace fs = std::filesystem;

fs::path write(const std::string& name, const std::string& bytes) {
  const fs::path dir = fs::temp_directory_path() / ("nnviz-json-bom-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << bytes;
  return dir / name;
}

std::string error_of(const fs::path& path) {
  try {
    nnviz::util::read_json_file(path);
  } catch (const nnviz::Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an error";
  return {};
}

TEST(json_bom, a_byte_order_mark_is_skipped) {
  const nnviz::util::Json j = nnviz::util::read_json_file(write("bom.json", "\xEF\xBB\xBF{\"a\": 1}"));
  EXPECT_EQ(j.at("a"), 1);
}

TEST(json_bom, errors_after_a_byte_order_mark_count_from_the_text_and_show_no_raw_bytes) {
  const std::string message = error_of(write("bad.json", "\xEF\xBB\xBF{\"a\": \x1b}"));
  EXPECT_EQ(message.find("\xEF\xBB\xBF"), std::string::npos) << message;
  EXPECT_EQ(message.find('\x1b'), std::string::npos) << message;
  EXPECT_NE(message.find("bad.json: JSON: line 1, column 7"), std::string::npos) << message;
}

}  // namespace
