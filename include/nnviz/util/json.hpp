#pragma once
// The project's JSON: nlohmann::ordered_json, so files keep their keys in the order they were
// written (metrics, weights and summaries read top to bottom as they were built). This header is
// the glue: std::optional support, a field-list macro for ordered_json, and file reading with
// errors that name the file.
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <type_traits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace nnviz::util {

using Json = nlohmann::ordered_json;

class InterruptFlag;

// The most read_json_file reads: a weights file of a long run is some 100 MB.
inline constexpr std::uint64_t max_json_bytes = std::uint64_t{1} << 30;

// Reads and parses a whole file (strict RFC 8259: no comments, no trailing commas; a UTF-8 byte
// order mark skipped), as util::read_input reads (a FIFO too; `interrupt` checked while
// waiting and while parsing). Throws UsageError "PATH: cannot read: why" / "PATH: larger than 1 GiB ...",
// nnviz::Interrupted, or nnviz::Error "PATH: JSON: line L, column C: what".
Json read_json_file(const std::filesystem::path& path, const InterruptFlag* interrupt = nullptr);

// The parse of read_json_file, on text read already (`source` names it in messages). The parse
// of a large file takes seconds: `interrupt` (if given) is checked every 64 KiB of text, throwing
// nnviz::Interrupted "interrupted while reading SOURCE: nothing was written".
Json parse_json(std::string text, const std::filesystem::path& source, const InterruptFlag* interrupt = nullptr);

// An exception from nlohmann (a missing key, a wrong type) as a sentence without its
// "[json.exception.type_error.302] " prefix.
std::string json_error_text(const std::exception& e);

}  // namespace nnviz::util

namespace nnviz::util {

// A JSON number as the integer type T, refusing (nlohmann's out_of_range, which readers turn into
// a message naming the file) what T cannot hold exactly: a fraction, NaN, or a value out of
// range. nlohmann's own get<int>() casts such a double unchecked, which is undefined behaviour
// on hostile files.
template <class T>
T whole_number(const Json& j) {
  static_assert(std::is_integral_v<T>);
  const auto refuse = [&](const std::string& why) {
    throw Json::out_of_range::create(406, why + ": " + j.dump(), &j);
  };
  if (j.is_number_unsigned()) {
    const auto v = j.get_ref<const Json::number_unsigned_t&>();
    if (v > static_cast<Json::number_unsigned_t>(std::numeric_limits<T>::max())) refuse("number out of range");
    return static_cast<T>(v);
  }
  if (j.is_number_integer()) {
    const auto v = j.get_ref<const Json::number_integer_t&>();
    if ((std::is_unsigned_v<T> && v < 0) ||
        (std::is_signed_v<T> && (v < static_cast<Json::number_integer_t>(std::numeric_limits<T>::min()) ||
                                 v > static_cast<Json::number_integer_t>(std::numeric_limits<T>::max()))))
      refuse("number out of range");
    return static_cast<T>(v);
  }
  if (j.is_number_float()) {
    const double v = j.get_ref<const Json::number_float_t&>();
    // Whole numbers written as 3.0 are fine; the bounds are exact powers of two in double.
    if (!(v == std::floor(v)) || !(v >= static_cast<double>(std::numeric_limits<T>::min())) ||
        !(v < std::ldexp(1.0, std::numeric_limits<T>::digits)))
      refuse("not a whole number in range");
    return static_cast<T>(v);
  }
  throw Json::type_error::create(302, std::string("type must be number, but is ") + j.type_name(), &j);
}

}  // namespace nnviz::util

// int and unsigned (the project's counts, widths, epochs, seeds) are read through whole_number.
// Only these two: the 64-bit types are nlohmann's own number types, which its parser builds.
template <>
struct nlohmann::adl_serializer<int> {
  template <class BasicJson>
  static void to_json(BasicJson& j, int v) {
    j = static_cast<typename BasicJson::number_integer_t>(v);
  }
  static void from_json(const ::nnviz::util::Json& j, int& v) { v = ::nnviz::util::whole_number<int>(j); }
};
template <>
struct nlohmann::adl_serializer<unsigned> {
  template <class BasicJson>
  static void to_json(BasicJson& j, unsigned v) {
    j = static_cast<typename BasicJson::number_unsigned_t>(v);
  }
  static void from_json(const ::nnviz::util::Json& j, unsigned& v) { v = ::nnviz::util::whole_number<unsigned>(j); }
};

// std::optional as the value or null (nlohmann 3.11.2 has no serializer for it).
template <class T>
struct nlohmann::adl_serializer<std::optional<T>> {
  template <class BasicJson>
  static void to_json(BasicJson& j, const std::optional<T>& v) {
    if (v)
      j = *v;
    else
      j = nullptr;
  }
  template <class BasicJson>
  static void from_json(const BasicJson& j, std::optional<T>& v) {
    if (j.is_null())
      v.reset();
    else
      v = j.template get<T>();
  }
};

// NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE for util::Json (nlohmann's macro is for nlohmann::json
// only): to_json/from_json of a plain struct, one key per member in the order given. Reading
// needs every key. Use it in the struct's namespace so ADL finds the functions.
#define NNVIZ_JSON_FIELDS(Type, ...)                                                    \
  inline void to_json(::nnviz::util::Json& nlohmann_json_j, const Type& nlohmann_json_t) { \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_TO, __VA_ARGS__))            \
  }                                                                                     \
  inline void from_json(const ::nnviz::util::Json& nlohmann_json_j, Type& nlohmann_json_t) { \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_FROM, __VA_ARGS__))          \
  }
