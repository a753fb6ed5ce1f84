#pragma once
// How a usage error of a module reads on the command line: the one place that maps the field a
// module names (UsageError::field(), e.g. "batch_size") to the flag that sets it ("--batch-size").
#include <CLI/CLI.hpp>
#include <string>

#include "nnviz/util/error.hpp"

namespace nnviz::cli {

// The flag of `cmd` that sets `field`; empty when the field has no flag or `cmd` lacks it (the
// message then stands alone, which every module's message is written to do).
std::string flag_of(const CLI::App& cmd, const std::string& field);

// "--flag: message" when the error's field has a flag in `cmd`, else the message as it is.
std::string with_flag(const CLI::App& cmd, const UsageError& error);

}  // namespace nnviz::cli
