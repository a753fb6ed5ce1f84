#include "pixel_converter.hpp"

extern "C" {
#include <libavutil/pixdesc.h>
}

#include "nnviz/util/error.hpp"

namespace nnviz::encode {

PixelConverter::PixelConverter(int width, int height, AVPixelFormat target) : height_(height) {
  // Accurate rounding keeps flat colours within a code value of the source; bicubic is only
  // used for the chroma subsampling (same size otherwise).
  sws_.reset(sws_getContext(width, height, AV_PIX_FMT_RGB32, width, height, target,
                            SWS_BICUBIC | SWS_ACCURATE_RND, nullptr, nullptr, nullptr));
  if (!sws_) throw Error(std::string("cannot convert RGB32 to ") + av_get_pix_fmt_name(target));
  const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(target);
  if (desc && !(desc->flags & AV_PIX_FMT_FLAG_RGB) && desc->nb_components >= 3) {
    // Source: full-range RGB; destination: BT.709, limited range (what browsers assume for HD).
    const int* bt709 = sws_getCoefficients(SWS_CS_ITU709);
    sws_setColorspaceDetails(sws_.get(), bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16);
  }
}

void PixelConverter::convert(const util::Frame& in, AVFrame* out) {
  const std::uint8_t* src[4] = {in.pixels.data(), nullptr, nullptr, nullptr};
  const int src_stride[4] = {in.stride, 0, 0, 0};
  const int rows = sws_scale(sws_.get(), src, src_stride, 0, in.height, out->data, out->linesize);
  if (rows != height_) throw Error("pixel conversion failed (sws_scale)");
}

}  // namespace nnviz::encode
