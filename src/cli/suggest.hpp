#pragma once
// "did you mean ...?" for a mistyped option or subcommand: CLI11 2.1 names what it did not
// expect but suggests nothing.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace nnviz::cli {

// Edit distance (insertions, deletions, substitutions and swaps of two neighbours), ignoring case.
std::size_t edit_distance(const std::string& a, const std::string& b);

// The candidate closest to `typed` when it is close enough to be a typo (at most a third of its
// length, at least 1, at most 3 edits) or when `typed` is the start of exactly one candidate.
std::optional<std::string> closest(const std::string& typed, const std::vector<std::string>& candidates);

// The first argument among `args` (after the subcommand) that looks like an option but is none
// of `cmd`'s (or its parent's), as typed without "=value": "--epoch". Nothing when all are known.
std::optional<std::string> unknown_option(const CLI::App& cmd, const std::vector<std::string>& args);

// "--epoch: no such option of 'nnviz train' (did you mean --epochs?)"
std::string unknown_option_message(const CLI::App& cmd, const std::string& option);

// The first argument before any option that names no subcommand of `app`: "trian".
std::optional<std::string> unknown_subcommand(const CLI::App& app, const std::vector<std::string>& args);
// "'trian' is not an nnviz command (did you mean train?)"
std::string unknown_subcommand_message(const CLI::App& app, const std::string& typed);

}  // namespace nnviz::cli
