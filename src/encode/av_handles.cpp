#include "nnviz/encode/av_handles.hpp"

extern "C" {
#include <libavutil/dict.h>
#include <libavutil/frame.h>
}

#include "nnviz/encode/av_error.hpp"
#include "nnviz/util/error.hpp"

namespace nnviz::encode {

void OutputContextDeleter::operator()(AVFormatContext* ctx) const noexcept {
  // A custom AVIOContext (AVFMT_FLAG_CUSTOM_IO) belongs to whoever made it.
  if (ctx->pb && !(ctx->oformat->flags & AVFMT_NOFILE) && !(ctx->flags & AVFMT_FLAG_CUSTOM_IO)) avio_closep(&ctx->pb);
  avformat_free_context(ctx);
}

void InputContextDeleter::operator()(AVFormatContext* ctx) const noexcept { avformat_close_input(&ctx); }

void CodecContextDeleter::operator()(AVCodecContext* ctx) const noexcept { avcodec_free_context(&ctx); }

void FrameDeleter::operator()(AVFrame* frame) const noexcept { av_frame_free(&frame); }

void PacketDeleter::operator()(AVPacket* packet) const noexcept { av_packet_free(&packet); }

void SwsContextDeleter::operator()(SwsContext* ctx) const noexcept { sws_freeContext(ctx); }

void FilterGraphDeleter::operator()(AVFilterGraph* graph) const noexcept { avfilter_graph_free(&graph); }

void DictionaryDeleter::operator()(AVDictionary* dict) const noexcept { av_dict_free(&dict); }

FramePtr make_frame() {
  FramePtr frame(av_frame_alloc());
  if (!frame) throw Error("out of memory allocating a video frame");
  return frame;
}

FramePtr make_frame(int width, int height, AVPixelFormat format) {
  FramePtr frame = make_frame();
  frame->width = width;
  frame->height = height;
  frame->format = format;
  check_av(av_frame_get_buffer(frame.get(), 0), "allocating a video frame");
  return frame;
}

PacketPtr make_packet() {
  PacketPtr packet(av_packet_alloc());
  if (!packet) throw Error("out of memory allocating a packet");
  return packet;
}

}  // namespace nnviz::encode
