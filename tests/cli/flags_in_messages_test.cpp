// Every --flag that nnviz's own strings mention (messages, help, the field -> flag table) is a
// flag some subcommand's --help lists: a message pointing at a flag that does not exist (say
// "--overwrite" when the flag is -n/--no-overwrite) fails here.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "cli_test_support.hpp"

namespace {
namespace fs = std::filesystem;

bool flag_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

// The "--name" words of `literal` (a string literal's contents).
void collect_flags(const std::string& literal, std::set<std::string>& out) {
  for (std::size_t i = 0; i + 2 < literal.size(); ++i) {
    const bool starts = literal.compare(i, 2, "--") == 0 && (i == 0 || !flag_char(literal[i - 1])) &&
                        literal[i + 2] >= 'a' && literal[i + 2] <= 'z';
    if (!starts) continue;
    std::size_t end = i + 2;
    while (end < literal.size() && flag_char(literal[end])) ++end;
    while (literal[end - 1] == '-') --end;  // "--a-" at a line break of the text
    out.insert(literal.substr(i, end - i));
    i = end;
  }
}

// The flags named inside the string literals of C++ `source`: comments, character literals
// and code (`--pos_`) are skipped; raw strings R"d(...)d" are read.
std::set<std::string> flags_in_literals(const std::string& source) {
  std::set<std::string> flags;
  std::size_t i = 0;
  const std::size_t n = source.size();
  while (i < n) {
    if (source.compare(i, 2, "//") == 0) {
      i = source.find('\n', i);
      if (i == std::string::npos) break;
    } else if (source.compare(i, 2, "/*") == 0) {
      i = source.find("*/", i + 2);
      if (i == std::string::npos) break;
      i += 2;
    } else if (source[i] == 'R' && i + 1 < n && source[i + 1] == '"' &&
               (i == 0 || !(std::isalnum(static_cast<unsigned char>(source[i - 1])) || source[i - 1] == '_'))) {
      const std::size_t open = source.find('(', i + 2);
      std::string close(1, ')');  // ")delim\"", built by appending (GCC 12 -Wrestrict on ")" + s)
      close.append(source, i + 2, open - i - 2);
      close += '"';
      const std::size_t end = source.find(close, open);
      collect_flags(source.substr(open + 1, end - open - 1), flags);
      i = end + close.size();
    } else if (source[i] == '\'' && i > 0 && std::isalnum(static_cast<unsigned char>(source[i - 1]))) {
      ++i;  // a digit separator: 1'000'000
    } else if (source[i] == '"' || source[i] == '\'') {
      const char quote = source[i];
      std::string literal;
      for (++i; i < n && source[i] != quote; ++i) {
        if (source[i] == '\\') ++i;  // an escaped character is never part of a flag
        else literal += source[i];
      }
      ++i;
      if (quote == '"') collect_flags(literal, flags);
    } else {
      ++i;
    }
  }
  return flags;
}

std::string help_of(const std::vector<std::string>& args) {
  const nnviz::cli_test::Outcome o = nnviz::cli_test::run(args);
  EXPECT_EQ(o.code, 0) << o.err;
  return o.out;
}

// Every flag any help text lists.
std::set<std::string> flags_in_help() {
  std::string help = help_of({"--help"});
  for (const char* command : {"train", "dataset", "summary", "render", "compare", "report"})
    help += help_of({command, "--help"});
  std::set<std::string> flags;
  collect_flags(help, flags);
  return flags;
}

std::set<std::string> missing(const std::set<std::string>& wanted, const std::set<std::string>& known) {
  std::set<std::string> out;
  for (const std::string& f : wanted)
    if (!known.count(f)) out.insert(f);
  return out;
}

std::string listed(const std::set<std::string>& flags) {
  std::string out;
  for (const std::string& f : flags) out += " " + f;
  return out;
}

TEST(flags_in_messages, the_scanner_reads_literals_and_skips_code_and_comments) {
  const std::string source = R"src(
    // "--in-a-comment"
    /* "--in-a-block" */
    while (end > begin) --end;
    char c = '"'; throw UsageError("output exists (use -y/--overwrite to replace it)");
    const char* escaped = "a \"quoted\" --fps value";
    auto raw = R"x(use --format "raw")x";
    std::string s = "x--notaflag and --size" + "--" + name;
    int big = 1'000'000; const char* after = "--crf";
  )src";
  EXPECT_EQ(flags_in_literals(source), (std::set<std::string>{"--overwrite", "--fps", "--format", "--size", "--crf"}));
}

TEST(flags_in_messages, a_flag_no_help_lists_is_reported) {
  const std::set<std::string> help = flags_in_help();
  EXPECT_TRUE(help.count("--no-overwrite"));
  EXPECT_TRUE(help.count("--version"));
  EXPECT_EQ(missing({"--overwrite", "--no-overwrite", "--threads"}, help),
            (std::set<std::string>{"--overwrite", "--threads"}));
}

TEST(flags_in_messages, every_flag_in_the_sources_strings_exists) {
  const std::set<std::string> help = flags_in_help();
  std::set<std::string> used;
  std::size_t files = 0;
  for (const char* dir : {"src", "include"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(NNVIZ_SOURCE_DIR) / dir)) {
      const std::string ext = entry.path().extension().string();
      if (ext != ".cpp" && ext != ".hpp" && ext != ".in") continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      const std::set<std::string> here = flags_in_literals(text.str());
      const std::set<std::string> bad = missing(here, help);
      EXPECT_TRUE(bad.empty()) << entry.path().string() << " names flags no --help lists:" << listed(bad);
      used.insert(here.begin(), here.end());
      ++files;
    }
  }
  EXPECT_GT(files, 50u);
  // The scan sees the messages' flags (an empty scan would pass everything).
  EXPECT_TRUE(used.count("--gif-palette")) << listed(used);
  EXPECT_TRUE(used.count("--batch-size")) << listed(used);
}

}  // namespace
