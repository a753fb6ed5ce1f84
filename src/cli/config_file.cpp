#include "nnviz/cli/config_file.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <sstream>
#include <system_error>
#include <vector>

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>

#include "nnviz/app/html_page.hpp"
#include "nnviz/cli/cli.hpp"
#include "nnviz/encode/metadata.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/names.hpp"
#include "nnviz/util/input_file.hpp"
#include "nnviz/util/interrupt.hpp"
#include "nnviz/util/printable.hpp"

namespace nnviz::cli {

void setup_config_options(CLI::App& cmd, ConfigArgs& args, bool with_print) {
  const std::string name = cmd.get_name();
  cmd.add_option("--config", args.file,
                 "TOML file with options of nnviz " + name + ", without dashes (lr = 0.05, output = \"run.html\"), "
                 "or an mp4/webm/gif/.html nnviz wrote (the options it carries); the command line wins")
      ->check(CLI::ExistingFile)
      ->configurable(false)
      ->group("Config");
  if (with_print)
    cmd.add_flag("--print-config", args.print,
                 "Write the effective configuration (TOML, for --config) to stdout and exit without running")
        ->configurable(false)
        ->group("Config");
  // Help belongs to one invocation, not to the run a file describes (-v/-q: see cli.cpp).
  if (CLI::Option* help = cmd.get_help_ptr()) help->configurable(false);
}

namespace {

constexpr std::uint64_t max_config_bytes = std::uint64_t{1} << 20;  // a config is a few lines

// Why `value` cannot be a number of option `op` (INT, UINT, FLOAT), in words CLI11 lacks: it
// says "not in range 0 to 1000000" of `epochs = 1.5`. Empty when there is nothing to add.
std::string number_problem(const CLI::Option& op, const std::string& value) {
  const std::string type = op.get_type_name();
  const bool whole = type.rfind("INT", 0) == 0 || type.rfind("UINT", 0) == 0;
  if (!whole && type.rfind("FLOAT", 0) != 0) return {};
  if (value.empty()) return "has no value";
  if (!whole) return {};
  double x = 0.0;
  const char* first = value.data();
  const char* last = value.data() + value.size();
  if (first != last && *first == '+') ++first;
  const auto res = std::from_chars(first, last, x);
  if (res.ec != std::errc() || res.ptr != last || !std::isfinite(x)) return {};
  if (x != std::floor(x)) return "must be a whole number";
  if (value.find_first_not_of("+-0123456789") != std::string::npos)
    return "must be a whole number written with digits only (e.g. 1000, not 1e3 or 1000.0)";
  return {};
}

// What a --config file holds, told by its first bytes (not its name).
enum class ConfigKind { toml, video, page, stream };

ConfigKind sniff(std::string_view head) {
  if (head.rfind("GIF87a", 0) == 0 || head.rfind("GIF89a", 0) == 0) return ConfigKind::video;
  if (head.size() >= 8 && head.substr(4, 4) == "ftyp") return ConfigKind::video;  // mp4, mov
  if (head.rfind("\x1A\x45\xDF\xA3", 0) == 0) return ConfigKind::video;         // EBML: webm, mkv
  // The streams carry none (encode::EncodeOptions::comment).
  if (head.rfind("nut/multimedia container", 0) == 0 || head.rfind("YUV4MPEG2", 0) == 0) return ConfigKind::stream;
  std::string start(head.substr(0, 64));
  if (start.rfind("\xEF\xBB\xBF", 0) == 0) start.erase(0, 3);
  start.erase(0, std::min(start.size(), start.find_first_not_of(" \t\r\n")));
  start = util::ascii_lower(start);
  if (start.rfind("<!doctype html", 0) == 0 || start.rfind("<html", 0) == 0) return ConfigKind::page;
  if (start.rfind("<div id=\"nnviz-", 0) == 0) return ConfigKind::page;  // --html-fragment
  return ConfigKind::toml;
}

// The first bytes of a regular file (empty when it cannot be opened: read_input says why later).
std::string file_head(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::string head(64, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount())));
  return head;
}

// A page's configuration: read until its element is closed (it comes before the video), never the
// whole page (its video may be hundreds of MB) into memory.
std::optional<std::string> page_config_of(const std::string& file) {
  constexpr std::uint64_t max_page_bytes = std::uint64_t{4} << 30;
  std::string window;
  std::optional<std::string> found;
  util::read_input_while(file, max_page_bytes, "a page", &util::InterruptFlag::install(), [&](std::string_view bytes) {
    window.append(bytes);
    if ((found = app::page_config(window))) return false;
    // Keep what may still hold the start of the element; drop the rest (a video's base64).
    const std::size_t open = window.find(app::page_config_element);
    if (open == std::string::npos) {
      const std::size_t keep = app::page_config_element.size();
      if (window.size() > keep) window.erase(0, window.size() - keep);
    } else if (window.size() - open > max_config_bytes) {
      return false;  // an element larger than any configuration: not one of nnviz's
    }
    return true;
  });
  return found;
}

// The command whose configuration `text` is ("train" of "# nnviz train --config FILE"), or "".
std::string embedded_command(const std::string& text) {
  const std::string prefix = "# nnviz ";
  if (text.rfind(prefix, 0) != 0) return {};
  const std::size_t end = text.find(" --config FILE", prefix.size());
  if (end == std::string::npos || end > text.find('\n')) return {};
  return text.substr(prefix.size(), end - prefix.size());
}

// The last line of an embedded configuration: without it, the text was cut short (a truncated
// GIF still opens, with the start of its comment), and a run from its first lines would quietly
// be another run.
std::string end_line(const std::string& command) { return "# (the end of the nnviz " + command + " configuration)\n"; }

// The TOML text of `file`: the file itself, or what a video or page nnviz made carries.
std::string config_text(const std::string& file, const std::string& command) {
  const std::string shown = util::printable(file);
  struct stat st {};
  const bool regular = ::stat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode);
  const ConfigKind kind = regular ? sniff(file_head(file)) : ConfigKind::toml;
  std::optional<std::string> embedded;
  switch (kind) {
    case ConfigKind::toml: {
      std::string text = util::read_input_text(file, max_config_bytes, "a config file", &util::InterruptFlag::install());
      // Not a regular file (a FIFO, a device): read as text; a video there cannot be read back.
      if (!regular && sniff(text) != ConfigKind::toml)
        throw UsageError("--config: " + shown + ": a video or page is read for its configuration only from a regular "
                         "file, not a FIFO or device");
      return text;
    }
    case ConfigKind::stream:
      throw UsageError("--config: " + shown + ": a y4m or nut stream carries no configuration (mp4, webm, gif and "
                       ".html pages carry it)");
    case ConfigKind::video:
      try {
        embedded = encode::read_comment_tag(file, max_config_bytes);
      } catch (const UsageError& e) {
        throw UsageError(std::string("--config: ") + e.what());
      }
      break;
    case ConfigKind::page: embedded = page_config_of(file); break;
  }
  const std::string what = kind == ConfigKind::page ? "page" : "video";
  if (!embedded)
    throw UsageError("--config: " + shown + ": the " + what + " carries no nnviz configuration (made by another "
                     "program, by nnviz compare, or by an nnviz that did not embed its options)");
  const std::string made_by = embedded_command(*embedded);
  if (made_by.empty())
    throw UsageError("--config: " + shown + ": the " + what + (kind == ConfigKind::page ? "'s configuration element" : "'s comment") +
                     " is not an nnviz configuration");
  if (made_by != command)
    throw UsageError("--config: " + shown + ": the " + what + " carries the options of nnviz " +
                     util::printable(made_by) + ", not of nnviz " + command + " (use nnviz " +
                     util::printable(made_by) + (made_by == "render" ? " RUN.json" : "") + " --config " + shown + ")");
  const std::string end = end_line(command);
  if (embedded->size() < end.size() || embedded->compare(embedded->size() - end.size(), end.size(), end) != 0)
    throw UsageError("--config: " + shown + ": the " + what + "'s configuration is cut short (a truncated file?)");
  spdlog::debug("--config: the configuration embedded in {}", shown);
  return *embedded;
}

}  // namespace

void apply_config(CLI::App& cmd, const std::string& file) {
  // Messages show the file's text through printable(): a NUL would cut them, escape sequences
  // would drive the terminal.
  const std::string shown = util::printable(file);
  std::string text = config_text(file, cmd.get_name());
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // a UTF-8 byte order mark, as editors write
  std::vector<CLI::ConfigItem> items;
  try {
    std::istringstream in(text);
    items = CLI::ConfigTOML().from_config(in);
  } catch (const CLI::Error& e) {
    throw UsageError("--config: " + shown + ": " + util::printable(e.what()));
  }
  const std::string section = cmd.get_name();
  for (const CLI::ConfigItem& item : items) {
    if (item.name == "++" || item.name == "--") continue;  // section markers
    const std::string name = util::printable(item.name);
    if (!item.parents.empty() && !(item.parents.size() == 1 && item.parents.front() == section))
      throw UsageError("--config: " + shown + ": unknown section '" + util::printable(item.fullname()) + "' (use [" +
                       section + "] or none)");
    CLI::Option* op = cmd.get_option_no_throw("--" + item.name);
    if (!op && item.name.size() == 1) op = cmd.get_option_no_throw("-" + item.name);
    if (!op || !op->get_configurable())
      throw UsageError("--config: " + shown + ": '" + name + "' is not an option of nnviz " + section);
    if (op->count() > 0) continue;  // the command line wins
    std::string value;
    for (const std::string& input : item.inputs) value += (value.empty() ? "" : ", ") + input;
    const std::string setting = "--config: " + shown + ": " + name + " = " + util::quoted(value, 200);
    for (const std::string& input : item.inputs)
      if (const std::string problem = number_problem(*op, input); !problem.empty())
        throw UsageError(setting + ": " + problem);
    try {
      if (op->get_expected_min() == 0) {
        op->add_result(item.inputs.empty() ? std::string("true") : item.inputs.front());
      } else {
        op->add_result(item.inputs);
      }
      op->run_callback();
    } catch (const CLI::Error& e) {
      throw UsageError(setting + ": " + util::printable(e.what()));
    }
  }
}

std::string effective_config(const CLI::App& cmd, const std::vector<std::string>& leave_out) {
  // CLI11 writes an option that was not given and has no default shown (--crf, --data, --title)
  // as `name=""`, which reads back as a value ("" is no number, no file). Such an option is
  // unset in the run, so it is left out, with the description CLI11 wrote above it.
  std::istringstream in(cmd.config_to_str(true, true));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    const std::size_t eq = line.find('=');
    // A positional (render's run file: "the command line names the run") is no option a file can
    // set: --config would refuse its own --print-config.
    const bool positional = eq != std::string::npos && line.front() != '#' &&
                            cmd.get_option_no_throw("--" + line.substr(0, eq)) == nullptr;
    const bool left_out = positional || (eq != std::string::npos && line.front() != '#' &&
                                         std::find(leave_out.begin(), leave_out.end(), line.substr(0, eq)) != leave_out.end());
    if (left_out) {
      while (!lines.empty() && !lines.back().empty() && lines.back().front() == '#') lines.pop_back();
      if (!lines.empty() && lines.back().empty()) lines.pop_back();
      continue;
    }
    if (eq != std::string::npos && line.front() != '#' && line.substr(eq + 1) == "\"\"") {
      const CLI::Option* op = cmd.get_option_no_throw("--" + line.substr(0, eq));
      if (op && op->count() == 0) {
        while (!lines.empty() && !lines.back().empty() && lines.back().front() == '#') lines.pop_back();
        if (!lines.empty() && lines.back().empty()) lines.pop_back();
        continue;
      }
    }
    lines.push_back(std::move(line));
  }
  // A group whose options are all left out (Config: --config, --print-config) keeps no heading.
  const auto heading = [&](std::size_t i) {
    const std::string& l = lines[i];
    return i > 0 && lines[i - 1].empty() && l.rfind("# ", 0) == 0 && l.size() > 8 &&
           l.compare(l.size() - 8, 8, " Options") == 0;
  };
  for (std::size_t i = lines.size(); i-- > 0;) {
    std::size_t next = i + 1;
    while (next < lines.size() && lines[next].empty()) ++next;
    if (heading(i) && (next == lines.size() || heading(next))) lines.erase(lines.begin() + static_cast<long>(i) - 1, lines.begin() + static_cast<long>(i) + 1);
  }
  std::string out = "# nnviz " + cmd.get_name() + " --config FILE\n";
  for (const std::string& line : lines) out += line + '\n';
  return out;
}

const std::vector<std::string>& embedded_left_out() {
  static const std::vector<std::string> names = {"output", "format", "frames", "metrics", "save-weights",
                                                 "stats", "json", "no-overwrite", "epoch", "html-fragment",
                                                 "render-threads"};
  return names;
}

std::string embedded_config(const CLI::App& cmd) {
  std::string text = effective_config(cmd, embedded_left_out());
  const std::string first = "# nnviz " + cmd.get_name() + " --config FILE\n";
  std::string left_out;
  for (const std::string& name : embedded_left_out())
    if (cmd.get_option_no_throw("--" + name) != nullptr) left_out += (left_out.empty() ? "" : ", ") + name;
  const std::string again = cmd.get_name() == "render" ? "nnviz render RUN.json --config FILE renders it again"
                                                       : "nnviz train --config FILE runs it again";
  const std::string note = "# The options that made this file (" + version_name() + "), without where results go\n# (" +
                           left_out + "):\n# " + again + ", into -o or the default output, never over FILE.\n";
  if (text.rfind(first, 0) == 0) text.insert(first.size(), note);
  return text + end_line(cmd.get_name());
}

bool apply_config_args(CLI::App& cmd, const ConfigArgs& args) {
  if (args.file) apply_config(cmd, *args.file);
  if (!args.print) return false;
  std::cout << effective_config(cmd) << std::flush;
  return true;
}

}  // namespace nnviz::cli
