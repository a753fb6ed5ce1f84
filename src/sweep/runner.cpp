#include "nnviz/sweep/runner.hpp"

#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <thread>

#include "nnviz/app/metrics_io.hpp"
#include "nnviz/train/checkpoint.hpp"
#include "nnviz/util/atomic_file.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/interrupt.hpp"

namespace nnviz::sweep {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// Loss and accuracy of a diverged frame are NaN; the summary holds them as unknown (JSON null),
// so a row reads back as it was written.
std::optional<double> finite(double v) { return std::isfinite(v) ? std::optional<double>(v) : std::nullopt; }

void fill_results(const run::RunRecord& record, double stop_loss, SummaryRow& row) {
  row.frames = static_cast<int>(record.checkpoints.size());
  row.stop_reason = train::stop_reason_name(record.reason);
  const train::Metrics& last = record.checkpoints.back().metrics;
  row.final_epoch = last.epoch;
  row.final_loss = finite(last.loss);
  row.final_accuracy = row.final_loss ? finite(last.accuracy) : std::nullopt;
  for (const train::Checkpoint& c : record.checkpoints) {
    const train::Metrics& m = c.metrics;
    if (!std::isfinite(m.loss)) continue;
    if (!row.best_loss || m.loss < *row.best_loss) {
      row.best_loss = m.loss;
      row.best_accuracy = m.accuracy;
      row.best_epoch = m.epoch;
    }
    if (stop_loss > 0.0 && !row.stop_epoch && m.loss <= stop_loss) row.stop_epoch = m.epoch;
  }
}

RunResult run_one(const RunPlan& plan, const RunnerOptions& o, const util::InterruptFlag& interrupt) {
  const Clock::time_point start = Clock::now();
  RunResult result;
  SummaryRow& row = result.row;
  row.index = plan.index;
  row.name = plan.name;
  row.label = plan.label;
  row.settings = plan.settings;
  row.options = plan.request;  // its RunConfig part
  row.dir = fs::absolute(o.dir / plan.name);
  try {
    fs::create_directories(row.dir);
    app::VideoRequest video = o.video;
    video.output = row.dir / ("video." + o.video_extension);
    video.frames_dir.reset();
    if (!video.no_video) app::check_video_outputs(video);

    run::RunRecord record = app::train_record(plan.request, interrupt);
    fill_results(record, plan.request.training.stop_loss, row);
    // Metrics, options and weights first: they are what a diverged or interrupted run still has.
    util::Json config = record.config;
    config["run"] = plan.name;
    util::write_file_atomically(row.dir / "config.json", config.dump(1) + "\n");
    app::write_metrics(record.checkpoints, row.dir / "metrics.csv");
    run::write_record(record, row.dir / "weights.json");

    if (record.reason == train::StopReason::diverged) {
      row.status = RunStatus::failed;
      row.reason = record.message;
    } else if (record.reason == train::StopReason::interrupted || interrupt.raised()) {
      row.status = RunStatus::interrupted;
      row.reason = "interrupted";
    } else if (!video.no_video) {
      std::vector<fs::path> written;
      const int frames = app::render_record(record, video, interrupt, written);
      // A video that got every frame before the signal is complete; a cut one counts what it holds.
      if (interrupt.raised() && static_cast<std::size_t>(frames) < record.checkpoints.size()) {
        row.status = RunStatus::interrupted;
        row.reason = "interrupted while rendering";
        row.frames = frames;
      }
    }
    if (o.keep_records && row.status == RunStatus::ok)
      result.record = std::make_shared<const run::RunRecord>(std::move(record));
  } catch (const std::exception& e) {
    // One run's failure (bad data, a full disk, a codec error) must not stop the others.
    row.status = RunStatus::failed;
    row.reason = e.what();
  }
  row.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace

std::vector<RunResult> run_sweep(const std::vector<RunPlan>& plans, const RunnerOptions& options,
                                 const util::InterruptFlag& interrupt, const RunCallback& on_finished) {
  if (options.jobs < 1) throw UsageError("--jobs: must be at least 1");
  RunnerOptions o = options;
  // Codec threads share the cores with the other runs.
  if (o.video.encode.threads == 0) {
    const int cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    o.video.encode.threads = std::max(1, cores / o.jobs);
  }

  std::vector<std::optional<RunResult>> slots(plans.size());
  std::atomic<std::size_t> next{0};
  std::mutex report_mutex;
  std::size_t finished = 0;
  const auto worker = [&] {
    for (;;) {
      if (interrupt.raised()) return;
      const std::size_t i = next.fetch_add(1);
      if (i >= plans.size()) return;
      RunResult r = run_one(plans[i], o, interrupt);
      const std::lock_guard<std::mutex> lock(report_mutex);
      slots[i] = std::move(r);
      ++finished;
      if (on_finished) {
        try {
          on_finished(*slots[i], finished, plans.size());
        } catch (...) {
          // A progress line that cannot be printed must not end the sweep.
        }
      }
    }
  };
  const int threads = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(o.jobs), plans.size()));
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (std::thread& t : pool) t.join();

  std::vector<RunResult> out;
  for (std::optional<RunResult>& s : slots)
    if (s) out.push_back(std::move(*s));
  return out;
}

}  // namespace nnviz::sweep
