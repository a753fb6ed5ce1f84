#pragma once
// A sweep's grid: option lists as typed ("0.1,0.01", "1..5", "2;8;8,8") -> checked values ->
// the cartesian product, each run with a stable, readable, filesystem-safe name.
#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace nnviz::sweep {

// How the items of one option's list are split and checked.
enum class ValueKind {
  text,          // "tanh,relu": split on ','
  number,        // "0.1,0.01": finite numbers in [min, max]
  integer,       // "1..5,9": integers in [min, max]; "a..b" is every integer from a to b
  architecture,  // "2;8;8,8" or "2/8/8,8": split on ';' or '/', since ',' separates layers
};

struct ListSpec {
  std::string key;     // the settings' key, e.g. "lr"
  std::string option;  // named in messages, e.g. "--lr"
  std::string prefix;  // before the value in run names ("lr" -> lr0.1); empty for names like tanh
  ValueKind kind = ValueKind::text;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;  // "> min" rather than ">= min" (a learning rate)
};

// One dimension of the grid: its values in the order given.
struct Axis {
  std::string key;
  std::string option;
  std::string prefix;
  std::vector<std::string> values;
  // What a value looks like in run names and labels (a data file's stem); empty: the values.
  std::vector<std::string> labels;
};

// Splits and checks `items` (each may itself be a list) against `spec`. Throws UsageError
// naming spec.option for an empty item, a value of the wrong kind or out of range, a backwards
// range, or more than 100000 values. A value listed twice (numbers: equal as numbers, 0.1 and
// 0.10) is kept once, with a warning.
Axis expand_list(const ListSpec& spec, const std::vector<std::string>& items);

// One point of the grid. `settings` has one (key, value) per axis, in axis order.
struct GridRun {
  std::size_t index = 0;  // position in the full grid; the shard assignment uses it
  std::string name;
  std::string label;  // the varying settings for people: "tanh, lr 0.1, seed 1"
  std::vector<std::pair<std::string, std::string>> settings;
};

// The cartesian product, the first axis varying slowest (so the last axis, usually the seed,
// keeps a setting's runs next to each other). Names show only the axes with more than one value:
// "tanh-lr0.1-seed1"; "run" when nothing varies. Names that would collide (two data files with
// the same stem) get "-<index>" appended. Throws UsageError when the grid has more than
// 100000 runs or an axis has no value.
std::vector<GridRun> expand_grid(const std::vector<Axis>& axes);

// Characters outside [A-Za-z0-9._+-] become '_' (',' included: "8,8" -> "8_8"); never empty,
// never "." or "..".
std::string filesystem_safe(const std::string& text);

}  // namespace nnviz::sweep
