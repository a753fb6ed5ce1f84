// libFuzzer target: the `nnviz train` options (CLI11 parsing, validators, to_request).
// The input is an argument vector, one argument per line ('\n'; a line may be empty or hold
// spaces), without the program name. CLI::ParseError (including --help) and nnviz::Error are
// the expected answers to bad arguments; any other exception or a sanitizer report is a bug.
// Parsing touches no file: the validators only stat paths (--data, --frames).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nnviz/cli/train_command.hpp"
#include "nnviz/util/error.hpp"

namespace {

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> args;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    args.emplace_back(text.substr(0, newline));
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
  }
  return args;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args = split_lines({reinterpret_cast<const char*>(data), size});
  // CLI11 2.1's App::parse(std::vector<std::string>&) takes the arguments last first.
  std::reverse(args.begin(), args.end());

  CLI::App app{"fuzz"};
  nnviz::cli::TrainOptions options;
  nnviz::cli::setup_train_options(app, options);
  try {
    app.parse(args);
    (void)nnviz::cli::to_request(options);
  } catch (const CLI::ParseError&) {
    // Refused by CLI11 or one of nnviz's validators (or --help): what a user would see.
  } catch (const nnviz::Error&) {
    // Refused by to_request's cross-option checks.
  }
  return 0;
}
