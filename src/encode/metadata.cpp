#include "nnviz/encode/metadata.hpp"

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/log.h>
}

#include "nnviz/encode/av_error.hpp"
#include "nnviz/encode/av_handles.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/input_file.hpp"
#include "nnviz/util/printable.hpp"

namespace nnviz::encode {
namespace {

// libav's log level for the duration of a scope (process-wide: used before any run starts).
class QuietLibav {
 public:
  QuietLibav() : level_(av_log_get_level()) { av_log_set_level(AV_LOG_QUIET); }
  ~QuietLibav() { av_log_set_level(level_); }
  QuietLibav(const QuietLibav&) = delete;
  QuietLibav& operator=(const QuietLibav&) = delete;

 private:
  int level_;
};

}  // namespace

std::optional<std::string> read_comment_tag(const std::filesystem::path& file, std::size_t max_bytes) {
  const std::string shown = util::printable(file.string());
  const QuietLibav quiet;
  AVFormatContext* raw = nullptr;
  const int ret = avformat_open_input(&raw, file.c_str(), nullptr, nullptr);
  if (ret < 0) throw UsageError(shown + ": cannot be read as a video (" + av_error_text(ret) + ")");
  const InputContextPtr input(raw);
  const AVDictionaryEntry* entry = av_dict_get(input->metadata, "comment", nullptr, 0);
  if (entry == nullptr || entry->value == nullptr) return std::nullopt;
  std::string text = entry->value;
  if (text.size() > max_bytes)
    throw UsageError(shown + ": its comment is larger than " + util::size_text(max_bytes));
  return text;
}

}  // namespace nnviz::encode
