#pragma once
// A subcommand: its CLI11 app (options attached) and what to run once it has parsed.
#include <CLI/CLI.hpp>
#include <functional>

namespace nnviz::cli {

struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;  // returns the exit code; throws nnviz::Error/UsageError
};

// Each adds its subcommand to `parent`; the options live as long as the returned Command.
Command add_train_command(CLI::App& parent);
Command add_dataset_command(CLI::App& parent);
Command add_summary_command(CLI::App& parent);
Command add_render_command(CLI::App& parent);
Command add_compare_command(CLI::App& parent);
Command add_report_command(CLI::App& parent);
// `nnviz completion bash`: the completion script of `parent`, whose commands are all added first.
Command add_completion_command(CLI::App& parent);

}  // namespace nnviz::cli
