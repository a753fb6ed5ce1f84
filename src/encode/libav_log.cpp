// libav's log messages, through spdlog.
#include <spdlog/spdlog.h>

#include <cstdarg>
#include <string>

extern "C" {
#include <libavutil/log.h>
}

#include "nnviz/encode/encoder.hpp"

namespace nnviz::encode {

namespace {

// libav calls this from codec threads too; spdlog's default logger is thread-safe and the line
// buffer is local, so nothing is shared.
void forward_to_spdlog(void* avcl, int level, const char* fmt, va_list args) {
  if (level > av_log_get_level()) return;
  char line[1024];
  int print_prefix = 1;  // each message gets its "[libx264 @ 0x...]" prefix
  av_log_format_line2(avcl, level, fmt, args, line, sizeof line, &print_prefix);
  std::string text(line);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.empty()) return;
  // libav's errors come before the Error we throw with av_strerror's text: they add the detail
  // ("invalid width x height"), so they show as warnings. Its warnings are internals ("Duped
  // color" from palettegen) a user cannot act on: debug, like its info.
  if (level <= AV_LOG_ERROR)
    spdlog::warn("libav: {}", text);
  else if (level <= AV_LOG_INFO)
    spdlog::debug("libav: {}", text);
  else
    spdlog::trace("libav: {}", text);
}

}  // namespace

void quiet_libav_logs(bool verbose) {
  av_log_set_level(verbose ? AV_LOG_INFO : AV_LOG_WARNING);
  av_log_set_callback(forward_to_spdlog);
}

}  // namespace nnviz::encode
