// nnviz: sets up the process (malloc settings for the frame loop, the signal handlers) and dispatches to the command
// line (see src/cli/cli.cpp).
#include "nnviz/cli/cli.hpp"
#include "nnviz/util/allocator.hpp"
#include "nnviz/util/interrupt.hpp"

int main(int argc, char** argv) {
  nnviz::util::keep_freed_memory();
  // Signals first, so that every phase of every command (reading input included) honours them.
  nnviz::util::InterruptFlag::install();
  return nnviz::cli::run(argc, argv);
}
