// The checkpoint store: a run whose weights all go to the temporary file (a budget of 0 bytes)
// gives the same frames, bit for bit, as the same run in memory; the budget bounds what stays in
// memory; the file has no name at any time; reading from many threads at once; a folder that
// cannot take the file is an Error naming it.
#include "nnviz/train/checkpoint.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <thread>
#include <vector>

#include "nnviz/train/trainer.hpp"
#include "nnviz/util/error.hpp"
#include "nnviz/util/numpy_random.hpp"
#include "train_test_support.hpp"

namespace {

namespace fs = std::filesystem;
using nnviz::train::Checkpoint;
using nnviz::train::CheckpointStore;

const nnviz::data::Dataset& blobs() {
  static const nnviz::data::Dataset data = nnviz::test::read_blobs_csv(NNVIZ_SOURCE_DIR "/data/blobs_seed12345.csv");
  return data;
}

nnviz::data::Dataset rows(const nnviz::data::Dataset& d, Eigen::Index first, Eigen::Index count) {
  nnviz::data::Dataset out;
  out.name = d.name;
  out.X = d.X.middleRows(first, count);
  out.y = d.y.segment(first, count);
  return out;
}

// A run of 12 epochs of a 2-8-4-1 tanh network with held-out rows, its weights in `store`.
nnviz::train::TrainResult run(CheckpointStore& store) {
  nnviz::util::NumpyRandom rng(7);
  nnviz::model::Architecture arch;
  arch.hidden = {8, 4};
  arch.activations.assign(2, nnviz::model::Activation::parse("tanh"));
  const nnviz::model::Network net = nnviz::model::make_network(arch, rng);
  nnviz::train::TrainConfig c;
  c.epochs = 12;
  c.stop_loss = 0.0;
  const auto n = blobs().X.rows();
  return nnviz::train::fit(net, rows(blobs(), 0, n - 100), rows(blobs(), n - 100, 100), c, rng, {}, {}, &store);
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void expect_same_bits(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, const std::string& what) {
  ASSERT_EQ(a.rows(), b.rows()) << what;
  ASSERT_EQ(a.cols(), b.cols()) << what;
  EXPECT_EQ(std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(double)), 0) << what;
}

void expect_same_network(const nnviz::model::Network& a, const nnviz::model::Network& b, const std::string& what) {
  ASSERT_EQ(a.layers.size(), b.layers.size()) << what;
  for (std::size_t l = 0; l < a.layers.size(); ++l) {
    expect_same_bits(a.layers[l].W, b.layers[l].W, what + " kernel " + std::to_string(l));
    expect_same_bits(a.layers[l].b, b.layers[l].b, what + " bias " + std::to_string(l));
  }
  ASSERT_EQ(a.hidden_activations.size(), b.hidden_activations.size()) << what;
  for (std::size_t l = 0; l < a.hidden_activations.size(); ++l)
    EXPECT_EQ(a.hidden_activations[l].name(), b.hidden_activations[l].name()) << what;
}

std::uint64_t bytes_of(const nnviz::model::Network& net) {
  std::uint64_t n = 0;
  for (const auto& d : net.layers) n += static_cast<std::uint64_t>(d.W.size() + d.b.size());
  return n * 8;
}

TEST(checkpoint_store, a_run_spilled_to_the_file_equals_the_run_in_memory_bit_for_bit) {
  CheckpointStore in_memory(std::uint64_t{1} << 40);
  CheckpointStore on_disk(0);  // every network goes to the file
  const nnviz::train::TrainResult a = run(in_memory);
  const nnviz::train::TrainResult b = run(on_disk);
  ASSERT_EQ(a.checkpoints.size(), 13U);
  ASSERT_EQ(b.checkpoints.size(), a.checkpoints.size());
  EXPECT_EQ(in_memory.spilled_count(), 0U);
  EXPECT_EQ(on_disk.spilled_count(), b.checkpoints.size());
  EXPECT_EQ(on_disk.resident_bytes(), 0U);
  for (std::size_t k = 0; k < a.checkpoints.size(); ++k) {
    const Checkpoint& x = a.checkpoints[k];
    const Checkpoint& y = b.checkpoints[k];
    const std::string what = "frame " + std::to_string(k);
    EXPECT_FALSE(x.spilled()) << what;
    EXPECT_TRUE(y.spilled()) << what;
    EXPECT_EQ(x.metrics.epoch, y.metrics.epoch) << what;
    EXPECT_EQ(x.metrics.step, y.metrics.step) << what;
    EXPECT_TRUE(same_bits(x.metrics.loss, y.metrics.loss)) << what;
    EXPECT_TRUE(same_bits(x.metrics.accuracy, y.metrics.accuracy)) << what;
    ASSERT_TRUE(x.metrics.val_loss && y.metrics.val_loss) << what;
    EXPECT_TRUE(same_bits(*x.metrics.val_loss, *y.metrics.val_loss)) << what;
    EXPECT_TRUE(same_bits(*x.metrics.val_accuracy, *y.metrics.val_accuracy)) << what;
    EXPECT_TRUE(same_bits(x.metrics.lr, y.metrics.lr)) << what;
    expect_same_network(x.network(), y.network(), what);
  }
  // Training moved the weights: the frames are not all one network read back the same way.
  EXPECT_NE(b.checkpoints.front().network().layers[0].W, b.checkpoints.back().network().layers[0].W);
}

TEST(checkpoint_store, the_budget_bounds_the_weights_kept_in_memory) {
  nnviz::util::NumpyRandom rng(3);
  nnviz::model::Architecture arch;
  arch.hidden = {16, 16};
  arch.activations.assign(2, nnviz::model::Activation::parse("relu"));
  const nnviz::model::Network net = nnviz::model::make_network(arch, rng);
  const std::uint64_t one = bytes_of(net);
  CheckpointStore store(one * 5 / 2);  // room for two networks, not three
  std::vector<Checkpoint> kept;
  std::vector<nnviz::model::Network> originals;
  for (int i = 0; i < 10; ++i) {
    nnviz::model::Network n = net;
    for (auto& d : n.layers) d.W *= 1.0 + 0.25 * i;
    originals.push_back(n);
    kept.emplace_back(nnviz::train::Metrics{}, store.keep(n));
  }
  EXPECT_EQ(store.resident_bytes(), 2 * one);
  EXPECT_EQ(store.spilled_count(), 8U);
  EXPECT_EQ(store.spilled_bytes(), 8 * one);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    EXPECT_EQ(kept[i].spilled(), i >= 2) << i;
    expect_same_network(kept[i].network(), originals[i], "network " + std::to_string(i));
  }
}

TEST(checkpoint_store, the_file_never_has_a_name_and_outlives_the_store_while_a_checkpoint_needs_it) {
  const fs::path dir = fs::temp_directory_path() / ("nnviz-store-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  nnviz::util::NumpyRandom rng(5);
  nnviz::model::Architecture arch;
  arch.hidden = {4};
  arch.activations = {nnviz::model::Activation::parse("tanh")};
  const nnviz::model::Network net = nnviz::model::make_network(arch, rng);
  Checkpoint c;
  {
    CheckpointStore store(0, dir);
    c = Checkpoint({}, store.keep(net));
    EXPECT_EQ(store.spilled_count(), 1U);
    EXPECT_TRUE(fs::is_empty(dir));  // O_TMPFILE, or unlinked at once
  }
  ASSERT_TRUE(c.spilled());
  expect_same_network(c.network(), net, "after the store");
  fs::remove_all(dir);
}

TEST(checkpoint_store, many_threads_read_spilled_weights_at_once) {
  nnviz::util::NumpyRandom rng(9);
  nnviz::model::Architecture arch;
  arch.hidden = {32, 32};
  arch.activations.assign(2, nnviz::model::Activation::parse("tanh"));
  CheckpointStore store(0);
  std::vector<nnviz::model::Network> originals;
  std::vector<Checkpoint> kept;
  for (int i = 0; i < 8; ++i) {
    originals.push_back(nnviz::model::make_network(arch, rng));
    kept.emplace_back(nnviz::train::Metrics{}, store.keep(originals.back()));
  }
  std::vector<int> wrong(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        const std::size_t i = static_cast<std::size_t>(round + t) % kept.size();
        const nnviz::model::Network n = kept[i].network();
        for (std::size_t l = 0; l < n.layers.size(); ++l)
          if (n.layers[l].W != originals[i].layers[l].W || n.layers[l].b != originals[i].layers[l].b) ++wrong[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(wrong[t], 0) << "thread " << t;
}

TEST(checkpoint_store, a_folder_that_cannot_take_the_file_is_an_error_naming_it_and_tmpdir) {
  nnviz::util::NumpyRandom rng(5);
  nnviz::model::Architecture arch;
  arch.activations = {nnviz::model::Activation::parse("tanh")};
  const nnviz::model::Network net = nnviz::model::make_network(arch, rng);
  CheckpointStore roomy(1 << 20, "/nonexistent/nnviz-folder");
  EXPECT_NO_THROW(roomy.keep(net));  // within the budget: no file
  CheckpointStore store(0, "/nonexistent/nnviz-folder");
  try {
    store.keep(net);
    FAIL() << "no error";
  } catch (const nnviz::Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("/nonexistent/nnviz-folder"), std::string::npos) << what;
    EXPECT_NE(what.find("TMPDIR"), std::string::npos) << what;
  }
}

}  // namespace
