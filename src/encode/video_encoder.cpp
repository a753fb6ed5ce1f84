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
  }
  return nullptr;
}

const char* muxer_name(Format format) {
  switch (format) {
    case Format::mp4: return "mp4";
    case Format::webm: return "webm";
    case Format::gif: return "gif";
    default: return nullptr;
  }
}

VideoEncoder::VideoEncoder(const std::filesystem::path& output, const EncodeOptions& options, Format format)
    : BasicEncoder(output, options), file_(output, options.overwrite), commit_to_(options.commit_to), format_(format), packet_(make_packet()),
      flush_budget_ms_(options.flush_budget_ms) {
  const std::string temp = file_.temp_path().string();
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

  check_av(avio_open(&muxer_->pb, temp.c_str(), AVIO_FLAG_WRITE), "cannot create '" + temp + "'");
  DictionaryPtr muxer_options;
  // faststart: the index (moov) goes before the data once the trailer is written, so browsers
  // play while downloading. loop=0: the GIF loops forever (NETSCAPE2.0 extension).
  if (format == Format::mp4) set_option(muxer_options, "movflags", "+faststart");
  if (format == Format::gif) set_option(muxer_options, "loop", "0");
  AVDictionary* raw = muxer_options.release();
  const int ret = avformat_write_header(muxer_.get(), &raw);
  muxer_options.reset(raw);
  check_av(ret, std::string("writing the ") + muxer_name(format) + " header");
  header_written_ = true;
  check_all_used(muxer_options, std::string("the ") + muxer_name(format) + " muxer");

  if (format == Format::gif) {
    palette_.emplace(options.width, options.height, options.fps, options.gif_palette);
    frame_ = make_frame();
  } else {
    converter_.emplace(options.width, options.height, codec_->pix_fmt);
    frame_ = make_frame(options.width, options.height, codec_->pix_fmt);
  }
  spdlog::debug("encode: {} {}x{} at {} fps via {} into '{}'", muxer_name(format), options.width, options.height,
                options.fps, encoder_name(format), temp);
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
  if (format_ == Format::gif) {
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
  if (format_ == Format::mp4) {
    set_option(codec_options, "crf",
               std::to_string(options.crf >= 0 ? options.crf : default_x264_crf(options.width, options.height)));
    const std::string preset = options.preset.empty() ? "medium" : options.preset;
    set_option(codec_options, "preset", preset);
    // tune animation: more reference frames and B-frames, less psy noise: made for flat colour.
    set_option(codec_options, "tune", "animation");
    // After the tune (libx264 applies x264-params last): no deblocking, which would draw ghosts
    // beside 1-px lines (see the defaults above).
    set_option(codec_options, "x264-params", "no-deblock=1");
    // x264 holds rc-lookahead frames before it emits one (40 at medium, 60 at the slow end): all
    // of them must be encoded when the file is finished, which after a signal is more than the
    // half second a signal may take (see EncodeOptions::interrupt). At most 10 (veryfast's): on
    // the default run (201 frames, 1800x600, crf 20) medium's 40 -> 10 made the file 2.9% smaller
    // at 0.5 dB lower PSNR and was no slower. Presets faster than veryfast look ahead less.
    if (const int lookahead = x264_lookahead(preset); lookahead > max_x264_lookahead)
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
    return;
  }
  // The codec may still hold a reference to the previous picture.
  check_av(av_frame_make_writable(frame_.get()), "allocating a video frame");
  converter_->convert(frame, frame_.get());
  frame_->pts = next_pts_++;
  send(frame_.get());
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
    check_av(av_interleaved_write_frame(muxer_.get(), packet_.get()), "writing a video packet");
  }
}

void VideoEncoder::finish_output() {
  if (frames_written() == 0) throw Error("no frames to write to '" + file_.target().string() + "'");
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
    spdlog::debug("encode: stopped the flush at the signal: {} of {} frames in '{}'", contiguous_, frames_written(),
                  file_.target().string());
    set_frames_in_output(static_cast<int>(contiguous_));
  }
  trailer_written_ = true;  // even when it fails: it is not to be written twice
  check_av(av_write_trailer(muxer_.get()), std::string("finishing the ") + muxer_name(format_) + " file");
  check_av(avio_closep(&muxer_->pb), "closing '" + file_.temp_path().string() + "'");
  spdlog::debug("encode: wrote {} frames to '{}'", frames_written(), file_.target().string());
  if (commit_to_) {
    commit_to_->adopt(std::move(file_));  // renamed with the run's other outputs
  } else {
    file_.commit();
  }
}

}  // namespace nnviz::encode
