#include "nnviz/cli/config_file.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <sstream>
#include <system_error>
#include <vector>

#include "nnviz/util/error.hpp"
#include "nnviz/util/input_file.hpp"
#include "nnviz/util/interrupt.hpp"
#include "nnviz/util/printable.hpp"

namespace nnviz::cli {

void setup_config_options(CLI::App& cmd, ConfigArgs& args, bool with_print) {
  const std::string name = cmd.get_name();
  cmd.add_option("--config", args.file,
                 "TOML file with options of nnviz " + name + ", without dashes (lr = 0.05, output = \"run.html\"); "
                 "the command line wins")
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

}  // namespace

void apply_config(CLI::App& cmd, const std::string& file) {
  // Messages show the file's text through printable(): a NUL would cut them, escape sequences
  // would drive the terminal.
  const std::string shown = util::printable(file);
  std::string text = util::read_input_text(file, max_config_bytes, "a config file", &util::InterruptFlag::install());
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

std::string effective_config(const CLI::App& cmd) {
  // CLI11 writes an option that was not given and has no default shown (--crf, --data, --title)
  // as `name=""`, which reads back as a value ("" is no number, no file). Such an option is
  // unset in the run, so it is left out, with the description CLI11 wrote above it.
  std::istringstream in(cmd.config_to_str(true, true));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    const std::size_t eq = line.find('=');
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

bool apply_config_args(CLI::App& cmd, const ConfigArgs& args) {
  if (args.file) apply_config(cmd, *args.file);
  if (!args.print) return false;
  std::cout << effective_config(cmd) << std::flush;
  return true;
}

}  // namespace nnviz::cli
