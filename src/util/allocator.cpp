#include "nnviz/util/allocator.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace nnviz::util {

void keep_freed_memory() {
#if defined(__GLIBC__)
  // Setting either threshold also turns off glibc's own sliding adjustment of them.
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);  // glibc's maximum on 64-bit
  mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
#endif
}

}  // namespace nnviz::util
