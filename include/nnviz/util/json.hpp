#pragma once
// A small JSON document model: parse text into a value tree and write it back. Objects keep
// their keys in insertion order so files we write (metrics, weights) read top to bottom as
// they were built.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace nnviz::util {

class Json {
 public:
  enum class Type { null, boolean, number, string, array, object };
  using Array = std::vector<Json>;
  // A vector, not a map: insertion order is the order written; lookups are linear, which is
  // fine for the few dozen keys our files hold.
  using Object = std::vector<std::pair<std::string, Json>>;

  Json() = default;  // null
  Json(std::nullptr_t) {}
  Json(bool value) : value_(value) {}
  // Every JSON number is a double: integers above 2^53 lose precision (JSON's own limit in
  // most readers).
  template <class T>
    requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>)
  Json(T value) : value_(static_cast<double>(value)) {}
  Json(const char* value) : value_(std::string(value)) {}
  Json(std::string_view value) : value_(std::string(value)) {}
  Json(std::string value) : value_(std::move(value)) {}
  Json(Array value) : value_(std::move(value)) {}
  Json(Object value) : value_(std::move(value)) {}

  static Json array() { return Json(Array{}); }
  static Json object() { return Json(Object{}); }

  [[nodiscard]] Type type() const { return static_cast<Type>(value_.index()); }
  [[nodiscard]] bool is_null() const { return type() == Type::null; }
  [[nodiscard]] bool is_bool() const { return type() == Type::boolean; }
  [[nodiscard]] bool is_number() const { return type() == Type::number; }
  [[nodiscard]] bool is_string() const { return type() == Type::string; }
  [[nodiscard]] bool is_array() const { return type() == Type::array; }
  [[nodiscard]] bool is_object() const { return type() == Type::object; }

  // Typed access; throws nnviz::Error naming the expected and the actual type.
  [[nodiscard]] bool as_bool() const;
  [[nodiscard]] double as_number() const;
  [[nodiscard]] const std::string& as_string() const;
  [[nodiscard]] const Array& as_array() const;
  [[nodiscard]] Array& as_array();
  [[nodiscard]] const Object& as_object() const;
  [[nodiscard]] Object& as_object();

  // Object access. at() throws nnviz::Error on a missing key; find() returns nullptr.
  [[nodiscard]] const Json& at(std::string_view key) const;
  [[nodiscard]] const Json* find(std::string_view key) const;
  [[nodiscard]] bool contains(std::string_view key) const { return find(key) != nullptr; }
  // Inserts null under a missing key (appended last); a null value becomes an empty object.
  Json& operator[](std::string_view key);

  // Array access (throws when out of range); push_back turns a null value into an array.
  [[nodiscard]] const Json& at(std::size_t index) const;
  void push_back(Json value);
  // Elements of an array or members of an object; 0 for scalars.
  [[nodiscard]] std::size_t size() const;

  // indent < 0: one line, no spaces. indent >= 0: pretty, that many spaces per level.
  // Numbers are written in the shortest form that reads back to the same double
  // (std::to_chars); NaN and infinities, which JSON cannot hold, are written as null (as
  // JavaScript's JSON.stringify does).
  [[nodiscard]] std::string dump(int indent = -1) const;

  // Strict RFC 8259 (no comments, no trailing commas, no NaN); duplicate keys are rejected.
  // Throws nnviz::Error "JSON: line L, column C: what" (1-based; columns count bytes).
  static Json parse(std::string_view text);

  friend bool operator==(const Json& a, const Json& b) { return a.value_ == b.value_; }

 private:
  std::variant<std::nullptr_t, bool, double, std::string, Array, Object> value_;
};

// Reads and parses a whole file; errors name the file.
Json read_json_file(const std::filesystem::path& path);

}  // namespace nnviz::util
