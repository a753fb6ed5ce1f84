// libFuzzer target: the readers of the JSON files nnviz writes and reads back, on arbitrary bytes
// parsed as JSON: run::record_from_json (the weights file, `nnviz render`) and
// sweep::summary_from_json (`nnviz report`). nlohmann's parser itself is not what is fuzzed.
// nnviz::UsageError is the expected answer to a bad file; any other exception or a sanitizer
// report is a bug. An accepted record or summary must read back the same from what it writes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "nnviz/run/record.hpp"
#include "nnviz/sweep/summary.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/json.hpp"

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_json: %s\n", what);
  std::abort();
}

void check_record(const nnviz::util::Json& j) {
  nnviz::run::RunRecord r;
  try {
    r = nnviz::run::record_from_json(j, "fuzz");
  } catch (const nnviz::UsageError&) {
    return;
  }
  const nnviz::util::Json written = nnviz::run::record_to_json(r);
  try {
    if (nnviz::run::record_to_json(nnviz::run::record_from_json(written, "again")) != written)
      fail("a record reads back different");
  } catch (const nnviz::UsageError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    fail("a written record is refused");
  }
}

void check_summary(const nnviz::util::Json& j) {
  nnviz::sweep::Summary s;
  try {
    s = nnviz::sweep::summary_from_json(j, "/fuzz", "fuzz");
  } catch (const nnviz::UsageError&) {
    return;
  }
  const nnviz::util::Json written = nnviz::sweep::summary_to_json(s, "/fuzz");
  try {
    if (nnviz::sweep::summary_to_json(nnviz::sweep::summary_from_json(written, "/fuzz", "again"), "/fuzz") != written)
      fail("a summary reads back different");
  } catch (const nnviz::UsageError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    fail("a written summary is refused");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const nnviz::util::Json j = nnviz::util::Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return 0;  // not JSON
  check_record(j);
  check_summary(j);
  return 0;
}
