#pragma once
// Reading a file the user names as input, whatever stands at its path: a regular file, or a FIFO
// or device read as its writer delivers, bounded in size and interruptible, so that an endless
// or absent writer neither fills the memory nor outlives Ctrl-C.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace nnviz::util {

class InterruptFlag;

// Calls `chunk` with the bytes of `path` as they come (at most 64 KiB at a time). Throws
// UsageError "PATH: is a directory..." / "PATH: cannot read: why" / "PATH: larger than N (the most
// nnviz reads of WHAT)" past `max_bytes`, and nnviz::Interrupted when `interrupt` (if given) is
// raised: it is checked before every chunk and at least every 0.1 s while a FIFO waits for data.
// The path is shown through util::printable.
void read_input(const std::filesystem::path& path, std::uint64_t max_bytes, const std::string& what,
                const InterruptFlag* interrupt, const std::function<void(std::string_view)>& chunk);

// As read_input, until `chunk` returns false (the rest is not read).
void read_input_while(const std::filesystem::path& path, std::uint64_t max_bytes, const std::string& what,
                      const InterruptFlag* interrupt, const std::function<bool(std::string_view)>& chunk);

// The whole of `path` as text, as read_input reads it.
std::string read_input_text(const std::filesystem::path& path, std::uint64_t max_bytes, const std::string& what,
                            const InterruptFlag* interrupt);

// "1 GiB", "1 MiB", or a count of bytes.
std::string size_text(std::uint64_t bytes);

}  // namespace nnviz::util
