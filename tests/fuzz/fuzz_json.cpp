// libFuzzer target: util::Json::parse on arbitrary bytes.
// nnviz::Error is the expected answer to bad text; any other exception or a sanitizer report is
// a bug. An accepted document must read back equal from both of dump()'s forms.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "nnviz/util/error.hpp"
#include "nnviz/util/json.hpp"

namespace {

void round_trip(const nnviz::util::Json& value, int indent) {
  try {
    if (nnviz::util::Json::parse(value.dump(indent)) == value) return;
    std::fprintf(stderr, "fuzz_json: dump(%d) reads back different\n", indent);
  } catch (const nnviz::Error& e) {
    std::fprintf(stderr, "fuzz_json: dump(%d) output refused: %s\n", indent, e.what());
  }
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  nnviz::util::Json value;
  try {
    value = nnviz::util::Json::parse(text);
  } catch (const nnviz::Error&) {
    return 0;  // malformed JSON, too deep, out-of-range number...
  }
  round_trip(value, -1);
  round_trip(value, 2);
  return 0;
}
