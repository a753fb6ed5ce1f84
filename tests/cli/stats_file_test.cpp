// --stats FILE.csv: the file equals the histograms and fractions recomputed here, independently,
// from the saved run's JSON (its weights and its training data): the forward pass and the
// gradient of the loss (mean BCE + l2 * sum of squared kernels) written out by hand with Eigen.
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "cli_test_support.hpp"

namespace nnviz::cli_test {
namespace {
namespace fs = std::filesystem;

constexpr int bins = 40;

Eigen::MatrixXd matrix(const nlohmann::json& rows) {
  Eigen::MatrixXd m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows.at(0).size()));
  for (Eigen::Index r = 0; r < m.rows(); ++r)
    for (Eigen::Index c = 0; c < m.cols(); ++c) m(r, c) = rows.at(r).at(c).get<double>();
  return m;
}

Eigen::RowVectorXd row(const nlohmann::json& values) {
  Eigen::RowVectorXd v(static_cast<Eigen::Index>(values.size()));
  for (Eigen::Index i = 0; i < v.size(); ++i) v(i) = values.at(i).get<double>();
  return v;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

// Per frame, per layer: the three quantities' values, and the hidden layers' fractions.
struct Recomputed {
  std::vector<int> epochs;
  // values[frame][layer][quantity]
  std::vector<std::vector<std::array<std::vector<double>, 3>>> values;
  std::vector<std::vector<double>> fractions;  // [frame][hidden layer]
};

Recomputed recompute(const nlohmann::json& run) {
  const Eigen::MatrixXd X = matrix(run.at("train").at("X"));
  const Eigen::VectorXd y = row(run.at("train").at("y")).transpose();
  const double l2 = run.at("config").at("training").at("l2").get<double>();
  std::vector<std::string> acts;
  for (const auto& a : run.at("config").at("architecture").at("activations")) acts.push_back(a.at("name"));
  const double n = static_cast<double>(X.rows());
  Recomputed out;
  for (const auto& frame : run.at("frames")) {
    out.epochs.push_back(frame.at("epoch").get<int>());
    std::vector<Eigen::MatrixXd> W;
    std::vector<Eigen::RowVectorXd> b;
    for (const auto& layer : frame.at("layers")) {
      W.push_back(matrix(layer.at("kernel")));
      b.push_back(row(layer.at("bias")));
    }
    const std::size_t L = W.size();
    // Forward: Z_l = A_{l-1} W_l + b_l; hidden A_l = act(Z_l).
    std::vector<Eigen::MatrixXd> A{X}, Z;
    for (std::size_t l = 0; l < L; ++l) {
      Eigen::MatrixXd z = A.back() * W[l];
      for (Eigen::Index r = 0; r < z.rows(); ++r) z.row(r) += b[l];
      Z.push_back(z);
      if (l + 1 < L) A.push_back(acts[l] == "relu" ? Eigen::MatrixXd(z.cwiseMax(0.0)) : Eigen::MatrixXd(z.array().tanh()));
    }
    // Backward: d loss / d z_out = (sigmoid(z) - y) / n; the L2 term adds 2 l2 W to each kernel's gradient.
    std::vector<Eigen::MatrixXd> dW(L);
    std::vector<Eigen::RowVectorXd> db(L);
    Eigen::MatrixXd dz(X.rows(), 1);
    for (Eigen::Index i = 0; i < X.rows(); ++i) dz(i, 0) = (1.0 / (1.0 + std::exp(-Z.back()(i, 0))) - y(i)) / n;
    for (std::size_t l = L; l-- > 0;) {
      dW[l] = A[l].transpose() * dz + 2.0 * l2 * W[l];
      db[l] = dz.colwise().sum();
      if (l == 0) break;
      const Eigen::MatrixXd da = dz * W[l].transpose();
      const Eigen::MatrixXd& zp = Z[l - 1];
      Eigen::MatrixXd d(zp.rows(), zp.cols());
      for (Eigen::Index r = 0; r < zp.rows(); ++r)
        for (Eigen::Index c = 0; c < zp.cols(); ++c) {
          const double t = std::tanh(zp(r, c));
          d(r, c) = acts[l - 1] == "relu" ? (zp(r, c) > 0 ? 1.0 : 0.0) : 1.0 - t * t;
        }
      dz = da.cwiseProduct(d);
    }
    std::vector<std::array<std::vector<double>, 3>> values(L);
    std::vector<double> fractions;
    for (std::size_t l = 0; l < L; ++l) {
      for (double v : W[l].reshaped()) values[l][0].push_back(v);
      for (double v : b[l]) values[l][0].push_back(v);
      for (double v : Z[l].reshaped()) values[l][1].push_back(v);
      for (double v : dW[l].reshaped()) values[l][2].push_back(v);
      for (double v : db[l]) values[l][2].push_back(v);
      if (l + 1 == L) continue;
      int units = 0;
      for (Eigen::Index j = 0; j < Z[l].cols(); ++j) {
        if (acts[l] == "relu") {
          units += (Z[l].col(j).array() <= 0).all();
        } else {
          int saturated = 0;
          for (Eigen::Index i = 0; i < Z[l].rows(); ++i) saturated += std::abs(A[l + 1](i, j)) > 0.99;
          units += 2 * saturated > Z[l].rows();
        }
      }
      fractions.push_back(static_cast<double>(units) / static_cast<double>(Z[l].cols()));
    }
    out.values.push_back(std::move(values));
    out.fractions.push_back(std::move(fractions));
  }
  return out;
}

TEST(stats_file, equals_histograms_recomputed_from_the_saved_weights_and_data) {
  const fs::path dir = scratch("stats-file");
  const fs::path weights = dir / "run.json", stats = dir / "stats.csv", again = dir / "again.csv";
  const Outcome o = run({"train", "-q", "--dataset", "moons", "--samples", "80", "--hidden", "5,3", "--activation",
                         "relu,tanh", "--epochs", "8", "--lr", "0.05", "--l2", "0.01", "--no-video", "--save-weights",
                         weights.string(), "--stats", stats.string()});
  ASSERT_EQ(o.code, 0) << o.err;
  const nlohmann::json saved = nlohmann::json::parse(read(weights));
  const Recomputed r = recompute(saved);
  const std::size_t frames = r.epochs.size();
  ASSERT_EQ(frames, 9u);
  const std::size_t layers = r.values.front().size();
  ASSERT_EQ(layers, 3u);

  // Each layer's and quantity's bins: [-m, m] with m its largest magnitude over every frame.
  std::vector<std::array<double, 3>> m(layers, {0, 0, 0});
  for (const auto& f : r.values)
    for (std::size_t l = 0; l < layers; ++l)
      for (std::size_t q = 0; q < 3; ++q)
        for (double v : f[l][q]) m[l][q] = std::max(m[l][q], std::abs(v));

  std::istringstream csv(read(stats));
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "epoch,step,layer,layer_name,activation,quantity,bin_low,bin_high,value");
  // (epoch, layer, quantity) -> the rows' (low, high, value) in order.
  std::map<std::tuple<int, int, std::string>, std::vector<std::array<std::string, 3>>> rows;
  std::size_t count = 0;
  while (std::getline(csv, line)) {
    const std::vector<std::string> c = split(line);
    ASSERT_EQ(c.size(), 9u) << line;
    rows[{std::stoi(c[0]), std::stoi(c[2]), c[5]}].push_back({c[6], c[7], c[8]});
    const int layer = std::stoi(c[2]);
    EXPECT_EQ(c[3], layer == 3 ? "output" : "hidden" + c[2]);
    EXPECT_EQ(c[4], layer == 1 ? "relu" : layer == 2 ? "tanh" : "sigmoid");
    ++count;
  }
  // Per frame: 3 layers x 3 quantities x 40 bins, and one fraction row per hidden layer.
  EXPECT_EQ(count, frames * (3 * 3 * bins + 2));

  const char* names[3] = {"weights", "pre_activation", "gradient"};
  for (std::size_t f = 0; f < frames; ++f) {
    for (std::size_t l = 0; l < layers; ++l) {
      for (std::size_t q = 0; q < 3; ++q) {
        const auto it = rows.find({r.epochs[f], static_cast<int>(l) + 1, names[q]});
        ASSERT_NE(it, rows.end()) << "epoch " << r.epochs[f] << " layer " << l + 1 << " " << names[q];
        ASSERT_EQ(it->second.size(), static_cast<std::size_t>(bins));
        const double top = m[l][q] > 0 ? m[l][q] : 1.0;
        std::vector<long> expected(bins, 0);
        for (double v : r.values[f][l][q]) {
          const int k = static_cast<int>(std::floor((v + top) / (2 * top) * bins));
          ++expected[static_cast<std::size_t>(std::clamp(k, 0, bins - 1))];
        }
        for (int k = 0; k < bins; ++k) {
          const auto& cell = it->second[static_cast<std::size_t>(k)];
          EXPECT_NEAR(std::stod(cell[0]), -top + 2 * top * k / bins, 1e-12 * top);
          EXPECT_NEAR(std::stod(cell[1]), -top + 2 * top * (k + 1) / bins, 1e-12 * top);
          EXPECT_EQ(std::stol(cell[2]), expected[static_cast<std::size_t>(k)])
              << "epoch " << r.epochs[f] << " layer " << l + 1 << " " << names[q] << " bin " << k;
        }
      }
    }
    const auto dead = rows.find({r.epochs[f], 1, "dead_fraction"});
    const auto saturated = rows.find({r.epochs[f], 2, "saturated_fraction"});
    ASSERT_NE(dead, rows.end());
    ASSERT_NE(saturated, rows.end());
    EXPECT_DOUBLE_EQ(std::stod(dead->second.at(0)[2]), r.fractions[f][0]);
    EXPECT_DOUBLE_EQ(std::stod(saturated->second.at(0)[2]), r.fractions[f][1]);
    EXPECT_TRUE(dead->second.at(0)[0].empty() && dead->second.at(0)[1].empty());
  }

  // `render` computes the same file from the saved run alone.
  const Outcome again_o = run({"render", "-q", weights.string(), "--no-video", "--stats", again.string()});
  ASSERT_EQ(again_o.code, 0) << again_o.err;
  EXPECT_EQ(read(again), read(stats));
  fs::remove_all(dir);
}

TEST(stats_file, an_activation_without_a_fraction_leaves_the_value_empty) {
  const fs::path dir = scratch("stats-linear");
  const fs::path stats = dir / "s.csv";
  const Outcome o = run({"train", "-q", "--dataset", "moons", "--samples", "40", "--activation", "linear", "--epochs",
                         "1", "--no-video", "--stats", stats.string()});
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string text = read(stats);
  EXPECT_NE(text.find("\n0,0,1,hidden1,linear,fraction,,,\n"), std::string::npos) << text.substr(0, 400);
  fs::remove_all(dir);
}

TEST(stats_file, bad_values_name_the_flag) {
  const fs::path dir = scratch("stats-errors");
  const std::string json = (dir / "s.json").string(), csv = (dir / "s.csv").string();
  const Outcome j = run({"train", "-q", "--epochs", "1", "--no-video", "--stats", json});
  EXPECT_EQ(j.code, 2);
  EXPECT_NE(j.err.find("--stats"), std::string::npos) << j.err;
  const Outcome same = run({"train", "-q", "--epochs", "1", "--no-video", "--stats", csv, "--metrics", csv});
  EXPECT_EQ(same.code, 2);
  EXPECT_NE(same.err.find("--stats"), std::string::npos) << same.err;
  EXPECT_FALSE(fs::exists(csv));
  const Outcome folder = run({"train", "-q", "--epochs", "1", "--no-video", "--stats", dir.string()});
  EXPECT_EQ(folder.code, 2);
  EXPECT_NE(folder.err.find("--stats"), std::string::npos) << folder.err;
  // render: --stats with --epoch (one frame) is refused, naming --stats.
  const std::string weights = (dir / "w.json").string();
  ASSERT_EQ(run({"train", "-q", "--epochs", "1", "--no-video", "--save-weights", weights}).code, 0);
  const Outcome epoch = run({"render", "-q", weights, "--epoch", "1", "-o", (dir / "f.png").string(), "--stats", csv});
  EXPECT_EQ(epoch.code, 2);
  EXPECT_NE(epoch.err.find("--stats"), std::string::npos) << epoch.err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace nnviz::cli_test
