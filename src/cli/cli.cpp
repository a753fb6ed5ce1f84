#include "nnviz/cli/cli.hpp"

#include <spdlog/cfg/env.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <new>

#include "nnviz/app/library_versions.hpp"
#include "nnviz/cli/command.hpp"
#include "nnviz/cli/messages.hpp"
#include "nnviz/encode/encoder.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/printable.hpp"
#include "suggest.hpp"

#ifndef NNVIZ_VERSION
#define NNVIZ_VERSION "0.0.0"
#endif

namespace nnviz::cli {
namespace {

// -v/-q given on any subcommand; SPDLOG_LEVEL applies when neither is.
struct Verbosity {
  int verbose = 0;
  bool quiet = false;
};

void add_verbosity(CLI::App& cmd, Verbosity& v) {
  // Not configurable: how one invocation logs is no part of the run a --config file describes.
  cmd.add_flag("-v,--verbose", v.verbose, "More log output on stderr (-vv: trace)")->configurable(false);
  cmd.add_flag("-q,--quiet", v.quiet, "Only errors on stderr")->configurable(false);
}

// Logging is configured once, here: everything goes to stderr, stdout is for results.
// %* in the log pattern: the message with control characters escaped (util::printable), so that
// no log line, whatever user text it quotes (a file name, a label, a title), can drive the
// terminal or be cut short.
class PrintablePayload final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    const std::string text = util::printable(std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(text.data(), text.data() + text.size());
  }
  [[nodiscard]] std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<PrintablePayload>();
  }
};

void configure_logging(const Verbosity& v) {
  spdlog::drop("nnviz");  // run() may be called more than once in a process (tests)
  auto logger = spdlog::stderr_color_mt("nnviz");
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<PrintablePayload>('*').set_pattern("nnviz: %^%l%$: %*");  // CLI11's errors' prefix too
  logger->set_formatter(std::move(formatter));
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::info);
  spdlog::cfg::load_env_levels();
  if (v.quiet) spdlog::set_level(spdlog::level::err);
  if (v.verbose == 1) spdlog::set_level(spdlog::level::debug);
  if (v.verbose >= 2) spdlog::set_level(spdlog::level::trace);
  // libav logs to stderr by itself; keep it to warnings unless -v asks for more.
  encode::quiet_libav_logs(spdlog::get_level() <= spdlog::level::debug);
}

}  // namespace

std::string version_name() { return std::string("nnviz ") + NNVIZ_VERSION; }

std::string version_text() {
  // Each module names its own libraries; CLI11 is the cli's.
  std::vector<std::string> libraries = app::library_versions();
  libraries.insert(libraries.begin(), "CLI11 " CLI11_VERSION);
  std::string text = version_name() + "\nbuilt with:";
  for (const std::string& l : libraries) text += "\n  " + l;
  return text;
}

namespace {

// "" when everything written to stdout reached it; otherwise why not.
std::string stdout_error() {
  errno = 0;
  std::cout.flush();  // through stdio (sync_with_stdio): the failing write sets errno
  const bool flushed = std::fflush(stdout) == 0;
  const int flush_errno = errno;
  if (flushed && std::cout && !std::ferror(stdout)) return {};
  return flush_errno != 0 ? std::strerror(flush_errno) : "the output was cut short";
}

}  // namespace

int run(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const std::string& a : args) argv.push_back(a.c_str());
  return run(static_cast<int>(argv.size()), argv.data());
}

int run(int argc, const char* const* argv) {
  CLI::App app{"nnviz: train small neural networks on 2-D data and watch, epoch by epoch, how they bend space."};
  app.name("nnviz");
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1);
  app.fallthrough();

  std::vector<Command> commands = {add_train_command(app), add_dataset_command(app), add_summary_command(app),
                                   add_render_command(app), add_compare_command(app), add_report_command(app)};
  Verbosity verbosity;
  for (const Command& c : commands) add_verbosity(*c.app, verbosity);
  commands.push_back(add_completion_command(app));  // last: it lists the others' options
  app.footer("Run 'nnviz COMMAND --help' for a command's options and examples (man nnviz-COMMAND: the same).\n\n"
             "Examples:\n"
             "  nnviz train                  # the notebook's run: nnviz.mp4\n"
             "  nnviz train --help           # every option of train, with examples");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line naming the problem, one pointing at the help; always exit 2 for usage errors.
    const CLI::App* where = nullptr;
    for (const CLI::App* sub : app.get_subcommands()) where = sub;
    // CLI11 names what it did not expect; a typo gets the name it was probably meant to be.
    const std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
    std::string what = e.what();
    if (where == nullptr) {
      if (const auto typed = unknown_subcommand(app, args)) what = unknown_subcommand_message(app, *typed);
    } else if (const auto option = unknown_option(*where, args)) {
      what = unknown_option_message(*where, *option);
    }
    std::cerr << "nnviz: error: " << util::printable(what) << '\n'
              << "Run 'nnviz " << (where ? where->get_name() + " " : std::string()) << "--help' for usage.\n";
    return exit_code::usage;
  }

  configure_logging(verbosity);
  const Command* parsed = nullptr;
  for (const Command& c : commands)
    if (!parsed && c.app->parsed()) parsed = &c;
  if (!parsed) return exit_code::usage;
  try {
    const int code = parsed->run();
    // stdout carries results (paths, tables, JSON, a config): a write that failed there is a
    // failed run, as in coreutils, not an empty file and exit 0.
    if (const std::string why = stdout_error(); !why.empty()) {
      spdlog::error("cannot write to stdout: {}", why);
      return code == exit_code::ok ? exit_code::failure : code;
    }
    return code;
  } catch (const Interrupted& e) {
    spdlog::warn("{}", util::printable(e.what()));
    return e.exit_code();
  } catch (const UsageError& e) {
    // Modules name the setting at fault by its field; the flag is added here, once. Messages
    // echo user text (file contents, names): control characters are shown escaped.
    spdlog::error("{}", util::printable(with_flag(*parsed->app, e)));
    return exit_code::usage;
  } catch (const Error& e) {
    spdlog::error("{}", util::printable(e.what()));
    return exit_code::failure;
  } catch (const std::bad_alloc&) {
    // The up-front estimate (app/memory.hpp) missed: say so in words, with what to change.
    spdlog::error("out of memory: an allocation failed in 'nnviz {}' (std::bad_alloc); use fewer --epochs, a "
                  "smaller --hidden or a smaller --size",
                  parsed->app->get_name());
    return exit_code::failure;
  } catch (const std::exception& e) {
    spdlog::critical("unexpected failure: {}", util::printable(e.what()));
    return exit_code::failure;
  }
}

}  // namespace nnviz::cli
