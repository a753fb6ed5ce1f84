#pragma once
// CLI11 validators for nnviz's values, so bad input is refused while parsing with a message that
// names the option (CLI11 prefixes it).
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace nnviz::cli {

// A finite number > 0 (CLI::PositiveNumber lets "inf" through; CLI::Range lets "nan" through).
CLI::Validator finite_positive();
// A finite number >= 0.
CLI::Validator finite_non_negative();
// A finite number in [lo, hi].
CLI::Validator finite_range(double lo, double hi);
// "WxH" with 16 <= W, H <= 8192.
CLI::Validator frame_size();

// A transform for a name, or a comma list of names when `list`: each item is replaced by its
// canonical spelling (`canonical`: a module's parse, then its name). The module's UsageError,
// which lists the valid names, is the message; CLI11 prefixes the option. Names are matched in
// any case, as util/names.hpp says for every table.
CLI::Validator canonical_names(std::function<std::string(const std::string&)> canonical, const std::string& description,
                               bool list = false);
// "{a,b,c}": how a transform from the table shows the valid names in the help.
std::string names_description(const std::vector<std::string>& names);

// Splits "a,b,c" (spaces around items ignored; empty items refused by the callers' validators).
std::vector<std::string> split_list(const std::string& text);
// Parses "WxH"; throws UsageError naming `option`.
std::pair<int, int> parse_size(const std::string& text, const std::string& option);
// Parses "8,8,4" into unit counts in [1, 1024]; throws UsageError naming `option`.
std::vector<int> parse_units(const std::string& text, const std::string& option);

}  // namespace nnviz::cli
