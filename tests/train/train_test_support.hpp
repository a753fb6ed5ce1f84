#pragma once
// Test-only readers: the blobs CSV (X0,X1,y) and Keras-layout weights from the golden JSON.
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "nnviz/data/dataset.hpp"
#include "nnviz/model/network.hpp"
#include "nnviz/util/json.hpp"

namespace nnviz::test {

// A minimal reader for the repository's data/*.csv (header line, then x0,x1,label rows); the
// real, validating reader belongs to the data module.
inline data::Dataset read_blobs_csv(const std::string& path, int max_rows = -1) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);  // header
  std::vector<double> values;
  int rows = 0;
  while ((max_rows < 0 || rows < max_rows) && std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream fields(line);
    std::string field;
    while (std::getline(fields, field, ',')) values.push_back(std::stod(field));
    ++rows;
  }
  data::Dataset out;
  out.name = "blobs";
  out.X.resize(rows, 2);  // (n, 2)
  out.y.resize(rows);     // (n)
  for (int i = 0; i < rows; ++i) {
    out.X(i, 0) = values[3 * i];
    out.X(i, 1) = values[3 * i + 1];
    out.y(i) = values[3 * i + 2];
  }
  return out;
}

inline Eigen::MatrixXd json_matrix(const util::Json& rows) {
  const auto n = static_cast<Eigen::Index>(rows.size());
  const auto m = static_cast<Eigen::Index>(rows.at(0).size());
  Eigen::MatrixXd out(n, m);  // (rows, cols) as written
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < m; ++j) out(i, j) = rows.at(i).at(j).get<double>();
  }
  return out;
}

inline Eigen::RowVectorXd json_row(const util::Json& values) {
  Eigen::RowVectorXd out(static_cast<Eigen::Index>(values.size()));  // (n)
  for (Eigen::Index i = 0; i < out.size(); ++i) out(i) = values.at(i).get<double>();
  return out;
}

inline Eigen::VectorXd json_vector(const util::Json& values) { return json_row(values).transpose(); }

// {"dense_1": {"kernel": [[..]], "bias": [..]}, "dense_2": ...}: Keras kernels are (in, out),
// the same layout as model::Dense::W.
inline model::Network json_network(const util::Json& weights, const std::string& activation) {
  model::Network net;
  for (const auto& [name, layer] : weights.items()) {
    model::Dense dense;
    dense.W = json_matrix(layer.at("kernel"));
    dense.b = json_row(layer.at("bias"));
    net.layers.push_back(dense);
  }
  for (std::size_t i = 0; i + 1 < net.layers.size(); ++i) net.hidden_activations.push_back(model::Activation::parse(activation));
  return net;
}

// Same layout for gradients.
inline model::Gradients json_gradients(const util::Json& grads) {
  model::Gradients out;
  for (const auto& [name, layer] : grads.items()) {
    out.dW.push_back(json_matrix(layer.at("kernel")));
    out.db.push_back(json_row(layer.at("bias")));
  }
  return out;
}

}  // namespace nnviz::test
