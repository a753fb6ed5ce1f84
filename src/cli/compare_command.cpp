// `nnviz compare`: the `train` options, each that makes sense as a list, expanded into a grid of
// runs that train in parallel; a summary and a comparison video.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <set>

#include "nnviz/app/memory.hpp"
#include "nnviz/cli/command.hpp"
#include "nnviz/cli/config_file.hpp"
#include "nnviz/cli/train_command.hpp"
#include "nnviz/data/generators.hpp"
#include "nnviz/model/activation.hpp"
#include "nnviz/sweep/compare_run.hpp"
#include "nnviz/sweep/grid.hpp"
#include "nnviz/sweep/runner.hpp"
#include "nnviz/sweep/shard.hpp"
#include "nnviz/train/optimizer.hpp"
#include "nnviz/train/trainer.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"
#include "sweep_shared.hpp"

namespace nnviz::cli {
namespace {
namespace fs = std::filesystem;

std::string number_text(double v) { return fmt::format("{}", v); }  // shortest round-trip form

// The options a grid varies, as typed (each item may itself be a list: "0.1,0.01", "1..5").
// Defaults are `nnviz train`'s.
struct ListOptions {
  std::vector<std::string> dataset, data, hidden, activation, optimizer, lr, batch_size, epochs, l2, seed;
  explicit ListOptions(const TrainOptions& d)
      : dataset{d.dataset},
        hidden{d.hidden},
        activation{d.activation},
        optimizer{d.optimizer},
        lr{number_text(d.lr)},
        batch_size{std::to_string(d.batch_size)},
        epochs{std::to_string(d.epochs)},
        l2{number_text(d.l2)},
        seed{std::to_string(d.seed)} {}
};

struct CompareOptions {
  TrainOptions train;  // everything that is not a list, as `nnviz train` has it
  ListOptions lists{train};
  std::string output;
  int jobs = default_jobs();
  std::optional<std::string> shard;
  CompareVideoArgs compare;
  bool no_run_video = false;
  std::optional<std::string> config;
  CLI::App* cmd = nullptr;
};

// The grid's axes in the order their values vary (the first slowest): the seed last, so a
// setting's seeds sit together.
std::vector<sweep::Axis> make_axes(const CompareOptions& o, std::set<std::string>& data_files) {
  using sweep::ValueKind;
  std::vector<sweep::Axis> axes;

  // Built-in datasets and data files are one axis: each is one way to get the points.
  const bool named = o.cmd->get_option("--dataset")->count() > 0 || o.lists.data.empty();
  sweep::Axis data{"dataset", "--dataset", "", {}, {}};
  if (named) {
    data = sweep::expand_list({"dataset", "--dataset", "", ValueKind::text}, o.lists.dataset);
    for (std::string& v : data.values) v = data::parse_dataset(v);  // UsageError: cli.cpp names --dataset
    data.labels = data.values;
  }
  if (!o.lists.data.empty()) {
    const sweep::Axis files = sweep::expand_list({"dataset", "--data", "", ValueKind::text}, o.lists.data);
    for (const std::string& f : files.values) {
      if (std::find(data.values.begin(), data.values.end(), f) != data.values.end())
        throw UsageError("--data: '" + f + "' is also a --dataset name");
      data.values.push_back(f);
      data.labels.push_back(fs::path(f).stem().string());
      data_files.insert(f);
    }
  }
  axes.push_back(std::move(data));

  const double inf = std::numeric_limits<double>::infinity();
  axes.push_back(sweep::expand_list({"hidden", "--hidden", "h", ValueKind::architecture}, o.lists.hidden));
  axes.push_back(sweep::expand_list({"activation", "--activation", "", ValueKind::text}, o.lists.activation));
  axes.push_back(sweep::expand_list({"optimizer", "--optimizer", "", ValueKind::text}, o.lists.optimizer));
  axes.push_back(sweep::expand_list({"lr", "--lr", "lr", ValueKind::number, 0.0, inf, true}, o.lists.lr));
  axes.push_back(sweep::expand_list({"batch_size", "--batch-size", "bs", ValueKind::integer, 1, 1e6}, o.lists.batch_size));
  axes.push_back(sweep::expand_list({"epochs", "--epochs", "ep", ValueKind::integer, 0, 1e6}, o.lists.epochs));
  axes.push_back(sweep::expand_list({"l2", "--l2", "l2_", ValueKind::number, 0.0, inf}, o.lists.l2));
  axes.push_back(sweep::expand_list({"seed", "--seed", "seed", ValueKind::integer, 0, 4294967295.0}, o.lists.seed));

  // Names are checked here, once per value, so a typo is one message before any work (its
  // UsageError names the field; cli.cpp adds the flag).
  for (const std::string& a : axes[2].values) (void)model::Activation::parse(a);
  for (const std::string& name : axes[3].values) (void)train::parse_optimizer(name);
  return axes;
}

// `base` with one grid point's settings applied.
TrainOptions apply(const TrainOptions& base, const sweep::GridRun& run, const std::set<std::string>& data_files) {
  TrainOptions t = base;
  for (const auto& [key, value] : run.settings) {
    if (key == "dataset") {
      if (data_files.count(value)) {
        // --samples/--noise shape the built-in datasets of the grid; a file is as it is.
        t.data_file = value;
        t.samples.reset();
        t.noise.reset();
      } else {
        t.dataset = value;
        t.data_file.reset();
        t.columns.reset();  // --columns picks the columns of the grid's data files
      }
    } else if (key == "hidden") {
      t.hidden = value;
    } else if (key == "activation") {
      t.activation = value;
    } else if (key == "optimizer") {
      t.optimizer = value;
    } else if (key == "lr") {
      t.lr = std::stod(value);
    } else if (key == "batch_size") {
      t.batch_size = std::stoi(value);
    } else if (key == "epochs") {
      t.epochs = std::stoi(value);
    } else if (key == "l2") {
      t.l2 = std::stod(value);
    } else if (key == "seed") {
      t.seed = static_cast<std::uint32_t>(std::stoull(value));
    }
  }
  return t;
}

// While it lives, info logs are off (each run's own lines would bury the progress lines).
class QuietRuns {
 public:
  QuietRuns() : level_(spdlog::get_level()) {
    if (level_ == spdlog::level::info) spdlog::set_level(spdlog::level::warn);
  }
  ~QuietRuns() { spdlog::set_level(level_); }
  QuietRuns(const QuietRuns&) = delete;
  QuietRuns& operator=(const QuietRuns&) = delete;

 private:
  spdlog::level::level_enum level_;
};

std::string progress_line(const sweep::RunResult& r, std::size_t finished, std::size_t total) {
  const sweep::SummaryRow& row = r.row;
  const int width = static_cast<int>(std::to_string(total).size());
  std::string line = fmt::format("[{:>{}}/{}] {}: {}", finished, width, total, row.name, sweep::status_name(row.status));
  if (row.final_loss)
    line += fmt::format(", epoch {} loss {:.4f} accuracy {:.3f}", row.final_epoch.value_or(0), *row.final_loss,
                        row.final_accuracy.value_or(0.0));
  if (row.status != sweep::RunStatus::ok) line += " (" + row.reason + ")";
  return line + fmt::format(", {:.1f} s", row.wall_seconds);
}

// `jobs` runs at a time each hold their frames while they work; with a comparison video every
// finished run's frames are kept for it too. Refused before the first run when that cannot fit.
void check_sweep_memory(const std::vector<sweep::RunPlan>& plans, int jobs, bool keeps_records) {
  std::vector<app::MemoryEstimate> runs;
  for (const sweep::RunPlan& p : plans) runs.push_back(app::estimate_run_memory(p.request));
  if (runs.empty()) return;
  std::vector<std::uint64_t> working;
  for (const app::MemoryEstimate& e : runs) working.push_back(e.total() - e.base);
  std::sort(working.begin(), working.end(), std::greater<>());
  std::uint64_t needed = runs.front().base;
  for (std::size_t i = 0; i < working.size() && i < static_cast<std::size_t>(jobs); ++i) needed += working[i];
  if (keeps_records)
    for (const app::MemoryEstimate& e : runs) needed += e.checkpoints;
  app::check_memory(runs, needed, app::memory_limit(), "the sweep");
}

int run_compare(CompareOptions& o) {
  if (o.config) apply_config(*o.cmd, *o.config);
  if (o.output.empty()) throw UsageError("--output: give the sweep's folder (-o DIR, or output = \"DIR\" in --config)");
  // Everything is checked before the first run starts.
  std::set<std::string> data_files;
  const std::vector<sweep::Axis> axes = make_axes(o, data_files);
  const std::vector<sweep::GridRun> grid = sweep::expand_grid(axes);
  const sweep::Shard shard = o.shard ? sweep::parse_shard(*o.shard) : sweep::Shard{};
  if (o.jobs < 1) throw UsageError("--jobs: must be at least 1");
  if (o.train.metrics_file || o.train.weights_file || o.train.stats_file) throw UsageError("--metrics/--save-weights: compare writes them per run");

  const app::VideoRequest video = to_video_request(o.train.video);
  std::string extension = "mp4";
  if (video.format) {
    extension = encode::format_name(*video.format);
    if (*video.format != encode::Format::mp4 && *video.format != encode::Format::webm && *video.format != encode::Format::gif)
      throw UsageError("--format: each run's video is mp4, webm or gif");
  }
  // --gif-palette applies to the runs' GIFs and to a GIF comparison video.
  const bool run_gifs = !video.no_video && !o.no_run_video && video.format == encode::Format::gif;
  check_gif_palette_applies(o.train.video, run_gifs || (!video.no_video && o.compare.format == "gif"),
                            "--format gif or --compare-format gif");
  // --pix-fmt: to the runs' mp4/webm videos and to an mp4/webm comparison video.
  const bool run_yuv = !video.no_video && !o.no_run_video && (extension == "mp4" || extension == "webm");
  check_pix_fmt_applies(o.train.video,
                        run_yuv || (!video.no_video && (o.compare.format == "mp4" || o.compare.format == "webm")),
                        "runs' mp4/webm videos or --compare-format mp4/webm");

  std::vector<sweep::RunPlan> plans;
  for (const sweep::GridRun& g : grid) {
    if (!shard.contains(g.index)) continue;
    TrainOptions run_options = apply(o.train, g, data_files);
    // Checked above for the whole sweep (a run's own output name means nothing here).
    run_options.video.gif_palette.reset();
    run_options.video.pix_fmt.reset();
    app::TrainRequest run = to_request(run_options);
    train::validate(run.training);
    plans.push_back({g.index, g.name, g.label, g.settings, std::move(run)});
  }

  check_sweep_memory(plans, o.jobs, !video.no_video && shard.whole());

  sweep::CompareRequest request;
  request.dir = o.output;
  request.grid.grid_size = grid.size();
  request.grid.axes = axes;
  if (!shard.whole()) request.grid.shard = shard;
  request.plans = std::move(plans);
  request.runner.jobs = o.jobs;
  request.runner.video = video;
  request.runner.video.no_video = video.no_video || o.no_run_video;
  // Runs draw their own videos on one thread each: --jobs runs share the cores.
  request.runner.video.render_threads = 1;
  request.runner.video_extension = extension;
  if (!video.no_video && shard.whole()) {
    sweep::CompareVideoOptions cv = to_compare_video(o.compare, request.dir);
    cv.encode.fps = video.encode.fps;
    cv.encode.crf = video.encode.crf;
    cv.encode.preset = video.encode.preset;
    cv.encode.gif_palette = video.encode.gif_palette;
    cv.encode.pix_fmt = video.encode.pix_fmt;
    cv.encode.hold_last = video.encode.hold_last;
    cv.style = video.render.style;
    cv.palette = video.render.palette;
    cv.legend = video.render.legend;
    cv.axes = video.axes;
    cv.jobs = o.jobs;
    cv.tween = video.tween;  // the runs' morphs stay in their own videos
    cv.sweep_axes = request.grid.axes;
    if (!request.plans.empty()) (void)sweep::plan_compare_canvas(sweep::planned_tiles(request.plans), cv);  // unplayable: refused now
    request.video = cv;
  }
  sweep::check_sweep_folder(request.dir);
  if (!shard.whole())
    spdlog::info("shard {}/{}: {} of {} runs (`nnviz report` merges the shards and makes the comparison video)",
                 shard.index, shard.count, request.plans.size(), grid.size());
  else
    spdlog::info("{} runs on {} thread(s) into {}", request.plans.size(),
                 std::min<std::size_t>(o.jobs, request.plans.size()), request.dir.string());

  // Runs log warnings only; one line per finished run tells the progress (not with -q).
  const bool progress = spdlog::get_level() <= spdlog::level::warn;
  const util::InterruptFlag& interrupt = util::InterruptFlag::install();
  sweep::SweepReport report;
  {
    const QuietRuns quiet;
    report = sweep::run_compare(request, interrupt, [&](const sweep::RunResult& r, std::size_t n, std::size_t total) {
      if (progress) std::cerr << progress_line(r, n, total) << std::endl;
    });
  }
  print_summary(report.summary, request.dir, o.train.json);
  return report.exit_code;
}

// Replaces `train`'s single-value option `name` by a list option.
CLI::Option* relist(CLI::App& cmd, const std::string& name, const std::string& names, std::vector<std::string>& target,
                    const std::string& help) {
  CLI::Option* old = cmd.get_option(name);
  const std::string group = old->get_group();
  cmd.remove_option(old);
  return cmd.add_option(names, target, help)->capture_default_str()->group(group)->expected(1)->multi_option_policy(
      CLI::MultiOptionPolicy::TakeAll);
}

}  // namespace

Command add_compare_command(CLI::App& parent) {
  auto o = std::make_shared<CompareOptions>();
  CLI::App* cmd = parent.add_subcommand(
      "compare", "Train a grid of runs in parallel (lists: --lr 0.1,0.01 --seed 1..5); summary and comparison video");
  o->cmd = cmd;
  setup_train_options(*cmd, o->train);
  ListOptions& l = o->lists;
  relist(*cmd, "--dataset", "--dataset", l.dataset, "Built-in datasets, a list: blobs,moons");
  relist(*cmd, "--data", "--data", l.data, "CSV files (X0,X1,y), a list; with --dataset, both are runs");
  relist(*cmd, "--hidden", "--hidden", l.hidden, "Architectures separated by ';' or '/': \"2;8;8,8\"");
  relist(*cmd, "--activation", "--activation", l.activation, "Activations, a list: tanh,relu,sigmoid");
  relist(*cmd, "--optimizer", "--optimizer", l.optimizer, "Optimizers, a list: adam,sgd");
  relist(*cmd, "--lr", "--lr,--learning-rate", l.lr, "Learning rates, a list: 0.1,0.01");
  relist(*cmd, "--batch-size", "--batch-size", l.batch_size, "Batch sizes, a list or a range: 16,32");
  relist(*cmd, "--epochs", "--epochs", l.epochs, "Epochs at most, a list or a range");
  relist(*cmd, "--l2", "--l2", l.l2, "L2 factors, a list: 0,0.001");
  relist(*cmd, "--seed", "--seed", l.seed, "Seeds, a list or a range: 1..5 or 1,2,7");
  for (const char* gone : {"--output", "--metrics", "--save-weights", "--stats", "--frames", "--html-fragment",
                           "--render-threads"}) cmd->remove_option(cmd->get_option(gone));

  cmd->add_option("-o,--output", o->output, "Folder for the runs, summary.csv/json and compare.mp4 (required)")
      ->group("Output");
  cmd->add_option("-j,--jobs", o->jobs, "Runs in parallel (default: the number of cores)")
      ->check(CLI::Range(1, 1024))
      ->group("Sweep");
  cmd->add_option("--shard", o->shard,
                  "Run only slice K of N of the grid (run index mod N == K mod N, so 0-based and 1-based K both "
                  "work: --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT); merge with `nnviz report`")
      ->group("Sweep");
  cmd->add_flag("--no-run-video", o->no_run_video, "Skip each run's own video (the comparison video is still made)")
      ->group("Output");
  setup_compare_video_options(*cmd, o->compare);
  cmd->add_option("--config", o->config,
                  "TOML file with the same options, without dashes (lists as arrays: lr = [0.1, 0.01]); the command "
                  "line wins")
      ->check(CLI::ExistingFile)
      ->configurable(false);
  cmd->footer(
      "Examples:\n"
      "  nnviz compare --activation tanh,relu --lr 0.1,0.03 --seed 1..3 --epochs 30 --no-run-video -o sweep  # 12 runs\n"
      "  nnviz compare --hidden \"2;8;8,8\" --dataset moons --epochs 100 --every 10 -o arch  # 3 architectures\n"
      "  nnviz compare --seed 1..6 --no-video --shard 1/3 -o part1  # slice 1 of 3; nnviz report merges slices");
  return {cmd, [o] { return run_compare(*o); }};
}

}  // namespace nnviz::cli
