#pragma once
// User text (a file's bytes, a name, a value) as a message may show it: control characters and
// bytes that are not UTF-8 are written as escapes ("\x1b", "\x00", "\t"), as git and ls quote
// them, so that a file can neither cut a message short (a NUL ends a C string) nor drive the
// terminal (escape sequences). Backslashes are left as they are, so printable() of printable()
// text is the same text: a message may pass through it more than once.
#include <cstddef>
#include <string>
#include <string_view>

namespace nnviz::util {

// Tab, newline and carriage return as \t, \n, \r; every other C0 control character, DEL and the
// C1 controls (U+0080 to U+009F, which some terminals obey) as \xNN per byte; bytes that are not
// part of well-formed UTF-8 as \xNN; everything else unchanged.
std::string printable(std::string_view text);

// printable(text) in single quotes, cut after `max_bytes` bytes of `text` (with "..."), so that
// a binary file fed by mistake still gives a one-line message.
std::string quoted(std::string_view text, std::size_t max_bytes = 40);

}  // namespace nnviz::util
