#pragma once
// RAII owners for the libav handles the encoder (and its tests) use: unique_ptr + a named
// deleter each. Deleters only free; they never throw and never write trailers.
#include <memory>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavformat/avformat.h>
#include <libswscale/swscale.h>
}

namespace nnviz::encode {

// An output context owns its AVIOContext once avio_open() succeeded: closes it, then frees
// (a custom one, AVFMT_FLAG_CUSTOM_IO, is left to its maker).
struct OutputContextDeleter {
  void operator()(AVFormatContext* ctx) const noexcept;
};
// An input context from avformat_open_input().
struct InputContextDeleter {
  void operator()(AVFormatContext* ctx) const noexcept;
};
struct CodecContextDeleter {
  void operator()(AVCodecContext* ctx) const noexcept;
};
struct FrameDeleter {
  void operator()(AVFrame* frame) const noexcept;
};
struct PacketDeleter {
  void operator()(AVPacket* packet) const noexcept;
};
struct SwsContextDeleter {
  void operator()(SwsContext* ctx) const noexcept;
};
struct FilterGraphDeleter {
  void operator()(AVFilterGraph* graph) const noexcept;
};
struct DictionaryDeleter {
  void operator()(AVDictionary* dict) const noexcept;
};

using OutputContextPtr = std::unique_ptr<AVFormatContext, OutputContextDeleter>;
using InputContextPtr = std::unique_ptr<AVFormatContext, InputContextDeleter>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using SwsContextPtr = std::unique_ptr<SwsContext, SwsContextDeleter>;
using FilterGraphPtr = std::unique_ptr<AVFilterGraph, FilterGraphDeleter>;
using DictionaryPtr = std::unique_ptr<AVDictionary, DictionaryDeleter>;

// Factories that throw Error instead of returning null.
FramePtr make_frame();
// A frame with its own buffers, width x height in `format`.
FramePtr make_frame(int width, int height, AVPixelFormat format);
PacketPtr make_packet();

}  // namespace nnviz::encode
