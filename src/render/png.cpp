#include "nnviz/render/png.hpp"

#include "cairo_handles.hpp"
#include "nnviz/util/atomic_file.hpp"
#include "nnviz/util/error.hpp"

namespace nnviz::render {

void write_png(const util::Frame& frame, const std::filesystem::path& path) {
  if (frame.width <= 0 || frame.height <= 0 ||
      frame.pixels.size() < static_cast<std::size_t>(frame.stride) * frame.height)
    throw Error("write_png: empty or inconsistent frame for '" + path.string() + "'");
  util::AtomicFile file(path);
  // Cairo only reads the pixels here; the surface needs a non-const pointer all the same.
  SurfacePtr surface = make_surface_for_data(const_cast<unsigned char*>(frame.pixels.data()),
                                             frame.width, frame.height, frame.stride);
  check_cairo(cairo_surface_write_to_png(surface.get(), file.temp_path().c_str()),
              "writing '" + path.string() + "'");
  file.commit();
}

std::string encode_png(const util::Frame& frame) {
  if (frame.width <= 0 || frame.height <= 0 ||
      frame.pixels.size() < static_cast<std::size_t>(frame.stride) * frame.height)
    throw Error("encode_png: empty or inconsistent frame");
  SurfacePtr surface = make_surface_for_data(const_cast<unsigned char*>(frame.pixels.data()),
                                             frame.width, frame.height, frame.stride);
  std::string bytes;
  const auto append = [](void* closure, const unsigned char* data, unsigned int length) -> cairo_status_t {
    try {  // nothing may be thrown through Cairo's C frames
      static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
      return CAIRO_STATUS_SUCCESS;
    } catch (...) {
      return CAIRO_STATUS_NO_MEMORY;
    }
  };
  check_cairo(cairo_surface_write_to_png_stream(surface.get(), append, &bytes), "encoding a PNG");
  return bytes;
}

}  // namespace nnviz::render
