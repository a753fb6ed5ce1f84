#include "suggest.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "nnviz/util/names.hpp"

namespace nnviz::cli {
namespace {

// A negative number ("-1", "-0.5e3") is a value, not an option.
bool is_number(const std::string& s) {
  double v = 0.0;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && res.ec == std::errc() && res.ptr == s.data() + s.size();
}

bool known(const CLI::App& cmd, const std::string& name) {
  if (cmd.get_option_no_throw(name) != nullptr) return true;
  const CLI::App* parent = cmd.get_parent();
  return parent != nullptr && parent->get_option_no_throw(name) != nullptr;
}

std::vector<std::string> option_names(const CLI::App& cmd) {
  std::vector<std::string> names;
  for (const CLI::App* app : {&cmd, cmd.get_parent()}) {
    if (app == nullptr) continue;
    for (const CLI::Option* opt : app->get_options()) {
      for (const std::string& l : opt->get_lnames()) names.push_back("--" + l);
      for (const std::string& s : opt->get_snames()) names.push_back("-" + s);
    }
  }
  return names;
}

}  // namespace

std::size_t edit_distance(const std::string& a_in, const std::string& b_in) {
  const std::string a = util::ascii_lower(a_in);
  const std::string b = util::ascii_lower(b_in);
  // Optimal string alignment: rows of the previous two lines of the table.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    before.swap(previous);
    previous.swap(current);
  }
  return previous[b.size()];
}

std::optional<std::string> closest(const std::string& typed, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(typed, c);
    if (!best || d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  const std::size_t limit = std::clamp<std::size_t>(typed.size() / 3, 1, 3);
  if (best && best_distance <= limit) return best;
  // An abbreviation: "--valid" for --validation-split.
  std::optional<std::string> prefix_of;
  for (const std::string& c : candidates) {
    if (typed.size() < 3 || c.size() <= typed.size() || util::ascii_lower(c).rfind(util::ascii_lower(typed), 0) != 0)
      continue;
    if (prefix_of) return std::nullopt;  // ambiguous
    prefix_of = c;
  }
  return prefix_of;
}

std::optional<std::string> unknown_option(const CLI::App& cmd, const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (arg == "--") break;  // the rest are values
    if (arg.size() < 2 || arg[0] != '-' || is_number(arg)) continue;
    if (arg[1] == '-') {
      const std::string name = arg.substr(0, arg.find('='));
      if (!known(cmd, name)) return name;
      continue;
    }
    // Short flags may be bundled (-vq) or carry their value (-j4): the first letter decides.
    const std::string name = arg.substr(0, 2);
    if (!known(cmd, name)) return name;
  }
  return std::nullopt;
}

std::string unknown_option_message(const CLI::App& cmd, const std::string& option) {
  std::string text = option + ": no such option of 'nnviz " + cmd.get_name() + "'";
  // Every one-letter option is one edit from every other: only long names get a guess.
  if (option.rfind("--", 0) != 0) return text;
  if (const auto guess = closest(option, option_names(cmd))) text += " (did you mean " + *guess + "?)";
  return text;
}

std::optional<std::string> unknown_subcommand(const CLI::App& app, const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (!arg.empty() && arg[0] == '-') return std::nullopt;  // options come after the command
    bool is_command = false;
    for (const CLI::App* sub : app.get_subcommands({})) is_command = is_command || sub->check_name(arg);
    return is_command ? std::nullopt : std::optional<std::string>(arg);
  }
  return std::nullopt;
}

std::string unknown_subcommand_message(const CLI::App& app, const std::string& typed) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  std::string text = "'" + typed + "' is not an nnviz command";
  if (const auto guess = closest(typed, names)) return text + " (did you mean " + *guess + "?)";
  return text + " (the commands: " + util::joined(names) + ")";
}

}  // namespace nnviz::cli
