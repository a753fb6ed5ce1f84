#pragma once
// The project's JSON: nlohmann::ordered_json, so files keep their keys in the order they were
// written (metrics, weights and summaries read top to bottom as they were built). This header is
// the glue: std::optional support, a field-list macro for ordered_json, and file reading with
// errors that name the file.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace nnviz::util {

using Json = nlohmann::ordered_json;

// Reads and parses a whole file (strict RFC 8259: no comments, no trailing commas). Throws
// nnviz::Error "cannot open PATH" or "PATH: JSON: line L, column C: what".
Json read_json_file(const std::filesystem::path& path);

// An exception from nlohmann (a missing key, a wrong type) as a sentence without its
// "[json.exception.type_error.302] " prefix.
std::string json_error_text(const std::exception& e);

}  // namespace nnviz::util

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
