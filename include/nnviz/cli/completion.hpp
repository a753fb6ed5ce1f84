#pragma once
// The bash completion script of an nnviz CLI11 app: its subcommands, each one's options (those
// its --help lists), the values of options with a fixed set of names, files or folders for
// paths. `nnviz completion bash` prints it; the build installs it.
#include <CLI/CLI.hpp>
#include <string>

namespace nnviz::cli {

std::string bash_completion(const CLI::App& app);

}  // namespace nnviz::cli
