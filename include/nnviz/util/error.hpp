#pragma once
// The project's one exception type, plus the one subclass `main` branches on.
#include <stdexcept>
#include <string>
#include <utility>

namespace nnviz {

// A failure while running (I/O, codec, divergence...): exit code 1.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The user asked for something invalid (an option, a value, a file): exit code 2.
// Thrown before any work is done wherever the problem can be seen up front.
// Modules below the CLI do not know how a setting is spelt on the command line: they name the
// setting at fault by `field`, the request member it comes from ("lr", "batch_size"), and say
// what is wrong in plain words. The CLI maps the field to its flag and prefixes it
// ("--lr: ..."), in one place (cli/messages.hpp).
class UsageError : public Error {
 public:
  using Error::Error;
  UsageError(std::string field, const std::string& message) : Error(message), field_(std::move(field)) {}

  // Empty when the message needs no setting named (or already names it).
  [[nodiscard]] const std::string& field() const noexcept { return field_; }

 private:
  std::string field_;
};

// A signal stopped the command before it had anything to show (while it was reading its
// input): nothing was written. cli::run exits with 128 + the signal's number, as the runs do
// that a signal stops later (util::InterruptFlag::exit_code).
class Interrupted : public Error {
 public:
  Interrupted(int signal_number, const std::string& message) : Error(message), signal_(signal_number) {}
  [[nodiscard]] int signal() const noexcept { return signal_; }
  [[nodiscard]] int exit_code() const noexcept { return 128 + signal_; }

 private:
  int signal_;
};

// Process exit codes, documented in README.md ("Exit codes and errors").
namespace exit_code {
inline constexpr int ok = 0;
inline constexpr int failure = 1;
inline constexpr int usage = 2;
inline constexpr int partial = 3;  // some runs of a sweep failed; the rest finished
inline constexpr int sigint = 130;
inline constexpr int sigterm = 143;
}  // namespace exit_code

}  // namespace nnviz
