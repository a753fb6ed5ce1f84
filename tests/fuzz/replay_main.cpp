// A main() for the fuzz targets in builds without libFuzzer (gcc, the sanitizer build): runs
// LLVMFuzzerTestOneInput once on every file given, or on every file in a folder given, so the
// committed corpus and regressions are also unit tests. Exit 1 when there was nothing to run.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

void run_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::fprintf(stderr, "replay: %s (%zu bytes)\n", path.c_str(), bytes.size());
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg = argv[i];
    if (std::filesystem::is_directory(arg)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::directory_iterator(arg))
        if (entry.is_regular_file() && entry.path().filename() != ".gitkeep") files.push_back(entry.path());
      std::sort(files.begin(), files.end());  // a stable order for the log
      for (const auto& file : files) run_file(file);
      count += files.size();
    } else {
      run_file(arg);
      ++count;
    }
  }
  if (count == 0) {
    std::fprintf(stderr, "replay: no input (give files or folders)\n");
    return 1;
  }
  std::fprintf(stderr, "replay: %zu inputs, no failure\n", count);
  return 0;
}
