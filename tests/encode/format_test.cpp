#include <gtest/gtest.h>

#include "encode_test_support.hpp"
#include "nnviz/encode/encoder.hpp"
#include "nnviz/util/error.hpp"

namespace nnviz::encode {
namespace {

TEST(format, parses_names_and_aliases) {
  EXPECT_EQ(parse_format("mp4"), Format::mp4);
  EXPECT_EQ(parse_format("WebM"), Format::webm);
  EXPECT_EQ(parse_format("gif"), Format::gif);
  EXPECT_EQ(parse_format("png"), Format::png);
  EXPECT_EQ(parse_format("rawvideo"), Format::raw);
  EXPECT_EQ(parse_format("bgra"), Format::raw);
  for (const std::string& name : format_names()) EXPECT_EQ(format_name(parse_format(name)), name);
}

TEST(format, unknown_name_lists_the_formats) {
  try {
    parse_format("avi");
    FAIL() << "no exception";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("mp4, webm, gif, png, raw"), std::string::npos) << e.what();
  }
}

TEST(format, comes_from_the_extension) {
  EXPECT_EQ(format_from_path("out/video.MP4"), Format::mp4);
  EXPECT_EQ(format_from_path("a.webm"), Format::webm);
  EXPECT_EQ(format_from_path("a.gif"), Format::gif);
  EXPECT_EQ(format_from_path("a.bgra"), Format::raw);
  EXPECT_EQ(format_from_path("a.raw"), Format::raw);
  EXPECT_EQ(format_from_path("frames/%04d.png"), Format::png);
  EXPECT_EQ(format_from_path("frame.png"), std::nullopt);
  EXPECT_EQ(format_from_path("a.mov"), std::nullopt);
  EXPECT_EQ(format_from_path("-"), std::nullopt);
}

TEST(format, existing_folder_means_png_frames) {
  testing::ScratchDir dir;
  EXPECT_EQ(format_from_path(dir.path()), Format::png);
}

TEST(format, resolve_prefers_the_request_and_explains_failures) {
  EXPECT_EQ(resolve_format("a.mov", Format::webm), Format::webm);
  EXPECT_EQ(resolve_format("a.gif", std::nullopt), Format::gif);
  try {
    resolve_format("a.xyz", std::nullopt);
    FAIL() << "no exception";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("a.xyz"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("mp4, webm, gif, png, raw"), std::string::npos) << e.what();
  }
  // stdout: a stream a player reads, y4m unless named.
  EXPECT_EQ(resolve_format("-", std::nullopt), Format::y4m);
  EXPECT_EQ(resolve_format("-", Format::nut), Format::nut);
  EXPECT_EQ(format_from_path("run.Y4M"), Format::y4m);
  EXPECT_EQ(format_from_path("run.nut"), Format::nut);
  EXPECT_EQ(parse_format("NUT-raw"), Format::nut_raw);
  EXPECT_EQ(parse_format("yuv4mpeg"), Format::y4m);
}

}  // namespace
}  // namespace nnviz::encode
