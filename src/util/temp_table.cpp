#include "temp_table.hpp"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstddef>
#include <cstring>

#include "nnviz/util/atomic_file.hpp"

namespace nnviz::util {
namespace detail {
namespace {

// Each slot is free (0), being written (1) or holding a NUL-terminated path (2).
struct TempSlot {
  std::atomic<int> state{0};
  TempKind kind = TempKind::file;
  char path[4096];
};
constexpr int temp_slots = 64;
TempSlot g_temp[temp_slots];

// The layout of one entry getdents64(2) returns (glibc declares no type for it).
struct LinuxDirent64 {
  unsigned long long d_ino;
  long long d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[1];
};

// Removes the files of a staging folder and the folder. Async-signal-safe: open/unlinkat/close
// and the raw getdents64 system call (readdir is not safe in a handler: it may allocate). The
// staging folder holds only files nnviz wrote, no subfolders.
void remove_folder_now(const char* path) noexcept {
  const int fd = ::open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) {
    alignas(8) static char buffer[16384];  // static: a handler's stack may be small
    bool removed_some = true;
    while (removed_some) {
      removed_some = false;
      // Entries were removed: read the folder again from its start until a pass removes none.
      ::lseek(fd, 0, SEEK_SET);
      for (long n; (n = ::syscall(SYS_getdents64, fd, buffer, sizeof buffer)) > 0;) {
        for (long off = 0; off < n;) {
          const auto* entry = reinterpret_cast<const LinuxDirent64*>(buffer + off);
          const char* name = entry->d_name;
          if (std::strcmp(name, ".") != 0 && std::strcmp(name, "..") != 0 && ::unlinkat(fd, name, 0) == 0)
            removed_some = true;
          off += entry->d_reclen;
        }
      }
    }
    ::close(fd);
  }
  ::rmdir(path);
}

}  // namespace

int list_temp(const std::filesystem::path& path, TempKind kind) {
  const std::string& text = path.native();
  if (text.size() >= sizeof(TempSlot::path)) return -1;
  for (int i = 0; i < temp_slots; ++i) {
    int expected = 0;
    if (!g_temp[i].state.compare_exchange_strong(expected, 1, std::memory_order_acquire)) continue;
    std::memcpy(g_temp[i].path, text.c_str(), text.size() + 1);
    g_temp[i].kind = kind;
    g_temp[i].state.store(2, std::memory_order_release);
    return i;
  }
  return -1;
}

void unlist_temp(int slot) {
  if (slot >= 0) g_temp[slot].state.store(0, std::memory_order_release);
}

}  // namespace detail

void remove_temp_files_now() noexcept {
  for (detail::TempSlot& slot : detail::g_temp) {
    if (slot.state.load(std::memory_order_acquire) != 2) continue;
    if (slot.kind == detail::TempKind::folder) {
      detail::remove_folder_now(slot.path);
    } else {
      ::unlink(slot.path);
    }
  }
}

}  // namespace nnviz::util
