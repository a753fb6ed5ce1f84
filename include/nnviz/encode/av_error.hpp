#pragma once
// The one place where libav error codes become messages.
#include <string>
#include <string_view>

namespace nnviz::encode {

// av_strerror's text for a negative AVERROR code.
std::string av_error_text(int code);
// Throws Error("<what>: <av_strerror text>") when ret < 0; returns ret otherwise.
int check_av(int ret, std::string_view what);

}  // namespace nnviz::encode
