// `nnviz summary`: the Keras model summary of an architecture.
#include <iostream>
#include <memory>
#include <vector>

#include "nnviz/cli/command.hpp"
#include "nnviz/cli/train_command.hpp"
#include "nnviz/model/summary.hpp"
#include "nnviz/util/numpy_random.hpp"

namespace nnviz::cli {

Command add_summary_command(CLI::App& parent) {
  auto options = std::make_shared<TrainOptions>();
  CLI::App* cmd = parent.add_subcommand("summary", "Print the model summary, as Keras' model.summary()");
  // The same model options as `train`, so `nnviz summary --hidden 8,8,4` describes that run; only
  // those: the shapes and parameter counts depend on nothing else (training, data, outputs).
  setup_train_options(*cmd, *options);
  std::vector<CLI::Option*> others;
  for (CLI::Option* opt : cmd->get_options())
    if (opt->get_group() != "Model" && opt != cmd->get_help_ptr()) others.push_back(opt);
  for (CLI::Option* opt : others) cmd->remove_option(opt);
  cmd->footer(
      "Examples:\n"
      "  nnviz summary                                   # the notebook's 2-2-1 network\n"
      "  nnviz summary --hidden 8,8,4 --activation tanh,relu,tanh  # three hidden layers");
  return {cmd, [options] {
            const app::TrainRequest request = to_request(*options);
            util::NumpyRandom rng(request.seed);
            std::cout << model::keras_summary(model::make_network(request.architecture, rng));
            std::cout.flush();
            return 0;
          }};
}

}  // namespace nnviz::cli
