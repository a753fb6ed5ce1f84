#pragma once
// The project's one exception type, plus the one subclass `main` branches on.
#include <stdexcept>
#include <string>

namespace nnviz {

// A failure while running (I/O, codec, divergence...): exit code 1.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The user asked for something invalid (an option, a value, a file): exit code 2.
// Thrown before any work is done wherever the problem can be seen up front.
class UsageError : public Error {
 public:
  using Error::Error;
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
