#include "nnviz/model/forward_float.hpp"

#include <string>

#include "gemm_f32.hpp"

#include "nnviz/util/error.hpp"

namespace nnviz::model {

ForwardPassF forward_float(const Network& net, const Eigen::MatrixXf& X) {
  if (net.layers.empty()) throw Error("forward_float: the network has no layers");
  if (X.cols() != net.layers.front().W.rows()) {
    throw Error("forward_float: input has " + std::to_string(X.cols()) + " columns, the network expects " +
                std::to_string(net.layers.front().W.rows()));
  }
  ForwardPassF pass;
  pass.pre.reserve(net.layers.size());
  pass.post.reserve(net.layers.size());
  const std::size_t last = net.layers.size() - 1;
  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    const Eigen::MatrixXf& input = i == 0 ? X : pass.post[i - 1];  // (n, in)
    const Dense& layer = net.layers[i];
    Eigen::MatrixXf z;
    gemm_f32(input, layer.W.cast<float>(), z);  // (n, out)
    z.rowwise() += layer.b.cast<float>();
    const Activation act = i == last ? Activation{ActivationKind::sigmoid} : net.hidden_activations[i];
    pass.post.push_back(act.apply_float(z));  // (n, out)
    pass.pre.push_back(std::move(z));
  }
  return pass;
}

}  // namespace nnviz::model
