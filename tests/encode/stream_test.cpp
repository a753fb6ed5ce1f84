// The streams (y4m, nut, nut-raw) and the comment tag: what ffprobe reads back, frames reaching a
// FIFO's reader as they are written, a reader that leaves, and the comment of every container.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "encode_test_support.hpp"
#include "nnviz/encode/encoder.hpp"
#include "nnviz/encode/metadata.hpp"
#include "nnviz/util/error.hpp"

namespace nnviz::encode {
namespace {

std::string shell_output(const std::string& cmd) {
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  while (p != nullptr && std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  if (p != nullptr) ::pclose(p);
  return out;
}

// width,height,r_frame_rate,nb_read_frames of the first video stream, as ffprobe counts them.
std::string probe(const std::filesystem::path& file) {
  std::string out = shell_output("ffprobe -v error -count_frames -select_streams v:0 -show_entries "
                                 "stream=codec_name,width,height,r_frame_rate,nb_read_frames -of csv=p=0 '" +
                                 file.string() + "'");
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// The comment tag as ffprobe prints it (the value, then a line break).
std::string probe_comment(const std::filesystem::path& file) {
  return shell_output("ffprobe -v error -show_entries format_tags=comment -of default=nw=1:nk=1 '" + file.string() + "'");
}

EncodeOptions small(Format format) {
  EncodeOptions o;
  o.format = format;
  o.width = 64;
  o.height = 48;
  o.fps = 7;
  return o;
}

void encode(const std::filesystem::path& path, const EncodeOptions& o, int frames) {
  auto encoder = Encoder::open(path, o);
  for (int i = 0; i < frames; ++i) encoder->write(testing::gradient_frame(o.width, o.height, i));
  encoder->finish();
}

TEST(stream, y4m_nut_and_nut_raw_files_probe_with_their_size_rate_and_frames) {
  testing::ScratchDir dir;
  encode(dir / "a.y4m", small(Format::y4m), 5);
  encode(dir / "a.nut", small(Format::nut), 5);
  encode(dir / "b.nut", small(Format::nut_raw), 5);
  EXPECT_EQ(probe(dir / "a.y4m"), "rawvideo,64,48,7/1,5");
  EXPECT_EQ(probe(dir / "a.nut"), "h264,64,48,7/1,5");
  EXPECT_EQ(probe(dir / "b.nut"), "rawvideo,64,48,7/1,5");
  // YUV4MPEG2's header says it in words.
  EXPECT_EQ(testing::read_bytes(dir / "a.y4m").rfind("YUV4MPEG2 W64 H48 F7:1", 0), 0u);
  // The hold counts as frames in a stream too: 0.5 s at 8 fps = 4 more.
  EncodeOptions held = small(Format::y4m);
  held.fps = 8;
  held.hold_last = 0.5;
  encode(dir / "held.y4m", held, 3);
  EXPECT_EQ(probe(dir / "held.y4m"), "rawvideo,64,48,8/1,7");
}

TEST(stream, nut_raw_holds_the_exact_pixels) {
  testing::ScratchDir dir;
  encode(dir / "exact.nut", small(Format::nut_raw), 3);
  const testing::Decoded d = testing::decode_file(dir / "exact.nut", true);
  ASSERT_EQ(d.all.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    const util::Frame in = testing::gradient_frame(64, 48, i);
    EXPECT_EQ(testing::mean_abs_error(in, d.all[static_cast<std::size_t>(i)]), 0.0) << "frame " << i;
  }
}

// A FIFO with its reader open (non-blocking, so no thread is needed): what the encoder wrote is
// in the pipe when write() returns.
class FifoReader {
 public:
  explicit FifoReader(const std::filesystem::path& path) {
    ::mkfifo(path.c_str(), 0600);
    fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK);
  }
  ~FifoReader() { close(); }
  FifoReader(const FifoReader&) = delete;
  FifoReader& operator=(const FifoReader&) = delete;
  [[nodiscard]] bool ok() const { return fd_ >= 0; }
  // Everything in the pipe now.
  std::string take() {
    std::string got;
    char buf[65536];
    while (true) {
      const ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) break;
      got.append(buf, static_cast<std::size_t>(n));
    }
    return got;
  }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

TEST(stream, each_y4m_frame_reaches_a_fifo_reader_when_it_is_written) {
  testing::ScratchDir dir;
  FifoReader reader(dir / "live");
  ASSERT_TRUE(reader.ok());
  auto encoder = Encoder::open(dir / "live", small(Format::y4m));
  const std::string header = reader.take();
  ASSERT_EQ(header.rfind("YUV4MPEG2 W64 H48 F7:1", 0), 0u) << header;
  ASSERT_EQ(header.back(), '\n');
  // "FRAME\n" and the planes: 64x48 luma, two 32x24 chroma planes. Far below libav's 32 KB
  // buffer: each frame arrives only because it is flushed.
  const std::size_t frame_bytes = 6 + 64 * 48 + 2 * 32 * 24;
  for (int i = 0; i < 3; ++i) {
    encoder->write(testing::gradient_frame(64, 48, i));
    const std::string got = reader.take();
    EXPECT_EQ(got.size(), frame_bytes) << "frame " << i;
    EXPECT_EQ(got.rfind("FRAME\n", 0), 0u) << "frame " << i;
  }
  encoder->finish();
  EXPECT_EQ(reader.take(), "");  // y4m has no trailer
  EXPECT_EQ(dir.files(), std::vector<std::string>{"live"});  // written in place, no temporary
}

TEST(stream, each_nut_h264_frame_leaves_the_encoder_at_once) {
  testing::ScratchDir dir;
  FifoReader reader(dir / "live");
  ASSERT_TRUE(reader.ok());
  auto encoder = Encoder::open(dir / "live", small(Format::nut));
  EXPECT_FALSE(reader.take().empty());  // the NUT header
  for (int i = 0; i < 4; ++i) {
    encoder->write(testing::gradient_frame(64, 48, i));
    // No look-ahead, no B-frames, no frame threads: the frame is in the pipe already.
    EXPECT_FALSE(reader.take().empty()) << "frame " << i;
  }
  encoder->finish();
}

TEST(stream, a_reader_that_left_is_an_error_that_says_so) {
  ::signal(SIGPIPE, SIG_IGN);  // as nnviz does (util::InterruptFlag::install)
  testing::ScratchDir dir;
  FifoReader reader(dir / "live");
  ASSERT_TRUE(reader.ok());
  auto encoder = Encoder::open(dir / "live", small(Format::y4m));
  encoder->write(testing::gradient_frame(64, 48, 0));
  reader.close();  // the player quit
  try {
    encoder->write(testing::gradient_frame(64, 48, 1));
    FAIL() << "no exception";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("reader closed"), std::string::npos) << what;
    EXPECT_NE(what.find("live"), std::string::npos) << what;
  }
  EXPECT_THROW(encoder->finish(), Error);
}

TEST(stream, stdout_takes_every_format_but_mp4_and_png) {
  EXPECT_NO_THROW(check_target("-", Format::y4m));
  EXPECT_NO_THROW(check_target("-", Format::nut));
  EXPECT_NO_THROW(check_target("-", Format::webm));
  EXPECT_NO_THROW(check_target("-", Format::raw));
  EXPECT_THROW(check_target("-", Format::mp4), UsageError);
  EXPECT_THROW(check_target("-", Format::png), UsageError);
  EXPECT_THROW(check_target("/dev/stdout", Format::y4m), UsageError);  // -o - is stdout's name
  testing::ScratchDir dir;
  ::mkfifo((dir / "fifo").c_str(), 0600);
  EXPECT_THROW(check_target(dir / "fifo", Format::mp4), UsageError);
  EXPECT_NO_THROW(check_target(dir / "fifo", Format::nut));
}

// A configuration-like text: several lines, quotes, a "</script>", UTF-8, and longer than one GIF
// sub-block (255 bytes).
std::string comment_text() {
  std::string text = "# nnviz train --config FILE\ntitle=\"a \\\"quoted\\\" </script> caf\xC3\xA9\"\n";
  for (int i = 0; i < 40; ++i) text += "key" + std::to_string(i) + "=" + std::to_string(i * 7) + "\n";
  return text;
}

TEST(comment, every_container_carries_it_and_ffprobe_shows_it) {
  testing::ScratchDir dir;
  const std::string text = comment_text();
  ASSERT_GT(text.size(), 255u);
  for (const auto& [name, format] : {std::pair{"c.mp4", Format::mp4}, {"c.webm", Format::webm}, {"c.gif", Format::gif}}) {
    EncodeOptions o = small(format);
    o.comment = text;
    encode(dir / name, o, 4);
    EXPECT_EQ(probe_comment(dir / name), text + "\n") << name;
    EXPECT_EQ(read_comment_tag(dir / name, 1 << 20), text) << name;
    // Still a whole video.
    EXPECT_EQ(testing::decode_file(dir / name).frames, 4) << name;
  }
}

TEST(comment, a_gif_gets_one_comment_extension_after_its_header) {
  testing::ScratchDir dir;
  EncodeOptions o = small(Format::gif);
  o.comment = comment_text();
  encode(dir / "c.gif", o, 3);
  encode(dir / "plain.gif", small(Format::gif), 3);
  const std::string with = testing::read_bytes(dir / "c.gif");
  const std::string without = testing::read_bytes(dir / "plain.gif");
  // The block structure is sound (the layout walker throws otherwise) and the same images.
  EXPECT_EQ(testing::gif_layout(with).images, testing::gif_layout(without).images);
  // Right after the screen descriptor and its global colour table, before any other block.
  std::size_t header = 13;
  const auto packed = static_cast<unsigned char>(with[10]);
  if ((packed & 0x80) != 0) header += 3u * (2u << (packed & 7));
  EXPECT_EQ(with.substr(header, 2), "\x21\xFE");
  EXPECT_EQ(without.find("\x21\xFE"), std::string::npos);
  EXPECT_EQ(with.size(), without.size() + 2 + (o.comment.size() + 254) / 255 + o.comment.size() + 1);
}

TEST(comment, files_without_one_have_none_and_garbage_is_refused) {
  testing::ScratchDir dir;
  // The streams carry none (FFmpeg's NUT reader would drop a long tag with a warning).
  EncodeOptions nut = small(Format::nut);
  nut.comment = comment_text();
  encode(dir / "c.nut", nut, 2);
  EXPECT_EQ(read_comment_tag(dir / "c.nut", 1 << 20), std::nullopt);
  encode(dir / "plain.mp4", small(Format::mp4), 2);
  EXPECT_EQ(read_comment_tag(dir / "plain.mp4", 1 << 20), std::nullopt);
  testing::write_text(dir / "bad.mp4", std::string("\0\0\0\x18" "ftypisom", 12) + std::string(500, 'x'));
  EXPECT_THROW(read_comment_tag(dir / "bad.mp4", 1 << 20), UsageError);
  EncodeOptions o = small(Format::webm);
  o.comment = std::string(5000, 'c');
  encode(dir / "long.webm", o, 2);
  EXPECT_THROW(read_comment_tag(dir / "long.webm", 4096), UsageError);
}

}  // namespace
}  // namespace nnviz::encode
