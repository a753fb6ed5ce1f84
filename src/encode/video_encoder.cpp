#include "video_encoder.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>

extern "C" {
#include <libavutil/dict.h>
#include <libavutil/opt.h>
}

#include "nnviz/encode/av_error.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"
#include "nnviz/util/output_set.hpp"

namespace nnviz::encode {

namespace {

// Defaults, chosen for flat-colour graphics with smooth gradients and 1-px lines (see
// encoder.hpp). VP9's crf scale is 0..63 and 32 is its "visually good" constant-quality point.
// x264: crf 20 keeps gradients free of banding at a few hundred kB per minute of 1800x600 video;
// smaller frames get a lower crf (default_x264_crf), and x264's deblocking filter is off (in
// open_codec). Measured on the default run (200 frames: --epochs 199 --stop-loss 0, preset
// medium): PSNR of the decoded frames against the PNG frames (--frames), whole frame, and size.
// "ceiling": yuv420p without loss (what its halved colour resolution alone costs).
//              crf 20, deblock 1:1     crf 20, no deblock   the default now             ceiling
//   1800x600   42.26 dB  2,688 kB      42.68 dB  2,671 kB   crf 20: 42.68 dB  2,671 kB  43.78 dB
//    900x300   41.34 dB    940 kB      41.36 dB    938 kB   crf 18: 41.67 dB  1,080 kB  42.47 dB
//    600x200   39.63 dB    499 kB      40.04 dB    495 kB   crf 17: 40.48 dB    623 kB  41.13 dB
// Deblocking (tune animation's 1:1) smooths across block edges, which next to a 1-px line on
// white leaves a grey ghost of the line beside it (at 600x200: 362 per million white pixels
// 25 or more code values too dark, up to 55; none with it off). Without it files are a little
// smaller and PSNR higher at every size; the decoded gradients looked at showed no block edges.
// Small frames have tiny bitrates anyway: one crf step lower per halving of the pixel count
// brings them within 0.8 dB of their ceiling (1800x600 at crf 20: 1.1 dB) for 15-25% more bytes
// (600x200 is then still a quarter of 1800x600). The lines themselves stayed dark in every
// variant (no dark pixel 40 or more code values lighter).
constexpr int reference_x264_crf = 20;  // at 1800x600 pixels and more
constexpr int min_x264_crf = 16;
constexpr long reference_pixels = 1800L * 600L;
constexpr int default_vp9_crf = 32;
// A key frame every 10 s lets browsers seek without making short videos bigger.
constexpr int keyframe_seconds = 10;

constexpr int max_x264_lookahead = 10;

// x264's rc-lookahead per preset (x264's own table; the presets check_options accepts).
int x264_lookahead(const std::string& preset) {
  if (preset == "ultrafast" || preset == "superfast") return 0;
  if (preset == "veryfast") return 10;
  if (preset == "faster") return 20;
  if (preset == "fast") return 30;
  if (preset == "medium") return 40;
  if (preset == "slow") return 50;
  return 60;  // slower, veryslow, placebo
}

void set_option(DictionaryPtr& dict, const char* key, const std::string& value) {
  AVDictionary* raw = dict.release();
  const int ret = av_dict_set(&raw, key, value.c_str(), 0);
  dict.reset(raw);
  check_av(ret, std::string("setting option ") + key);
}

// Options libav did not consume are typos or options of another version: an Error, not silence.
void check_all_used(const DictionaryPtr& dict, const std::string& who) {
  const AVDictionaryEntry* entry = av_dict_get(dict.get(), "", nullptr, AV_DICT_IGNORE_SUFFIX);
  if (entry) throw Error(who + " does not accept option '" + entry->key + "=" + entry->value + "'");
}

}  // namespace

int default_x264_crf(int width, int height) {
  const long pixels = std::max(1L, static_cast<long>(width) * height);
  int halvings = 0;
  while (halvings < reference_x264_crf - min_x264_crf && pixels << (halvings + 1) <= reference_pixels) ++halvings;
  return reference_x264_crf - halvings;
}

const char* encoder_name(Format format) {
  switch (format) {
    case Format::mp4: return "libx264";
    case Format::webm: return "libvpx-vp9";
    case Format::gif: return "gif";
    case Format::png: return "png";
    case Format::raw: return nullptr;
    case Format::y4m: return "wrapped_avframe";  // FFmpeg 5.1's y4m muxer takes only this
    case Format::nut: return "libx264";
    case Format::nut_raw: return "rawvideo";
  }
  return nullptr;
}

const char* muxer_name(Format format) {
  switch (format) {
    case Format::mp4: return "mp4";
    case Format::webm: return "webm";
    case Format::gif: return "gif";
    case Format::y4m: return "yuv4mpegpipe";
    case Format::nut:
    case Format::nut_raw: return "nut";
    default: return nullptr;
  }
}

std::string gif_comment_block(const std::string& text) {
  std::string block = "\x21\xFE";
  for (std::size_t at = 0; at < text.size(); at += 255) {
    const std::size_t n = std::min<std::size_t>(255, text.size() - at);
    block += static_cast<char>(n);
    block.append(text, at, n);
  }
  block += '\0';
  return block;
}

void AvioDeleter::operator()(AVIOContext* io) const noexcept {
  av_freep(&io->buffer);
  avio_context_free(&io);
}

namespace {

// Writes through the sink; a GIF's comment goes in once its header (signature, screen descriptor,
// global colour table) has passed: before any image, where readers (ffprobe too) look for it.
void sink_write(SinkIo& io, const std::uint8_t* data, std::size_t size) {
  if (!io.gif || io.gif_comment.empty()) {
    io.sink->write(data, size);
    return;
  }
  io.held.append(reinterpret_cast<const char*>(data), size);
  if (io.held.size() < 13) return;
  std::size_t header = 13;
  const auto packed = static_cast<unsigned char>(io.held[10]);
  if ((packed & 0x80) != 0) header += 3u * (2u << (packed & 0x07));
  if (io.held.compare(0, 4, "GIF8") != 0) header = 0;  // not a GIF: written as it is, no comment
  if (io.held.size() < header) return;
  std::string out = header == 0 ? io.held : io.held.substr(0, header) + io.gif_comment + io.held.substr(header);
  io.gif_comment.clear();
  io.held.clear();
  io.sink->write(reinterpret_cast<const std::uint8_t*>(out.data()), out.size());
}

// libav's callbacks: no exception may cross libav's C code; the first is kept and rethrown.
int write_packet(void* opaque, std::uint8_t* data, int size) {
  auto* io = static_cast<SinkIo*>(opaque);
  if (io->error) return AVERROR(EIO);
  try {
    sink_write(*io, data, static_cast<std::size_t>(size));
    return size;
  } catch (...) {
    io->error = std::current_exception();
    return AVERROR(EIO);
  }
}

std::int64_t seek_packet(void* opaque, std::int64_t offset, int whence) {
  auto* io = static_cast<SinkIo*>(opaque);
  if (whence == AVSEEK_SIZE) {
    const std::int64_t here = io->sink->seek(0, SEEK_CUR);
    const std::int64_t end = io->sink->seek(0, SEEK_END);
    if (here >= 0) io->sink->seek(here, SEEK_SET);
    return end;
  }
  return io->sink->seek(offset, whence & ~AVSEEK_FORCE);
}

}  // namespace

VideoEncoder::VideoEncoder(const std::filesystem::path& output, const EncodeOptions& options, Format format)
    : BasicEncoder(output, options), commit_to_(options.commit_to), format_(format), packet_(make_packet()),
      flush_budget_ms_(options.flush_budget_ms) {
  if (output != "-") file_.emplace(output, options.overwrite);
  name_ = file_ ? "'" + file_->target().string() + "'" : std::string("stdout");
  const std::string temp = file_ ? file_->temp_path().string() : std::string("pipe:1");
  {
    AVFormatContext* raw = nullptr;
    check_av(avformat_alloc_output_context2(&raw, nullptr, muxer_name(format), temp.c_str()),
             std::string("creating the ") + muxer_name(format) + " muxer");
    muxer_.reset(raw);
  }
  stream_ = avformat_new_stream(muxer_.get(), nullptr);
  if (!stream_) throw Error("out of memory creating the video stream");

  open_codec(options);

  stream_->time_base = codec_->time_base;  // a hint; the muxer may pick its own in write_header
  stream_->avg_frame_rate = codec_->framerate;
  check_av(avcodec_parameters_from_context(stream_->codecpar, codec_.get()), "copying the codec parameters");

  // The run's configuration as the container's comment (ffprobe: format_tags=comment); a GIF
  // gets it as a Comment Extension (sink_write). y4m has no place for it, and FFmpeg's NUT
  // reader drops a tag longer than 1 KB ("get_str failed while decoding info header"), which a
  // configuration is: the streams carry none.
  if (!options.comment.empty() && (format == Format::mp4 || format == Format::webm))
    check_av(av_dict_set(&muxer_->metadata, "comment", options.comment.c_str(), 0), "setting the comment tag");

  // mp4 and webm files are written by libav itself (mp4's faststart re-reads and moves the file);
  // everything else, and anything to stdout or a FIFO, through an OutputSink.
  const bool own_file = file_ && !file_->in_place() && (format == Format::mp4 || format == Format::webm);
  if (own_file) {
    check_av(avio_open(&muxer_->pb, temp.c_str(), AVIO_FLAG_WRITE), "cannot create '" + temp + "'");
  } else {
    sink_.emplace(file_ ? file_->temp_path() : std::filesystem::path("-"), name_, options.interrupt);
    sink_io_.sink = &*sink_;
    sink_io_.gif = format == Format::gif;
    if (format == Format::gif && !options.comment.empty()) sink_io_.gif_comment = gif_comment_block(options.comment);
    constexpr int buffer_size = 1 << 16;
    auto* buffer = static_cast<unsigned char*>(av_malloc(buffer_size));
    if (!buffer) throw Error("out of memory allocating the output buffer");
    AVIOContext* io = avio_alloc_context(buffer, buffer_size, 1, &sink_io_, nullptr, write_packet,
                                         sink_->seekable() ? seek_packet : nullptr);
    if (!io) {
      av_free(buffer);
      throw Error("out of memory allocating the output context");
    }
    io_.reset(io);
    io->seekable = sink_->seekable() ? AVIO_SEEKABLE_NORMAL : 0;
    muxer_->pb = io;
    muxer_->flags |= AVFMT_FLAG_CUSTOM_IO;
  }
  DictionaryPtr muxer_options;
  // faststart: the index (moov) goes before the data once the trailer is written, so browsers
  // play while downloading. loop=0: the GIF loops forever (NETSCAPE2.0 extension).
  if (format == Format::mp4) set_option(muxer_options, "movflags", "+faststart");
  if (format == Format::gif) set_option(muxer_options, "loop", "0");
  AVDictionary* raw = muxer_options.release();
  const int ret = avformat_write_header(muxer_.get(), &raw);
  muxer_options.reset(raw);
  header_written_ = ret >= 0;
  // The header is the first write to a stream: a reader that already left is named here (later
  // errors get the output's name from BasicEncoder).
  try {
    check_io(ret, std::string("writing the ") + muxer_name(format) + " header");
    flush_io();
  } catch (const Interrupted&) {
    throw;
  } catch (const Error& e) {
    throw Error("writing " + name_ + ": " + e.what());
  }
  check_all_used(muxer_options, std::string("the ") + muxer_name(format) + " muxer");

  if (format == Format::gif) {
    palette_.emplace(options.width, options.height, options.fps, options.gif_palette);
    frame_ = make_frame();
  } else {
    converter_.emplace(options.width, options.height, codec_->pix_fmt);
    frame_ = make_frame(options.width, options.height, codec_->pix_fmt);
  }
  spdlog::debug("encode: {} {}x{} at {} fps via {} into {}", muxer_name(format), options.width, options.height,
                options.fps, encoder_name(format), file_ ? "'" + temp + "'" : name_);
}

void VideoEncoder::check_io(int ret, const std::string& what) {
  if (sink_io_.error) {
    const std::exception_ptr error = sink_io_.error;
    std::rethrow_exception(error);
  }
  check_av(ret, what);
}

void VideoEncoder::flush_io() {
  if (!sink_) return;
  avio_flush(muxer_->pb);
  check_io(muxer_->pb->error, "writing " + name_);
}

VideoEncoder::~VideoEncoder() {
  // FFmpeg 5.1's gif muxer keeps its last packet until the trailer and has no deinit, so an
  // abandoned GIF would leak it. Writing the trailer into the temporary file, which is removed
  // right after, is the only way to free it; the result does not matter.
  if (format_ == Format::gif && header_written_ && !trailer_written_) av_write_trailer(muxer_.get());
}

void VideoEncoder::open_codec(const EncodeOptions& options) {
  const AVCodec* encoder = avcodec_find_encoder_by_name(encoder_name(format_));
  if (!encoder) throw Error(std::string("this FFmpeg build has no '") + encoder_name(format_) + "' encoder");
  codec_.reset(avcodec_alloc_context3(encoder));
  if (!codec_) throw Error("out of memory allocating the codec");

  codec_->width = options.width;
  codec_->height = options.height;
  codec_->time_base = AVRational{1, options.fps};  // pts counts frames
  codec_->framerate = AVRational{options.fps, 1};
  codec_->sample_aspect_ratio = AVRational{1, 1};
  codec_->thread_count = options.threads;
  DictionaryPtr codec_options;
  if (format_ == Format::nut_raw) {
    // The frames' own bytes: Cairo's BGRA with the (opaque) alpha byte as padding.
    codec_->pix_fmt = AV_PIX_FMT_BGR0;
  } else if (format_ == Format::gif) {
    codec_->pix_fmt = AV_PIX_FMT_PAL8;
    // libavcodec's defaults, stated because the global palette relies on them: while a frame's
    // palette is the previous one's, the encoder stores only the changed rectangle (offsetting)
    // and marks unchanged pixels in it transparent (transdiff), which LZW packs well. The default
    // run (200 frames, 1800x600) with one palette: 23.3 MB with both flags, 33.8 MB with
    // offsetting only, 35.5 MB with neither. With a palette per frame neither applies (37.0 MB).
    set_option(codec_options, "gifflags", "+offsetting+transdiff");
  } else {
    // yuv444p makes libx264 write High 4:4:4 Predictive and libvpx profile 1 on its own.
    codec_->pix_fmt = options.pix_fmt == PixelFormat::yuv444p ? AV_PIX_FMT_YUV444P : AV_PIX_FMT_YUV420P;
    codec_->gop_size = keyframe_seconds * options.fps;
    // Tags matching PixelConverter's BT.709 limited-range conversion.
    codec_->color_range = AVCOL_RANGE_MPEG;
    codec_->colorspace = AVCOL_SPC_BT709;
    codec_->color_primaries = AVCOL_PRI_BT709;
    codec_->color_trc = AVCOL_TRC_BT709;
  }
  if (format_ == Format::mp4 || format_ == Format::nut) {
    set_option(codec_options, "crf",
               std::to_string(options.crf >= 0 ? options.crf : default_x264_crf(options.width, options.height)));
    const std::string preset = options.preset.empty() ? "medium" : options.preset;
    set_option(codec_options, "preset", preset);
    // tune animation: more reference frames and B-frames, less psy noise: made for flat colour.
    // A stream (nut) is watched as it is made: zerolatency too (no B-frames, no look-ahead, no
    // frame threads), so each frame leaves the encoder as soon as it is in.
    set_option(codec_options, "tune", format_ == Format::nut ? "animation,zerolatency" : "animation");
    // After the tune (libx264 applies x264-params last): no deblocking, which would draw ghosts
    // beside 1-px lines (see the defaults above).
    set_option(codec_options, "x264-params", "no-deblock=1");
    // x264 holds rc-lookahead frames before it emits one (40 at medium, 60 at the slow end): all
    // of them must be encoded when the file is finished, which after a signal is more than the
    // half second a signal may take (see EncodeOptions::interrupt). At most 10 (veryfast's): on
    // the default run (201 frames, 1800x600, crf 20) medium's 40 -> 10 made the file 2.9% smaller
    // at 0.5 dB lower PSNR and was no slower. Presets faster than veryfast look ahead less.
    if (const int lookahead = x264_lookahead(preset); format_ == Format::mp4 && lookahead > max_x264_lookahead)
      set_option(codec_options, "rc-lookahead", std::to_string(max_x264_lookahead));
  } else if (format_ == Format::webm) {
    codec_->bit_rate = 0;  // with crf: constant quality, no bitrate target
    set_option(codec_options, "crf", std::to_string(options.crf >= 0 ? options.crf : default_vp9_crf));
    set_option(codec_options, "row-mt", "1");
    set_option(codec_options, "deadline", "good");
    set_option(codec_options, "cpu-used", "4");  // libvpx's fast end of "good": ~realtime here
    // libvpx holds 25 frames by default before emitting one, for alternate reference frames,
    // which one-pass encoding does not make: the same bytes with none held (40 frames of the
    // default run: 441,012 bytes either way), and nothing left to flush after a signal.
    set_option(codec_options, "lag-in-frames", "0");
  }
  if (muxer_->oformat->flags & AVFMT_GLOBALHEADER) codec_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;

  AVDictionary* raw = codec_options.release();
  const int ret = avcodec_open2(codec_.get(), encoder, &raw);
  codec_options.reset(raw);
  check_av(ret, std::string("opening the ") + encoder_name(format_) + " encoder");
  check_all_used(codec_options, encoder_name(format_));
}

void VideoEncoder::use_palette_sample(const std::vector<const util::Frame*>& frames) {
  if (palette_) palette_->set_sample(frames);
}

void VideoEncoder::encode_frame(const util::Frame& frame) {
  if (palette_) {
    palette_->push(frame, next_pts_++);
    while (palette_->pull(frame_.get())) {
      frame_->pts = av_rescale_q(frame_->pts, palette_->time_base(), codec_->time_base);
      send(frame_.get());
    }
    flush_io();
    return;
  }
  // The codec may still hold a reference to the previous picture.
  check_av(av_frame_make_writable(frame_.get()), "allocating a video frame");
  converter_->convert(frame, frame_.get());
  frame_->pts = next_pts_++;
  send(frame_.get());
  flush_io();  // a stream's frame goes out now, not when the buffer is full
}

void VideoEncoder::note_muxed(std::int64_t pts) {
  if (pts < contiguous_) return;
  ahead_.insert(pts);
  while (!ahead_.empty() && *ahead_.begin() == contiguous_) {
    ahead_.erase(ahead_.begin());
    ++contiguous_;
  }
}

bool VideoEncoder::send(const AVFrame* frame, std::optional<std::chrono::steady_clock::time_point> deadline) {
  check_av(avcodec_send_frame(codec_.get(), frame), std::string("encoding with ") + encoder_name(format_));
  while (true) {
    if (deadline && contiguous_ > 0 && ahead_.empty() && std::chrono::steady_clock::now() >= *deadline) return false;
    const int ret = avcodec_receive_packet(codec_.get(), packet_.get());
    if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return true;
    check_av(ret, std::string("encoding with ") + encoder_name(format_));
    note_muxed(packet_->pts);
    // Every frame lasts 1/fps: the last one too, so the duration is frames / fps.
    if (packet_->duration <= 0) packet_->duration = 1;
    av_packet_rescale_ts(packet_.get(), codec_->time_base, stream_->time_base);
    packet_->stream_index = stream_->index;
    // Takes the packet's reference and leaves it blank for the next receive.
    check_io(av_interleaved_write_frame(muxer_.get(), packet_.get()), "writing a video packet");
  }
}

void VideoEncoder::finish_output() {
  if (frames_written() == 0) throw Error("no frames to write to " + name_);
  if (palette_) {
    palette_->close();
    while (palette_->pull(frame_.get())) {
      frame_->pts = av_rescale_q(frame_->pts, palette_->time_base(), codec_->time_base);
      send(frame_.get());
    }
  }
  // Flush the codec's delayed frames; after a signal, only for flush_budget_ms.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  if (const util::InterruptFlag* flag = interrupt_flag(); flag != nullptr && flag->raised())
    deadline = flag->raised_at() + std::chrono::milliseconds(flush_budget_ms_);
  if (!send(nullptr, deadline)) {
    spdlog::debug("encode: stopped the flush at the signal: {} of {} frames in {}", contiguous_, frames_written(), name_);
    set_frames_in_output(static_cast<int>(contiguous_));
  }
  trailer_written_ = true;  // even when it fails: it is not to be written twice
  check_io(av_write_trailer(muxer_.get()), std::string("finishing the ") + muxer_name(format_) + " file");
  if (sink_) {
    flush_io();
    sink_->close();
  } else {
    check_av(avio_closep(&muxer_->pb), "closing '" + file_->temp_path().string() + "'");
  }
  spdlog::debug("encode: wrote {} frames to {}", frames_written(), name_);
  if (!file_) return;  // stdout
  if (commit_to_) {
    commit_to_->adopt(std::move(*file_));  // renamed with the run's other outputs
    file_.reset();
  } else {
    file_->commit();
  }
}

}  // namespace nnviz::encode
