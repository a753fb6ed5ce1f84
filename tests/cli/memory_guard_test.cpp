// A run whose frames cannot all be kept in memory is refused before training, naming the
// estimate and what to change, instead of dying with std::bad_alloc part way (the real binary
// under an address-space limit, set in the child as `ulimit -v` does).
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "cli_test_support.hpp"
#include "nnviz/app/memory.hpp"
#include "nnviz/model/network.hpp"
#include "nnviz/util/numpy_random.hpp"

namespace {
namespace fs = std::filesystem;
using nnviz::cli_test::read;
using nnviz::cli_test::scratch;

struct Result {
  int code = -1;  // -1: still running at the hang guard (killed)
  std::string err;
};

// nnviz `args` with RLIMIT_AS at `limit_bytes`, at most 90 s.
Result run_limited(const fs::path& dir, const std::vector<std::string>& args, rlim_t limit_bytes) {
  const fs::path err = dir / "stderr.txt";
  const pid_t child = ::fork();
  if (child == 0) {
    const rlimit lim{limit_bytes, limit_bytes};
    if (::setrlimit(RLIMIT_AS, &lim) != 0) ::_exit(125);
    const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int o = ::open((dir / "stdout.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (e < 0 || o < 0) ::_exit(126);
    ::dup2(o, 1);
    ::dup2(e, 2);
    nnviz::cli_test::exec_nnviz(args);
  }
  Result r;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(child, &status, WNOHANG) == child) {
      r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (r.code == -1) {
    ::kill(child, SIGKILL);
    ::waitpid(child, &status, 0);
  }
  r.err = read(err);
  return r;
}

constexpr rlim_t kTwoGB = rlim_t{2} << 30;

TEST(memory_guard, a_run_that_cannot_keep_its_frames_is_refused_before_training) {
  // 501 frames x 1,053,697 parameters x 8 bytes = 4.2 GB of weights.
  const fs::path dir = scratch("memory-train");
  const Result r = run_limited(dir, {"train", "--hidden", "1024,1024", "--epochs", "500", "--no-video", "--metrics",
                                     (dir / "m.csv").string()},
                               kTwoGB);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("the run needs about 4."), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ulimit -v"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("501 frames x 1053697 parameters x 8 bytes"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("fewer --epochs or a smaller --hidden"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("bad_alloc"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("trained"), std::string::npos) << r.err;  // refused before any training
  EXPECT_FALSE(fs::exists(dir / "m.csv"));
}

TEST(memory_guard, a_run_that_fits_runs_under_the_same_limit) {
  const fs::path dir = scratch("memory-fits");
  const Result r = run_limited(dir, {"train", "-q", "--epochs", "5", "--size", "360x120", "-o", (dir / "v.mp4").string()},
                               kTwoGB);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "v.mp4"));
}

TEST(memory_guard, a_sweep_counts_its_parallel_runs_and_the_kept_records) {
  // Each run alone (101 frames x 1M parameters = 0.85 GB) fits; four kept for the comparison
  // video do not.
  const fs::path dir = scratch("memory-sweep");
  const Result r = run_limited(dir, {"compare", "--hidden", "1024,1024", "--epochs", "100", "--seed", "1..4", "-j", "2",
                                     "-o", (dir / "sweep").string()},
                               kTwoGB);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("the sweep needs about"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("fewer --jobs"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "sweep"));
}

TEST(memory_guard, the_estimate_counts_the_networks_parameters) {
  nnviz::app::TrainRequest request;
  request.architecture.hidden = {8, 16, 3};
  request.architecture.activations.assign(3, nnviz::model::Activation::parse("tanh"));
  request.training.epochs = 9;
  nnviz::util::NumpyRandom rng(1);
  const auto net = nnviz::model::make_network(request.architecture, rng);
  const auto e = nnviz::app::estimate_run_memory(request);
  EXPECT_EQ(e.parameters, static_cast<std::uint64_t>(net.parameter_count()));
  EXPECT_EQ(e.frame_count, 10U);
  EXPECT_GE(e.checkpoints, 10U * e.parameters * 8);
}

TEST(memory_guard, sizes_read_as_people_write_them) {
  EXPECT_EQ(nnviz::app::bytes_text(999), "999 bytes");
  EXPECT_EQ(nnviz::app::bytes_text(4'215'000'000ULL), "4.21 GB");
  EXPECT_EQ(nnviz::app::bytes_text(84'000'000ULL), "84.0 MB");
}

}  // namespace
