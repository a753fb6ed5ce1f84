#include "nnviz/model/network.hpp"

#include <cmath>
#include <string>
#include <utility>

#include "nnviz/util/error.hpp"
#include "nnviz/util/numpy_random.hpp"

// Samples are ROWS throughout (as in Keras): a batch X is (n, inputs), a layer maps
// (n, in) -> (n, out) by x W + b with W (in, out).
namespace nnviz::model {
namespace {

// keras/initializers: truncated normals are drawn within 2 std, so the std is divided by the
// std of a unit normal truncated to [-2, 2] to give the intended variance.
constexpr double truncated_std_correction = .87962566103423978;

// A standard normal truncated to [-2, 2] by redrawing, as TF's truncated_normal does.
double truncated_standard_normal(util::NumpyRandom& rng) {
  while (true) {
    const double z = rng.standard_normal();
    if (std::abs(z) <= 2.0) return z;
  }
}

// Keras VarianceScaling: glorot = (scale 1, fan_avg), he = (2, fan_in), lecun = (1, fan_in).
// uniform: U(-limit, limit), limit = sqrt(3 scale / n); normal: truncated, std sqrt(scale / n)
// / .8796...  Entries are drawn row by row of the (in, out) kernel (numpy's C order).
Eigen::MatrixXd draw_kernel(Init init, int fan_in, int fan_out, util::NumpyRandom& rng) {
  double scale = 1.0;
  double n = fan_in;
  bool uniform = true;
  switch (init) {
    case Init::glorot_uniform: n = 0.5 * (fan_in + fan_out); break;
    case Init::glorot_normal: n = 0.5 * (fan_in + fan_out); uniform = false; break;
    case Init::he_uniform: scale = 2.0; break;
    case Init::he_normal: scale = 2.0; uniform = false; break;
    case Init::lecun_uniform: break;
    case Init::lecun_normal: uniform = false; break;
  }
  Eigen::MatrixXd W(fan_in, fan_out);  // (in, out)
  const double limit = std::sqrt(3.0 * scale / n);
  const double stddev = std::sqrt(scale / n) / truncated_std_correction;
  for (int i = 0; i < fan_in; ++i) {
    for (int j = 0; j < fan_out; ++j) {
      W(i, j) = uniform ? rng.uniform(-limit, limit) : stddev * truncated_standard_normal(rng);
    }
  }
  return W;
}

void check_input(const Network& net, const Eigen::MatrixXd& X, const char* what) {
  if (net.layers.empty()) throw Error(std::string(what) + ": the network has no layers");
  if (X.cols() != net.layers.front().W.rows()) {
    throw Error(std::string(what) + ": input has " + std::to_string(X.cols()) + " columns, the network expects " +
                std::to_string(net.layers.front().W.rows()));
  }
}

// Layer i's activation: the hidden ones as configured, the output's always the sigmoid.
Activation activation_of(const Network& net, std::size_t i) {
  return i + 1 == net.layers.size() ? Activation{ActivationKind::sigmoid} : net.hidden_activations[i];
}

// z = input W + b into z's storage: (n, in) -> (n, out). forward() and logits() both use it, so
// the two give the same bits.
void affine(const Eigen::MatrixXd& input, const Dense& layer, Eigen::MatrixXd& z) {
  z.noalias() = input * layer.W;
  z.rowwise() += layer.b;
}

}  // namespace

int Network::parameter_count() const {
  int count = 0;
  for (const Dense& layer : layers) count += static_cast<int>(layer.W.size() + layer.b.size());
  return count;
}

const util::NameTable<Init>& init_table() {
  static const util::NameTable<Init> table("initializer", "init",
                                           {
                                               {Init::glorot_uniform, "glorot_uniform"},
                                               {Init::glorot_normal, "glorot_normal"},
                                               {Init::he_uniform, "he_uniform"},
                                               {Init::he_normal, "he_normal"},
                                               {Init::lecun_uniform, "lecun_uniform"},
                                               {Init::lecun_normal, "lecun_normal"},
                                           });
  return table;
}

Init parse_init(const std::string& name) { return init_table().parse(name); }

std::string init_name(Init init) { return init_table().name(init); }

const std::vector<std::string>& init_names() { return init_table().names(); }

Network make_network(const Architecture& arch, util::NumpyRandom& rng) {
  if (arch.inputs < 1) throw UsageError("the network needs at least one input");
  for (const int units : arch.hidden) {
    if (units < 1) throw UsageError("hidden", "every layer needs at least 1 unit (got " + std::to_string(units) + ")");
  }
  const std::size_t depth = arch.hidden.size();
  if (arch.activations.size() > 1 && arch.activations.size() != depth) {
    throw UsageError("activation", "give one activation for all hidden layers or one per layer (" +
                     std::to_string(depth) + "), not " + std::to_string(arch.activations.size()));
  }
  Network net;
  for (std::size_t i = 0; i < depth; ++i) {
    net.hidden_activations.push_back(arch.activations.empty()       ? Activation{}
                                     : arch.activations.size() == 1 ? arch.activations.front()
                                                                    : arch.activations[i]);
  }
  // Layers in order, input to output, each kernel's entries in row-major order; biases zero
  // and draw nothing. This is the documented draw order: a seed fixes the initial weights.
  int fan_in = arch.inputs;
  std::vector<int> units = arch.hidden;
  units.push_back(1);  // the sigmoid output
  for (const int fan_out : units) {
    Dense layer;
    layer.W = draw_kernel(arch.init, fan_in, fan_out, rng);  // (in, out)
    layer.b = Eigen::RowVectorXd::Zero(fan_out);                // (out)
    net.layers.push_back(std::move(layer));
    fan_in = fan_out;
  }
  return net;
}

ForwardPass forward(const Network& net, const Eigen::MatrixXd& X) {
  ForwardPass pass;
  forward(net, X, pass);
  return pass;
}

void forward(const Network& net, const Eigen::MatrixXd& X, ForwardPass& pass) {
  check_input(net, X, "forward");
  pass.pre.resize(net.layers.size());
  pass.post.resize(net.layers.size());
  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    const Eigen::MatrixXd& input = i == 0 ? X : pass.post[i - 1];  // (n, in)
    affine(input, net.layers[i], pass.pre[i]);                      // (n, out)
    pass.post[i] = activation_of(net, i).apply(pass.pre[i]);        // (n, out)
  }
}

Eigen::VectorXd predict(const Network& net, const Eigen::MatrixXd& X) {
  return forward(net, X).probabilities();
}

Eigen::VectorXd logits(const Network& net, const Eigen::MatrixXd& X) {
  check_input(net, X, "logits");
  Eigen::MatrixXd z;     // (n, out) of the current layer
  Eigen::MatrixXd post;  // (n, out) of the previous hidden layer
  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    affine(i == 0 ? X : post, net.layers[i], z);
    if (i + 1 < net.layers.size()) post = activation_of(net, i).apply(z);
  }
  return z.col(0);
}

Gradients backward(const Network& net, const ForwardPass& pass, const Eigen::MatrixXd& X,
                   const Eigen::VectorXd& y, double l2) {
  Gradients grads;
  BackwardBuffers buffers;
  backward(net, pass, X, y, l2, grads, buffers);
  return grads;
}

void backward(const Network& net, const ForwardPass& pass, const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
              double l2, Gradients& grads, BackwardBuffers& buffers) {
  const Eigen::Index n = X.rows();
  if (y.size() != n) throw Error("backward: " + std::to_string(y.size()) + " labels for " + std::to_string(n) + " rows");
  const std::size_t count = net.layers.size();
  grads.dW.resize(count);
  grads.db.resize(count);
  Eigen::MatrixXd& dz = buffers.dz;
  // d mean-BCE / d logit = (sigmoid(logit) - y) / n: the sigmoid's derivative cancels against
  // the log's, which is why the loss is taken from the logit.
  dz = (pass.post.back().col(0) - y) / static_cast<double>(n);  // (n, 1)
  for (std::size_t k = count; k-- > 0;) {
    const Eigen::MatrixXd& input = k == 0 ? X : pass.post[k - 1];  // (n, in)
    grads.dW[k].noalias() = input.transpose() * dz;                 // (in, out)
    if (l2 != 0.0) grads.dW[k] += 2.0 * l2 * net.layers[k].W;       // d l2*sum(W^2) / dW
    grads.db[k] = dz.colwise().sum();                               // (out)
    if (k == 0) break;
    buffers.d_post.noalias() = dz * net.layers[k].W.transpose();  // (n, in)
    const Eigen::MatrixXd slope = net.hidden_activations[k - 1].derivative(pass.pre[k - 1], pass.post[k - 1]);  // (n, in)
    dz = buffers.d_post.cwiseProduct(slope);  // (n, in)
  }
}

}  // namespace nnviz::model

namespace nnviz::model {

Network interpolate(const Network& a, const Network& b, double f) {
  if (a.layers.size() != b.layers.size()) throw Error("interpolate: the networks have different layer counts");
  Network out = a;
  for (std::size_t l = 0; l < a.layers.size(); ++l) {
    const Dense& x = a.layers[l];
    const Dense& y = b.layers[l];
    if (x.W.rows() != y.W.rows() || x.W.cols() != y.W.cols() || x.b.size() != y.b.size())
      throw Error("interpolate: layer " + std::to_string(l) + " has different shapes");
    out.layers[l].W = (1.0 - f) * x.W + f * y.W;
    out.layers[l].b = (1.0 - f) * x.b + f * y.b;
  }
  return out;
}

}  // namespace nnviz::model
