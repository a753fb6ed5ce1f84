// nnviz: only builds the command line and dispatches (see src/cli/cli.cpp).
#include "nnviz/cli/cli.hpp"

int main(int argc, char** argv) { return nnviz::cli::run(argc, argv); }
