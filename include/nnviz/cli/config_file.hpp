#pragma once
// --config FILE.toml and --print-config for a subcommand. CLI11 2.1 reads a config file only for
// the top-level app, never for a subcommand, so nnviz applies it itself, the way CLI11 would:
// keys are option names without dashes, arrays are lists, the command line wins over the file.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace nnviz::cli {

struct ConfigArgs {
  std::optional<std::string> file;
  bool print = false;
};

// Adds --config (and --print-config with `with_print`); neither is itself written by
// --print-config, nor are -v/-q/--help (how one invocation logs is not part of a run).
void setup_config_options(CLI::App& cmd, ConfigArgs& args, bool with_print = true);

// Feeds the options of `file` into `cmd` (already parsed), each through its validators, unless
// the command line gave it. Keys may sit at the top or in a [section] named after the
// subcommand. UsageError naming the file and key for anything unknown or invalid.
// `file` may also be a video or page nnviz wrote (embedded_config): an mp4, webm, nut or gif
// (told by its first bytes, not its name) gives its comment tag, a page (.html) its
// <script type="application/toml">; UsageError naming the file when it carries none, carries
// another command's, or cannot be read (a video only from a regular file).
void apply_config(CLI::App& cmd, const std::string& file);

// The effective configuration of `cmd` as TOML: every configurable option with its value (or its
// default), each with its description; reading it back with --config reproduces the run.
// The options named in `leave_out` (long names without dashes) are left out with their
// descriptions.
std::string effective_config(const CLI::App& cmd, const std::vector<std::string>& leave_out = {});

// What a video or page carries (app::VideoRequest::config_toml): the effective configuration
// without the options that say where this invocation's results go (embedded_left_out), so that
// `--config VIDEO` never writes over the video it reads; its first line names the command.
std::string embedded_config(const CLI::App& cmd);
// output, format, frames, metrics, save-weights, stats, json, no-overwrite, epoch: the reader's.
const std::vector<std::string>& embedded_left_out();

// What a command does with `args` before it runs: applies --config, then, with --print-config,
// prints effective_config() on stdout and returns true (the command is done instead of running).
bool apply_config_args(CLI::App& cmd, const ConfigArgs& args);

}  // namespace nnviz::cli
