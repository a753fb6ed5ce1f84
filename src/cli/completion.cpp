// `nnviz completion bash`: a bash completion script written from the CLI11 options themselves,
// so it offers exactly what each `--help` lists (the build installs its output, see
// src/CMakeLists.txt).
#include "nnviz/cli/completion.hpp"

#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "nnviz/cli/command.hpp"
#include "nnviz/cli/train_command.hpp"
#include "nnviz/data/generators.hpp"
#include "nnviz/encode/encoder.hpp"
#include "nnviz/model/activation.hpp"
#include "nnviz/model/network.hpp"
#include "nnviz/render/palette.hpp"
#include "nnviz/render/renderer.hpp"
#include "nnviz/train/optimizer.hpp"
#include "nnviz/train/schedule.hpp"
#include "nnviz/util/error.hpp"

#ifndef NNVIZ_VERSION
#define NNVIZ_VERSION "0.0.0"
#endif

namespace nnviz::cli {
namespace {

std::string words(const std::vector<std::string>& list) {
  std::string out;
  for (const std::string& w : list) out += (out.empty() ? "" : " ") + w;
  return out;
}

// The values an option's help shows as "{a,b,c}" or "a|b|c" (CLI::IsMember, names_description).
std::vector<std::string> listed_values(const std::string& type_name) {
  std::vector<std::string> values;
  const std::size_t open = type_name.find('{');
  const std::size_t close = type_name.find('}', open);
  if (open != std::string::npos && close != std::string::npos) {
    std::string item;
    for (char c : type_name.substr(open + 1, close - open - 1)) {
      if (c == ',') {
        values.push_back(item);
        item.clear();
      } else if (c != ' ') {
        item += c;
      }
    }
    if (!item.empty()) values.push_back(item);
    return values;
  }
  // "TEXT:on|off": the part after the last ':' when it is names joined by '|'.
  const std::string last = type_name.substr(type_name.rfind(':') + 1);
  if (last.find('|') == std::string::npos) return values;
  std::string item;
  for (char c : last + "|") {
    if (c == '|') {
      if (item.empty()) return {};
      values.push_back(item);
      item.clear();
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
      item += c;
    } else {
      return {};
    }
  }
  return values;
}

// Options whose help names their values only by a word (NAME, FORMAT, STYLE): their tables.
const std::map<std::string, std::vector<std::string>>& named_values() {
  static const std::map<std::string, std::vector<std::string>> table = {
      {"activation", model::activation_names()},
      {"init", model::init_names()},
      {"optimizer", train::optimizer_names()},
      {"dataset", data::dataset_names()},
      {"format", encode::format_names()},
      {"style", render::style_names()},
      {"palette", render::palette_names()},
      {"axes", scene::axes_mode_table().names()},
      {"legend", legend_table().names()},
      {"gif-palette", encode::gif_palette_mode_names()},
      {"pix-fmt", encode::pixel_format_names()},
      {"schedule", train::frame_spacing_table().names()},
      {"morph-at", {"first", "last"}},
      // hiddenN, activationN and neuronsN take a layer number: the names offered are layer 1's.
      {"panels", {"input", "hidden", "activation", "neurons", "loss", "stats", "all"}},
  };
  return table;
}

enum class ValueKind { none, words, files, dirs };

struct Completion {
  ValueKind kind = ValueKind::none;
  std::vector<std::string> values;
};

// What the value of `opt` (of subcommand `command`) completes to.
Completion value_completion(const std::string& command, const CLI::Option& opt) {
  const std::vector<std::string>& long_names = opt.get_lnames();
  const std::string name = long_names.empty() ? std::string() : long_names.front();
  const std::string type = opt.get_type_name();
  if (std::vector<std::string> v = listed_values(type); !v.empty()) return {ValueKind::words, v};
  if (const auto it = named_values().find(name); it != named_values().end()) return {ValueKind::words, it->second};
  if (type.find("DIR") != std::string::npos || name == "frames") return {ValueKind::dirs, {}};
  // compare and report write a folder; train, render and dataset a file.
  if (name == "output") return {command == "compare" || command == "report" ? ValueKind::dirs : ValueKind::files, {}};
  if (type.find("FILE") != std::string::npos || name == "data" || name == "config" || name == "metrics" ||
      name == "save-weights" || name == "stats")
    return {ValueKind::files, {}};
  return {};  // a number, a size, a list to type
}

// The options --help lists (not those of an empty group, which CLI11 hides), help included.
std::vector<const CLI::Option*> listed_options(const CLI::App& cmd) {
  return cmd.get_options([](const CLI::Option* o) { return !o->get_group().empty(); });
}

std::string reply(const Completion& c) {
  switch (c.kind) {
    case ValueKind::words: return "_nnviz_words '" + words(c.values) + "'";
    case ValueKind::files: return "_nnviz_files";
    case ValueKind::dirs: return "_nnviz_dirs";
    case ValueKind::none: break;
  }
  return ":";  // a value to type: nothing offered
}

}  // namespace

std::string bash_completion(const CLI::App& app) {
  const std::vector<const CLI::App*> commands = app.get_subcommands([](const CLI::App*) { return true; });
  std::string names;
  for (const CLI::App* c : commands) names += (names.empty() ? "" : " ") + c->get_name();
  std::string top_options;
  for (const CLI::Option* o : listed_options(app)) {
    for (const std::string& s : o->get_snames()) top_options += (top_options.empty() ? "-" : " -") + s;
    for (const std::string& l : o->get_lnames()) top_options += (top_options.empty() ? "--" : " --") + l;
  }
  std::string s = R"(# bash completion for nnviz, written by `nnviz completion bash` ()" + std::string("nnviz ") +
                  NNVIZ_VERSION + R"() from its options.
# Installed as share/bash-completion/completions/nnviz; or: source <(nnviz completion bash)

_nnviz_words() {
    local cur=$_nnviz_cur prefix=
    # A comma list (--activation tanh,re): complete its last item.
    if [[ $cur == *,* ]]; then prefix=${cur%,*},; cur=${cur##*,}; fi
    local w
    COMPREPLY=()
    for w in $1; do
        [[ $w == "$cur"* ]] && COMPREPLY+=("$prefix$w")
    done
    [[ -n $prefix ]] && compopt -o nospace 2>/dev/null
    return 0
}
_nnviz_files() {
    compopt -o filenames 2>/dev/null
    local IFS=$'\n'
    COMPREPLY=($(compgen -f -- "$_nnviz_cur"))
}
_nnviz_dirs() {
    compopt -o filenames 2>/dev/null
    local IFS=$'\n'
    COMPREPLY=($(compgen -d -- "$_nnviz_cur"))
}

# The value of option $2 of command $1: completes it and returns 0, or returns 1 when $2 takes
# no value (a flag, or not an option).
_nnviz_value() {
    case "$1 $2" in
)";
  std::map<std::string, std::string> options_of;  // command -> its option names
  std::map<std::string, std::string> positional_of;
  for (const CLI::App* c : commands) {
    const std::string command = c->get_name();
    std::string list;
    for (const CLI::Option* o : listed_options(*c)) {
      if (o->nonpositional()) {
        for (const std::string& n : o->get_snames()) list += (list.empty() ? "-" : " -") + n;
        for (const std::string& n : o->get_lnames()) list += (list.empty() ? "--" : " --") + n;
        if (o->get_expected_max() == 0) continue;  // a flag
        std::string patterns;
        for (const std::string& n : o->get_snames()) patterns += (patterns.empty() ? "" : "|") + ("\"" + command + " -" + n + "\"");
        for (const std::string& n : o->get_lnames()) patterns += (patterns.empty() ? "" : "|") + ("\"" + command + " --" + n + "\"");
        s += "        " + patterns + ") " + reply(value_completion(command, *o)) + "; return 0 ;;\n";
      } else {
        positional_of[command] = reply(value_completion(command, *o));
      }
    }
    options_of[command] = list;
  }
  s += R"(    esac
    return 1
}

_nnviz() {
    local cword=$COMP_CWORD cur=${COMP_WORDS[COMP_CWORD]} prev=
    ((cword > 0)) && prev=${COMP_WORDS[cword - 1]}
    # A value after '=' (--activation=tanh): bash splits the word at '=' (COMP_WORDBREAKS).
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = ]] && ((cword > 1)); then
        prev=${COMP_WORDS[cword - 2]}
    fi
    _nnviz_cur=$cur
    COMPREPLY=()
    local command= i
    for ((i = 1; i < cword; i++)); do
        case ${COMP_WORDS[i]} in
            -*) ;;
            *) command=${COMP_WORDS[i]}; break ;;
        esac
    done
    if [[ -z $command ]]; then
        if [[ $cur == -* ]]; then _nnviz_words ')" + top_options + R"('; else _nnviz_words ')" + names + R"('; fi
        return 0
    fi
    [[ $cur == -* ]] || ! _nnviz_value "$command" "$prev" || return 0
    case $command in
)";
  for (const CLI::App* c : commands) {
    const std::string command = c->get_name();
    s += "        " + command + ")\n";
    const auto positional = positional_of.find(command);
    if (positional != positional_of.end()) {
      s += "            if [[ $cur == -* ]]; then _nnviz_words '" + options_of[command] + "'; else " +
           positional->second + "; fi ;;\n";
    } else {
      s += "            _nnviz_words '" + options_of[command] + "' ;;\n";
    }
  }
  s += R"(    esac
    return 0
}
complete -F _nnviz nnviz
)";
  return s;
}

Command add_completion_command(CLI::App& parent) {
  auto shell = std::make_shared<std::string>();
  CLI::App* cmd = parent.add_subcommand("completion", "Print the shell completion script (bash) on stdout");
  cmd->add_option("shell", *shell, "The shell")->required()->check(CLI::IsMember({"bash"}));
  cmd->footer(
      "Examples:\n"
      "  source <(nnviz completion bash)        # this shell only (installed, bash-completion loads it)\n"
      "  nnviz completion bash > nnviz.bash     # a file: source it, or copy it to ~/.local/share/bash-completion/completions/nnviz");
  const CLI::App* app = &parent;
  return {cmd, [app] {
            std::cout << bash_completion(*app) << std::flush;
            return 0;
          }};
}

}  // namespace nnviz::cli
