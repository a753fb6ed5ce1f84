#pragma once
// Process-wide malloc settings for the frame loop. Every frame builds a scene of a few MB
// (40,000 mesh points per panel) and hands a 4 MB frame to the encoder. glibc serves blocks over
// 128 KB with mmap and trims the heap's free top, so each frame's blocks went back to the kernel
// and were page-faulted (and zeroed) in again for the next one: that cost more than computing
// the scene (make_scene 2.0 ms -> 0.33 ms with this; bench/ BM_make_scene_precision). Peak RSS
// is unchanged: the freed blocks are the ones the next frame takes.
namespace nnviz::util {

// Keeps freed blocks of up to 32 MB in the process for reuse. Call once, early in main(), before
// other threads start. Does nothing where the C library is not glibc.
void keep_freed_memory();

}  // namespace nnviz::util
