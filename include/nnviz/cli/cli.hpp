#pragma once
// The command line: builds the CLI11 app, parses, configures logging, dispatches to a
// subcommand, and turns every exception into one message and an exit code.
#include <string>
#include <vector>

namespace nnviz::cli {

// argv-style; returns the process exit code (see nnviz::exit_code).
int run(int argc, const char* const* argv);
// The same from a vector (args[0] is the program name); for tests.
int run(const std::vector<std::string>& args);

// "nnviz 0.1.0" (what --json reports).
std::string version_name();
// version_name() and the versions of the libraries it was built with (and runs with), one per
// line: what --version prints.
std::string version_text();

}  // namespace nnviz::cli
