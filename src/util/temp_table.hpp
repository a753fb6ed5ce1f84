#pragma once
// The temporary files and folders that exist or may exist, for remove_temp_files_now() in a
// signal handler: a fixed table (no allocation, no lock). Internal to util (AtomicFile,
// AtomicFolder).
#include <filesystem>

namespace nnviz::util::detail {

enum class TempKind { file, folder };

// Lists `path`; returns its slot, or -1 when the path does not fit or the table is full (then a
// second signal cannot remove it: the normal paths out still do).
int list_temp(const std::filesystem::path& path, TempKind kind);
void unlist_temp(int slot);

}  // namespace nnviz::util::detail
