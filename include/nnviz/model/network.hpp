#pragma once
// A multilayer perceptron for binary classification of 2-D points: Dense layers, one
// activation per hidden layer, a 1-unit sigmoid output.
#include <Eigen/Core>
#include <string>
#include <vector>

#include "nnviz/model/activation.hpp"
#include "nnviz/util/names.hpp"

namespace nnviz::util {
class NumpyRandom;
}

namespace nnviz::model {

struct Dense {
  Eigen::MatrixXd W;     // (in, out): Keras kernel layout [input][unit]
  Eigen::RowVectorXd b;  // (out)
};

struct Network {
  std::vector<Dense> layers;                   // hidden layers, then the output layer (1 unit)
  std::vector<Activation> hidden_activations;  // one per hidden layer; the output is sigmoid

  [[nodiscard]] int hidden_count() const { return static_cast<int>(hidden_activations.size()); }
  [[nodiscard]] int parameter_count() const;
};

enum class Init { glorot_uniform, glorot_normal, he_uniform, he_normal, lecun_uniform, lecun_normal };
// Keras names, any case (util/names.hpp); UsageError (field "init") listing them otherwise.
const util::NameTable<Init>& init_table();
Init parse_init(const std::string& name);
std::string init_name(Init init);
const std::vector<std::string>& init_names();

struct Architecture {
  int inputs = 2;
  std::vector<int> hidden{2};           // units per hidden layer, e.g. {8, 8, 4}
  std::vector<Activation> activations;  // one per hidden layer, or one for all
  Init init = Init::glorot_uniform;     // kernels; biases are zero (Keras defaults)
};

// (1 - f) a + f b, weight by weight: the network between two snapshots of one run (same shapes
// and activations; nnviz::Error otherwise). f = 0 gives a, f = 1 gives b.
Network interpolate(const Network& a, const Network& b, double f);

// Kernels drawn from `rng` with the Keras formula of `arch.init`, layer by layer.
Network make_network(const Architecture& arch, util::NumpyRandom& rng);

// Every layer's values for a batch, kept for backprop and for the pictures.
struct ForwardPass {
  std::vector<Eigen::MatrixXd> pre;   // per layer (n, units): x W + b
  std::vector<Eigen::MatrixXd> post;  // per layer (n, units): activation(pre); output: sigmoid
  [[nodiscard]] Eigen::VectorXd logits() const { return pre.back().col(0); }
  [[nodiscard]] Eigen::VectorXd probabilities() const { return post.back().col(0); }
};

ForwardPass forward(const Network& net, const Eigen::MatrixXd& X);  // X (n, inputs)
// The same into `pass`, reusing its matrices (X must not be one of them). A loop that keeps
// one ForwardPass allocates only the activations' results once the batch shape repeats.
void forward(const Network& net, const Eigen::MatrixXd& X, ForwardPass& pass);
Eigen::VectorXd predict(const Network& net, const Eigen::MatrixXd& X);  // (n) P(class 1)
// (n) forward(net, X).logits(), equal to the last bit, without keeping the layers' values and
// without the output's sigmoid: all the loss and the accuracy need.
Eigen::VectorXd logits(const Network& net, const Eigen::MatrixXd& X);

struct Gradients {
  std::vector<Eigen::MatrixXd> dW;     // same shapes as Network::layers[i].W
  std::vector<Eigen::RowVectorXd> db;  // same shapes as Network::layers[i].b
};

// Gradients of loss(...) (mean BCE over the batch + l2 * sum of squared kernels, as Keras'
// kernel_regularizer adds it) with respect to every parameter.
Gradients backward(const Network& net, const ForwardPass& pass, const Eigen::MatrixXd& X,
                   const Eigen::VectorXd& y, double l2 = 0.0);

// The error signals backward() passes down, layer by layer; kept between calls by a training
// loop so that they are not reallocated every batch.
struct BackwardBuffers {
  Eigen::MatrixXd dz;      // (n, out): d loss / d (x W + b) of the layer being differentiated
  Eigen::MatrixXd d_post;  // (n, in): d loss / d (its input), the layer below's output
};
// The same as backward() above, equal to the last bit, into `grads` and `buffers`, reusing
// their storage.
void backward(const Network& net, const ForwardPass& pass, const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
              double l2, Gradients& grads, BackwardBuffers& buffers);

}  // namespace nnviz::model
