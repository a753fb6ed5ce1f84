#include "nnviz/cli/cli.hpp"

#include <spdlog/cfg/env.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "nnviz/app/train_run.hpp"
#include "nnviz/cli/dataset_command.hpp"
#include "nnviz/cli/train_command.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"

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
  cmd.add_flag("-v,--verbose", v.verbose, "More log output on stderr (-vv: trace)");
  cmd.add_flag("-q,--quiet", v.quiet, "Only errors on stderr");
}

// Logging is configured once, here: everything goes to stderr, stdout is for results.
void configure_logging(const Verbosity& v) {
  spdlog::drop("nnviz");  // run() may be called more than once in a process (tests)
  auto logger = spdlog::stderr_color_mt("nnviz");
  logger->set_pattern("%^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::info);
  spdlog::cfg::load_env_levels();
  if (v.quiet) spdlog::set_level(spdlog::level::err);
  if (v.verbose == 1) spdlog::set_level(spdlog::level::debug);
  if (v.verbose >= 2) spdlog::set_level(spdlog::level::trace);
}

int print_train_report(const app::TrainReport& report) {
  for (const auto& path : report.outputs) {
    if (path == "-") continue;
    std::cout << path.string() << '\n';
  }
  std::cout.flush();
  const train::Metrics& m = report.final_metrics;
  spdlog::info("{} frame(s), epoch {}: loss {:.4f}, accuracy {:.3f} ({}); {:.1f} s", report.frames, m.epoch, m.loss,
               m.accuracy, train::stop_reason_name(report.reason), report.wall_seconds);
  for (const auto& path : report.outputs)
    if (path != "-") spdlog::info("wrote {}", path.string());
  if (report.exit_code == exit_code::failure) spdlog::error("{}", report.message);
  return report.exit_code;
}

}  // namespace

std::string version_text() { return std::string("nnviz ") + NNVIZ_VERSION; }

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

  Verbosity verbosity;
  TrainOptions train_options;
  CLI::App* train_cmd = app.add_subcommand("train", "Train a network and render every epoch into a video");
  setup_train_options(*train_cmd, train_options);
  add_verbosity(*train_cmd, verbosity);

  DatasetOptions dataset_options;
  CLI::App* dataset_cmd = app.add_subcommand("dataset", "Write a built-in dataset (the notebook's by default) as CSV");
  setup_dataset_options(*dataset_cmd, dataset_options);
  add_verbosity(*dataset_cmd, verbosity);

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
    std::cerr << "nnviz: error: " << e.what() << '\n'
              << "Run 'nnviz " << (where ? where->get_name() + " " : std::string()) << "--help' for usage.\n";
    return exit_code::usage;
  }

  configure_logging(verbosity);
  try {
    if (train_cmd->parsed()) {
      const app::TrainRequest request = to_request(train_options);
      const util::InterruptFlag& interrupt = util::InterruptFlag::install();
      return print_train_report(app::run_train(request, interrupt));
    }
    if (dataset_cmd->parsed()) return run_dataset(dataset_options);
  } catch (const UsageError& e) {
    spdlog::error("{}", e.what());
    return exit_code::usage;
  } catch (const Error& e) {
    spdlog::error("{}", e.what());
    return exit_code::failure;
  } catch (const std::exception& e) {
    spdlog::critical("unexpected failure: {}", e.what());
    return exit_code::failure;
  }
  return exit_code::usage;
}

}  // namespace nnviz::cli
