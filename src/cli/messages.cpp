#include "nnviz/cli/messages.hpp"

#include <string_view>
#include <utility>

namespace nnviz::cli {
namespace {

// Request field -> flag. A field missing here (the encoder's "threads") has no flag: nothing
// on the command line sets it.
constexpr std::pair<std::string_view, std::string_view> flags[] = {
    {"activation", "--activation"},   {"hidden", "--hidden"},        {"init", "--init"},
    {"optimizer", "--optimizer"},     {"lr", "--lr"},                {"momentum", "--momentum"},
    {"batch_size", "--batch-size"},   {"epochs", "--epochs"},        {"stop_loss", "--stop-loss"}, {"stop_patience", "--stop-patience"},
    {"every", "--every"}, {"max_frames", "--max-frames"}, {"schedule", "--schedule"},
    {"l2", "--l2"},                   {"dataset", "--dataset"},      {"samples", "--samples"},
    {"noise", "--noise"},             {"validation_split", "--validation-split"},
    {"data_columns", "--columns"},
    {"axes", "--axes"},               {"style", "--style"},          {"palette", "--palette"},
    {"legend", "--legend"},
    {"format", "--format"},           {"gif_palette", "--gif-palette"},
    {"fps", "--fps"},                 {"size", "--size"},            {"crf", "--crf"},
    {"preset", "--preset"},           {"hold_last", "--hold-last"},  {"pix_fmt", "--pix-fmt"},
    // Overwriting is the default; the flag at fault is the one that turned it off.
    {"overwrite", "--no-overwrite"},
};

}  // namespace

std::string flag_of(const CLI::App& cmd, const std::string& field) {
  for (const auto& [f, flag] : flags) {
    if (f == field) return cmd.get_option_no_throw(std::string(flag)) ? std::string(flag) : std::string();
  }
  return {};
}

std::string with_flag(const CLI::App& cmd, const UsageError& error) {
  const std::string flag = flag_of(cmd, error.field());
  return flag.empty() ? std::string(error.what()) : flag + ": " + error.what();
}

}  // namespace nnviz::cli
