#include "encode_test_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern "C" {
#include <libavutil/pixdesc.h>
}

#include "nnviz/encode/av_error.hpp"
#include "nnviz/encode/av_handles.hpp"

namespace nnviz::encode::testing {
namespace fs = std::filesystem;

ScratchDir::ScratchDir() {
  std::string tmpl = (fs::temp_directory_path() / "nnviz-encode-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::vector<std::string> ScratchDir::files() const {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(path_)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

util::Frame gradient_frame(int width, int height, int index) {
  util::Frame f;
  f.resize(width, height);
  const int side = std::max(4, height / 4);
  const int x0 = (index * 7) % std::max(1, width - side);
  const int y0 = height / 3;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      std::uint8_t* p = f.pixels.data() + static_cast<std::size_t>(y) * f.stride + 4 * x;
      const bool square = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
      p[0] = square ? 220 : static_cast<std::uint8_t>(40);                   // B
      p[1] = square ? 60 : static_cast<std::uint8_t>(255 * y / (height - 1));  // G
      p[2] = square ? 30 : static_cast<std::uint8_t>(255 * x / (width - 1));   // R
      p[3] = 255;
    }
  }
  return f;
}

util::Frame solid_frame(int width, int height, std::uint32_t rgb) {
  util::Frame f;
  f.resize(width, height);
  for (std::size_t i = 0; i < f.pixels.size(); i += 4) {
    f.pixels[i + 0] = static_cast<std::uint8_t>(rgb & 0xff);
    f.pixels[i + 1] = static_cast<std::uint8_t>((rgb >> 8) & 0xff);
    f.pixels[i + 2] = static_cast<std::uint8_t>((rgb >> 16) & 0xff);
    f.pixels[i + 3] = 255;
  }
  return f;
}

namespace {

util::Frame to_bgra(const AVFrame& frame) {
  util::Frame out;
  out.resize(frame.width, frame.height);
  SwsContextPtr sws(sws_getContext(frame.width, frame.height, static_cast<AVPixelFormat>(frame.format), frame.width,
                                   frame.height, AV_PIX_FMT_RGB32, SWS_BICUBIC | SWS_ACCURATE_RND, nullptr, nullptr,
                                   nullptr));
  if (!sws) throw std::runtime_error("sws_getContext failed");
  const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(frame.format));
  if (!(desc->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL))) {
    const int space = frame.colorspace == AVCOL_SPC_BT709 ? SWS_CS_ITU709 : SWS_CS_DEFAULT;
    const int* coefficients = sws_getCoefficients(space);
    sws_setColorspaceDetails(sws.get(), coefficients, frame.color_range == AVCOL_RANGE_JPEG ? 1 : 0, coefficients, 1,
                             0, 1 << 16, 1 << 16);
  }
  std::uint8_t* dst[4] = {out.pixels.data(), nullptr, nullptr, nullptr};
  const int dst_stride[4] = {out.stride, 0, 0, 0};
  sws_scale(sws.get(), frame.data, frame.linesize, 0, frame.height, dst, dst_stride);
  return out;
}

}  // namespace

Decoded decode_file(const fs::path& path, bool keep_frames) {
  Decoded d;
  AVFormatContext* raw = nullptr;
  check_av(avformat_open_input(&raw, path.c_str(), nullptr, nullptr), "opening " + path.string());
  InputContextPtr input(raw);
  check_av(avformat_find_stream_info(input.get(), nullptr), "probing");
  const AVCodec* decoder = nullptr;
  const int index = check_av(av_find_best_stream(input.get(), AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0), "stream");
  AVStream* stream = input->streams[index];
  CodecContextPtr codec(avcodec_alloc_context3(decoder));
  check_av(avcodec_parameters_to_context(codec.get(), stream->codecpar), "parameters");
  check_av(avcodec_open2(codec.get(), decoder, nullptr), "opening the decoder");
  d.codec = avcodec_get_name(stream->codecpar->codec_id);
  d.width = stream->codecpar->width;
  d.height = stream->codecpar->height;
  if (input->duration > 0) d.container_duration = static_cast<double>(input->duration) / AV_TIME_BASE;
  if (stream->avg_frame_rate.den > 0) d.avg_frame_rate = av_q2d(stream->avg_frame_rate);

  PacketPtr packet = make_packet();
  FramePtr frame = make_frame();
  std::int64_t end = 0;
  auto drain = [&] {
    while (avcodec_receive_frame(codec.get(), frame.get()) >= 0) {
      if (d.frames == 0) {
        d.pix_fmt = av_get_pix_fmt_name(static_cast<AVPixelFormat>(frame->format));
        d.first = to_bgra(*frame);
      }
      ++d.frames;
      d.pts.push_back(frame->best_effort_timestamp);
      end = std::max<std::int64_t>(end, frame->best_effort_timestamp + frame->pkt_duration);
      d.last = to_bgra(*frame);
      if (keep_frames) d.all.push_back(d.last);
      av_frame_unref(frame.get());
    }
  };
  while (av_read_frame(input.get(), packet.get()) >= 0) {
    if (packet->stream_index == index) {
      check_av(avcodec_send_packet(codec.get(), packet.get()), "decoding");
      drain();
    }
    av_packet_unref(packet.get());
  }
  check_av(avcodec_send_packet(codec.get(), nullptr), "flushing");
  drain();
  const std::int64_t start = stream->start_time == AV_NOPTS_VALUE ? 0 : stream->start_time;
  d.duration = static_cast<double>(end - start) * av_q2d(stream->time_base);
  return d;
}

double mean_abs_error(const util::Frame& a, const util::Frame& b) {
  if (a.width != b.width || a.height != b.height) throw std::runtime_error("mean_abs_error: sizes differ");
  double total = 0.0;
  for (int y = 0; y < a.height; ++y)
    for (int x = 0; x < a.width; ++x)
      for (int shift = 0; shift < 24; shift += 8)
        total += std::abs(static_cast<int>((a.argb(x, y) >> shift) & 0xff) - static_cast<int>((b.argb(x, y) >> shift) & 0xff));
  return total / (3.0 * a.width * a.height);
}

GifLayout gif_layout(const std::string& bytes) {
  GifLayout g;
  std::size_t pos = 0;
  const auto byte = [&]() -> unsigned {
    if (pos >= bytes.size()) throw std::runtime_error("GIF ends early");
    return static_cast<unsigned char>(bytes[pos++]);
  };
  const auto skip_sub_blocks = [&] {
    for (unsigned n = byte(); n != 0; n = byte()) pos += n;
  };
  if (bytes.compare(0, 6, "GIF89a") != 0) throw std::runtime_error("not a GIF89a file");
  pos = 10;  // signature, width, height
  const unsigned screen = byte();
  pos += 2;  // background colour, aspect
  g.global_palette = (screen & 0x80) != 0;
  if (g.global_palette) pos += 3u << ((screen & 7) + 1);
  while (true) {
    const unsigned block = byte();
    if (block == 0x3b) return g;  // trailer
    if (block == 0x21) {          // extension: label, sub-blocks
      byte();
      skip_sub_blocks();
    } else if (block == 0x2c) {   // image: position, size, flags, [colour table], LZW size, data
      pos += 8;
      const unsigned flags = byte();
      ++g.images;
      if (flags & 0x80) {
        ++g.local_palettes;
        pos += 3u << ((flags & 7) + 1);
      }
      byte();
      skip_sub_blocks();
    } else {
      throw std::runtime_error("unknown GIF block " + std::to_string(block));
    }
  }
}

int colour_distance(std::uint32_t a, std::uint32_t b) {
  int worst = 0;
  for (int shift = 0; shift < 24; shift += 8) {
    const int ca = static_cast<int>((a >> shift) & 0xff);
    const int cb = static_cast<int>((b >> shift) & 0xff);
    worst = std::max(worst, std::abs(ca - cb));
  }
  return worst;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace nnviz::encode::testing

namespace nnviz::encode::testing {
void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}
}  // namespace nnviz::encode::testing
