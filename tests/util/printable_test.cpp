// util::printable / util::quoted: user text in messages, with control characters escaped.
#include "nnviz/util/printable.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {
using nnviz::util::printable;
using nnviz::util::quoted;

TEST(printable, escapes_control_characters_as_git_and_ls_do) {
  EXPECT_EQ(printable("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
  EXPECT_EQ(printable(std::string("a\0b", 3)), "a\\x00b");  // a NUL no longer ends the message
  EXPECT_EQ(printable("a\tb\nc\rd\x7f"), "a\\tb\\nc\\rd\\x7f");
}

TEST(printable, keeps_utf8_text_and_escapes_c1_controls_and_broken_bytes) {
  EXPECT_EQ(printable("points \xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), "points \xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  EXPECT_EQ(printable("\xc2\x9b" "2J"), "\\xc2\\x9b2J");  // U+009B, CSI in 8-bit terminals
  EXPECT_EQ(printable("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(printable("\xc3"), "\\xc3");              // cut sequence
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a surrogate is not UTF-8
  EXPECT_EQ(printable("\xc0\xaf"), "\\xc0\\xaf");      // overlong '/'
  EXPECT_EQ(printable("\xef\xbb\xbf"), "\xef\xbb\xbf");  // U+FEFF is printable text
}

TEST(printable, is_the_same_text_when_applied_twice) {
  const std::string once = printable(std::string("x\0\x1b\xff\\y", 6));
  EXPECT_EQ(printable(once), once);
}

TEST(quoted, quotes_escapes_and_cuts_long_text) {
  EXPECT_EQ(quoted("abc"), "'abc'");
  EXPECT_EQ(quoted("\x1b"), "'\\x1b'");
  EXPECT_EQ(quoted(std::string(50, 'z'), 4), "'zzzz...'");
}

}  // namespace
