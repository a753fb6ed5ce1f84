// Training's numbers pinned bit for bit: every frame's loss and accuracy (and held-out loss and
// accuracy) of two runs, as the binary of commit 3826c77 (before checkpoints could be kept in a
// temporary file) wrote them with --metrics (JSON: shortest round-trip decimals, converted to
// hex floats here with Python's float.hex()):
//   nnviz train -q --no-video --metrics m.json                  (the notebook's run: the defaults)
//   nnviz train -q --no-video --hidden 8,4 --validation-split 0.25 --epochs 12 --stop-loss 0 --metrics v.json
// Any change to the data, the initial weights, the shuffles, the arithmetic of a step or of
// evaluate(), or to which frames are kept changes them.
#include <gtest/gtest.h>

#include <vector>

#include "nnviz/app/train_run.hpp"
#include "nnviz/util/interrupt.hpp"

namespace {

struct Pinned {
  int epoch;
  std::int64_t step;
  double loss;
  double accuracy;
  double val_loss = 0.0;
  double val_accuracy = 0.0;
};

void expect_pinned(const nnviz::run::RunRecord& record, const std::vector<Pinned>& pinned, bool validation) {
  ASSERT_EQ(record.checkpoints.size(), pinned.size());
  for (std::size_t k = 0; k < pinned.size(); ++k) {
    const nnviz::train::Metrics& m = record.checkpoints[k].metrics;
    EXPECT_EQ(m.epoch, pinned[k].epoch) << k;
    EXPECT_EQ(m.step, pinned[k].step) << k;
    EXPECT_EQ(m.loss, pinned[k].loss) << k;
    EXPECT_EQ(m.accuracy, pinned[k].accuracy) << k;
    ASSERT_EQ(m.val_loss.has_value(), validation) << k;
    if (validation) {
      EXPECT_EQ(*m.val_loss, pinned[k].val_loss) << k;
      EXPECT_EQ(*m.val_accuracy, pinned[k].val_accuracy) << k;
    }
  }
}

nnviz::app::TrainRequest defaults() {
  nnviz::app::TrainRequest r;
  r.architecture.activations = {nnviz::model::Activation::parse("tanh")};
  return r;
}

TEST(pinned_metrics, the_notebooks_run_bit_for_bit) {
  const nnviz::util::InterruptFlag never;
  const std::vector<Pinned> pinned = {
      {0, 0, 0x1.83b4dbfacff31p-1, 0x1.f5c28f5c28f5cp-2},   {1, 13, 0x1.480a450112460p-1, 0x1.3c28f5c28f5c3p-1},
      {2, 26, 0x1.daa7475b4239bp-2, 0x1.c3d70a3d70a3dp-1},  {3, 39, 0x1.53fff67063b7bp-2, 0x1.cb851eb851eb8p-1},
      {4, 52, 0x1.27a67ffd9e753p-2, 0x1.cb851eb851eb8p-1},  {5, 65, 0x1.2057e2564b637p-2, 0x1.c7ae147ae147bp-1},
      {6, 78, 0x1.181005be1c570p-2, 0x1.cb851eb851eb8p-1},  {7, 91, 0x1.1b73355a3d185p-2, 0x1.c8f5c28f5c28fp-1},
      {8, 104, 0x1.156643eac0846p-2, 0x1.cb851eb851eb8p-1}, {9, 117, 0x1.139f906fb8a54p-2, 0x1.cb851eb851eb8p-1},
      {10, 130, 0x1.1402c6abc1f36p-2, 0x1.ca3d70a3d70a4p-1}, {11, 143, 0x1.18ea4e2d78b19p-2, 0x1.ccccccccccccdp-1},
      {12, 156, 0x1.120bb79b86833p-2, 0x1.cb851eb851eb8p-1}, {13, 169, 0x1.114b1d0a1b192p-2, 0x1.cb851eb851eb8p-1},
      {14, 182, 0x1.0fffd2641fbddp-2, 0x1.c8f5c28f5c28fp-1}, {15, 195, 0x1.0f99a4be6162fp-2, 0x1.cb851eb851eb8p-1},
      {16, 208, 0x1.0f66fa83050f4p-2, 0x1.cb851eb851eb8p-1}, {17, 221, 0x1.0fca2f5681989p-2, 0x1.cb851eb851eb8p-1},
      {18, 234, 0x1.0ed6cba784e1fp-2, 0x1.ca3d70a3d70a4p-1}, {19, 247, 0x1.0f578934a8044p-2, 0x1.ccccccccccccdp-1},
      {20, 260, 0x1.11af1de3f8fbdp-2, 0x1.c7ae147ae147bp-1}, {21, 273, 0x1.13db546208c0ap-2, 0x1.ca3d70a3d70a4p-1},
      {22, 286, 0x1.14c0243802eb7p-2, 0x1.c8f5c28f5c28fp-1}, {23, 299, 0x1.12c4f2eb0ad93p-2, 0x1.c7ae147ae147bp-1},
      {24, 312, 0x1.0dbb442fc979fp-2, 0x1.ca3d70a3d70a4p-1}, {25, 325, 0x1.0e8cfcae39da9p-2, 0x1.c8f5c28f5c28fp-1},
      {26, 338, 0x1.0eadfac9ff386p-2, 0x1.ccccccccccccdp-1}, {27, 351, 0x1.0f760d1452473p-2, 0x1.c7ae147ae147bp-1},
      {28, 364, 0x1.0e9503af599f4p-2, 0x1.ca3d70a3d70a4p-1}, {29, 377, 0x1.0c2cb992b33a7p-2, 0x1.cb851eb851eb8p-1},
  };
  expect_pinned(nnviz::app::train_record(defaults(), never), pinned, false);
}

TEST(pinned_metrics, a_deeper_run_with_held_out_rows_bit_for_bit) {
  const nnviz::util::InterruptFlag never;
  nnviz::app::TrainRequest r = defaults();
  r.architecture.hidden = {8, 4};
  r.architecture.activations.assign(2, nnviz::model::Activation::parse("tanh"));
  r.validation_split = 0.25;
  r.training.epochs = 12;
  r.training.stop_loss = 0.0;
  const std::vector<Pinned> pinned = {
      {0, 0, 0x1.84b5c130e8277p-1, 0x1.eeeeeeeeeeeefp-2, 0x1.75ca6a233a85cp-1, 0x1.23d70a3d70a3dp-1},
      {1, 10, 0x1.25911d4bbe0a0p-1, 0x1.b851eb851eb85p-1, 0x1.22f869c8c7d25p-1, 0x1.c28f5c28f5c29p-1},
      {2, 20, 0x1.8ee47c05e2572p-2, 0x1.c962fc962fc96p-1, 0x1.79af6b72ee5fcp-2, 0x1.d1eb851eb851fp-1},
      {3, 30, 0x1.28a98c23536d6p-2, 0x1.cb17e4b17e4b1p-1, 0x1.252e82f7ac38cp-2, 0x1.c7ae147ae147bp-1},
      {4, 40, 0x1.1962a35d28213p-2, 0x1.ccccccccccccdp-1, 0x1.2dd6eaa085ed1p-2, 0x1.c7ae147ae147bp-1},
      {5, 50, 0x1.297e6596b6d21p-2, 0x1.c7ae147ae147bp-1, 0x1.25c29ac3a8984p-2, 0x1.ccccccccccccdp-1},
      {6, 60, 0x1.2623136cb3cd0p-2, 0x1.c5f92c5f92c60p-1, 0x1.257fe55fc38d2p-2, 0x1.ae147ae147ae1p-1},
      {7, 70, 0x1.2d2e945dc948ep-2, 0x1.c5f92c5f92c60p-1, 0x1.47d3170d3c5f8p-2, 0x1.c28f5c28f5c29p-1},
      {8, 80, 0x1.34446b52af4c5p-2, 0x1.c28f5c28f5c29p-1, 0x1.177554e16867cp-2, 0x1.c7ae147ae147bp-1},
      {9, 90, 0x1.41b3c7d42f5c6p-2, 0x1.c962fc962fc96p-1, 0x1.9629e08738091p-2, 0x1.bd70a3d70a3d7p-1},
      {10, 100, 0x1.0e927f4ee5c94p-2, 0x1.cb17e4b17e4b1p-1, 0x1.16714a7f61731p-2, 0x1.c28f5c28f5c29p-1},
      {11, 110, 0x1.0fc1c55d8337ep-2, 0x1.cb17e4b17e4b1p-1, 0x1.08bd607599029p-2, 0x1.d70a3d70a3d71p-1},
      {12, 120, 0x1.1c39370c5ba2cp-2, 0x1.c5f92c5f92c60p-1, 0x1.1ddee13cb60f2p-2, 0x1.b851eb851eb85p-1},
  };
  expect_pinned(nnviz::app::train_record(r, never), pinned, true);
}

}  // namespace
