// The benchmarks run with the process settings of the nnviz binary (src/main.cpp), so that
// their figures are the app's: glibc keeps freed blocks for reuse (util/allocator.hpp).
#include "nnviz/util/allocator.hpp"

namespace {
const bool set_up = [] {
  nnviz::util::keep_freed_memory();
  return true;
}();
}  // namespace
