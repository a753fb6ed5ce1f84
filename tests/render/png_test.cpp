#include "nnviz/render/png.hpp"

#include <cairo.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "nnviz/util/error.hpp"

namespace nnviz::render {
namespace {

namespace fs = std::filesystem;

TEST(png, writes_a_frame_cairo_reads_back) {
  const fs::path dir = fs::temp_directory_path() / ("nnviz-png-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  util::Frame f;
  f.resize(8, 4);
  for (std::size_t i = 0; i < f.pixels.size(); i += 4) {
    f.pixels[i] = 0x30;      // B
    f.pixels[i + 1] = 0x20;  // G
    f.pixels[i + 2] = 0x10;  // R
    f.pixels[i + 3] = 0xFF;  // A
  }
  const fs::path path = dir / "frame.png";
  write_png(f, path);
  cairo_surface_t* s = cairo_image_surface_create_from_png(path.c_str());
  ASSERT_EQ(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(cairo_image_surface_get_width(s), 8);
  EXPECT_EQ(cairo_image_surface_get_height(s), 4);
  const auto* px = reinterpret_cast<const std::uint32_t*>(cairo_image_surface_get_data(s));
  EXPECT_EQ(px[0] & 0xFFFFFFu, 0x102030u);
  cairo_surface_destroy(s);
  // Nothing but the PNG is left behind (the temporary file was renamed).
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}), 1);
  fs::remove_all(dir);
}

TEST(png, a_missing_folder_is_an_error) {
  util::Frame f;
  f.resize(2, 2);
  EXPECT_THROW(write_png(f, "/nonexistent-nnviz-dir/x.png"), Error);
}

}  // namespace
}  // namespace nnviz::render
