// nnviz: sets up the process (malloc settings for the frame loop) and dispatches to the command
// line (see src/cli/cli.cpp).
#include "nnviz/cli/cli.hpp"
#include "nnviz/util/allocator.hpp"

int main(int argc, char** argv) {
  nnviz::util::keep_freed_memory();
  return nnviz::cli::run(argc, argv);
}
