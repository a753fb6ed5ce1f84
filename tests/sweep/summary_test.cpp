// Summaries: JSON round trip, CSV columns, merging shards, the Markdown table.
#include "nnviz/sweep/summary.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "nnviz/util/error.hpp"

namespace {
namespace fs = std::filesystem;
using namespace nnviz::sweep;

Summary sample() {
  Summary s;
  s.axes = {{"activation", "--activation", "", {"tanh", "relu"}, {}}, {"seed", "--seed", "seed", {"1", "2", "3"}, {}}};
  s.grid_size = 6;
  const double losses[6] = {0.30, 0.20, 0.25, 0.50, 0.40, 0.45};
  for (std::size_t i = 0; i < 6; ++i) {
    SummaryRow r;
    r.index = i;
    r.settings = {{"activation", i < 3 ? "tanh" : "relu"}, {"seed", std::to_string(i % 3 + 1)}};
    r.name = r.settings[0].second + "-seed" + r.settings[1].second;
    r.label = r.settings[0].second + ", seed " + r.settings[1].second;
    r.options.architecture.activations = {nnviz::model::Activation::parse(r.settings[0].second)};
    r.options.architecture.hidden = {2};
    r.options.training.optimizer.lr = 0.1;
    r.frames = 11;
    r.stop_reason = "epochs";
    r.final_epoch = 10;
    r.final_loss = losses[i];
    r.final_accuracy = 1.0 - losses[i];
    r.best_loss = losses[i];
    r.best_accuracy = 1.0 - losses[i];
    r.best_epoch = 10;
    if (i < 3) r.stop_epoch = static_cast<int>(i) + 4;
    r.wall_seconds = 1.5;
    r.dir = fs::path("/tmp/sweep") / r.name;
    s.rows.push_back(r);
  }
  s.rows[5].status = RunStatus::failed;
  s.rows[5].reason = "training diverged, \"loss nan\"";
  s.rows[5].final_loss.reset();
  return s;
}

void expect_same_rows(const Summary& a, const Summary& b) {
  ASSERT_EQ(a.rows.size(), b.rows.size());
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    const SummaryRow& x = a.rows[i];
    const SummaryRow& y = b.rows[i];
    EXPECT_EQ(x.index, y.index);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.settings, y.settings);
    EXPECT_EQ(x.options, y.options);
    EXPECT_EQ(x.status, y.status);
    EXPECT_EQ(x.reason, y.reason);
    EXPECT_EQ(x.final_loss, y.final_loss);
    EXPECT_EQ(x.stop_epoch, y.stop_epoch);
    EXPECT_EQ(x.frames, y.frames);
    EXPECT_EQ(x.dir, y.dir);
  }
}

TEST(summary, json_round_trip_keeps_every_row) {
  const Summary s = sample();
  const Summary back = summary_from_json(summary_to_json(s, "/tmp/sweep"), "/tmp/sweep", "test");
  EXPECT_EQ(back.grid_size, 6U);
  EXPECT_EQ(back.axes.size(), 2U);
  expect_same_rows(s, back);
}

TEST(summary, csv_has_a_header_and_one_quoted_row_per_run) {
  const std::string csv = summary_to_csv(sample(), "/tmp/sweep");
  EXPECT_EQ(csv.rfind("index,name,dataset,hidden,activation", 0), 0U);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 7);
  EXPECT_NE(csv.find("\"training diverged, \"\"loss nan\"\"\""), std::string::npos) << csv;
  EXPECT_NE(csv.find(",tanh-seed1\n"), std::string::npos) << csv;  // the folder, relative
}

TEST(summary, merging_shards_gives_the_whole_grid_in_order) {
  const Summary whole = sample();
  Summary a = whole;
  Summary b = whole;
  a.rows.clear();
  b.rows.clear();
  for (const SummaryRow& r : whole.rows) (r.index % 2 == 1 ? a : b).rows.push_back(r);
  a.shard = Shard{1, 2};
  b.shard = Shard{2, 2};
  const Summary merged = merge_summaries({a, b});
  EXPECT_FALSE(merged.shard);
  expect_same_rows(whole, merged);
}

TEST(summary, merging_different_grids_is_refused) {
  Summary a = sample();
  Summary b = sample();
  b.axes[1].values.push_back("4");
  b.grid_size = 8;
  EXPECT_THROW(merge_summaries({a, b}), nnviz::UsageError);
}

TEST(summary, markdown_groups_over_seeds_best_first_with_median_and_range) {
  const std::string md = markdown_table(sample());
  const auto tanh = md.find("| tanh | 3/3 | 0.250 (0.200–0.300)");
  const auto relu = md.find("| relu | 2/3 | 0.450 (0.400–0.500)");
  EXPECT_NE(tanh, std::string::npos) << md;
  EXPECT_NE(relu, std::string::npos) << md;
  EXPECT_LT(tanh, relu);
  EXPECT_NE(md.find("5 (4–6)"), std::string::npos) << md;  // epochs reaching --stop-loss
}

}  // namespace

namespace {

const std::string reference = NNVIZ_SOURCE_DIR "/tests/data/reference/";

// A summary written before the typed options ("nnviz-sweep/1", tests/data/reference/sweep_v1):
// nnviz compare --no-video --epochs 2 --samples 20 --lr 0.1,0.05 --hidden 3,2 --activation tanh
//   --stop-loss 0.5 --seed 7 -j 1
TEST(summary, a_v1_summary_reads_with_typed_options_and_writes_the_same_csv) {
  const fs::path dir = reference + "sweep_v1";
  const auto parts = read_summaries(dir);
  ASSERT_EQ(parts.size(), 1U);
  const Summary& s = parts[0];
  ASSERT_EQ(s.rows.size(), 2U);
  const nnviz::run::RunConfig& o = s.rows[1].options;
  EXPECT_EQ(o.dataset.name, "blobs");
  EXPECT_EQ(o.architecture.hidden, (std::vector<int>{3, 2}));
  ASSERT_EQ(o.architecture.activations.size(), 2U);
  EXPECT_EQ(o.architecture.activations[1].name(), "tanh");
  EXPECT_EQ(o.training.optimizer.lr, 0.05);
  EXPECT_EQ(o.training.stop_loss, 0.5);
  EXPECT_EQ(o.training.epochs, 2);
  EXPECT_EQ(o.seed, 7U);
  EXPECT_EQ(s.rows[0].final_loss, 0.6941375100305395);
  // The CSV the old binary wrote, column for column, from the rows read back.
  std::ifstream in(dir / "summary.csv");
  const std::string old_csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(summary_to_csv(s, dir), old_csv);
  // Written again it is the typed form.
  const nnviz::util::Json j = summary_to_json(s, dir);
  EXPECT_EQ(j.at("format"), "nnviz-sweep/2");
  const Summary back = summary_from_json(j, dir, "again");
  expect_same_rows(s, back);
}

TEST(summary, a_malformed_summary_is_a_usage_error_naming_the_source) {
  nnviz::util::Json j = summary_to_json(sample(), "/tmp/sweep");
  j["runs"][0].erase("frames");
  try {
    summary_from_json(j, "/tmp/sweep", "broken.json");
    FAIL();
  } catch (const nnviz::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("broken.json"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("frames"), std::string::npos) << e.what();
  }
}

}  // namespace
