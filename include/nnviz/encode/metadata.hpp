#pragma once
// Reading back what an Encoder wrote as a file's comment (EncodeOptions::comment): the mp4/webm
// `comment` tag, a GIF's Comment Extension. libav reads only the container's header.
#include <filesystem>
#include <optional>
#include <string>

namespace nnviz::encode {

// The comment of the media file `file` (a regular file): std::nullopt when it has none.
// UsageError naming the file when libav cannot read it as media (truncated, garbage) or the
// comment is longer than `max_bytes`. libav's own log lines are silenced meanwhile.
std::optional<std::string> read_comment_tag(const std::filesystem::path& file, std::size_t max_bytes);

}  // namespace nnviz::encode
