#pragma once
// One table per named setting (formats, styles, optimizers...): enum <-> name, with aliases.
//
// The one case rule for every table: names are written in lower case (name() and names() give
// them so), and parse() accepts any case ("MP4", "Points", "Adam"). No two names of a table
// differ only in case, so nothing is ambiguous, and a shell or config file's capitals are no
// reason to refuse a value.
#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nnviz/util/error.hpp"

namespace nnviz::util {

// ASCII lower case (names and file extensions are ASCII; the locale must not matter).
inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
inline std::string ascii_lower(std::string s) {
  for (char& c : s) c = ascii_lower(c);
  return s;
}

// ASCII case-insensitive equality.
inline bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

inline std::string joined(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

template <class E>
class NameTable {
 public:
  struct Entry {
    E value;
    std::string name;
  };

  // `what` names the setting in messages ("optimizer": "unknown optimizer 'x' ..."); `field` is
  // the UsageError field of a refused name (the request member it sets, see util/error.hpp).
  // `names` are in the order the help lists them; `aliases` parse but are never printed.
  NameTable(std::string what, std::string field, std::initializer_list<Entry> names,
            std::initializer_list<Entry> aliases = {})
      : what_(std::move(what)), field_(std::move(field)), entries_(names), aliases_(aliases) {
    for (const Entry& e : entries_) names_.push_back(e.name);
  }

  // For tables built from another list (a module's own array of entries).
  void add(E value, std::string name) {
    names_.push_back(name);
    entries_.push_back({value, std::move(name)});
  }

  [[nodiscard]] std::optional<E> find(std::string_view name) const {
    for (const Entry& e : entries_)
      if (same_name(e.name, name)) return e.value;
    for (const Entry& e : aliases_)
      if (same_name(e.name, name)) return e.value;
    return std::nullopt;
  }

  // Throws UsageError(field, "unknown <what> '<name>' (valid: a, b, c)") for a name not in the table.
  [[nodiscard]] E parse(std::string_view name) const {
    if (const std::optional<E> value = find(name)) return *value;
    throw UsageError(field_, "unknown " + what_ + " '" + std::string(name) + "' (valid: " + valid() + ")");
  }

  // The canonical name; "?" for a value missing from the table (a bug, but not worth a throw
  // in code that only prints).
  [[nodiscard]] const std::string& name(E value) const {
    static const std::string unknown = "?";
    for (const Entry& e : entries_)
      if (e.value == value) return e.name;
    return unknown;
  }

  [[nodiscard]] const std::vector<std::string>& names() const { return names_; }

  // "a, b, c; x is an alias of a": what a refused name's message lists.
  [[nodiscard]] std::string valid() const {
    std::string out = joined(names_);
    for (const Entry& alias : aliases_) out += "; " + alias.name + " is an alias of " + name(alias.value);
    return out;
  }

 private:
  std::string what_;
  std::string field_;
  std::vector<Entry> entries_;
  std::vector<Entry> aliases_;
  std::vector<std::string> names_;
};

}  // namespace nnviz::util
