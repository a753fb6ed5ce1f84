#include "nnviz/model/mesh_pass.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gemm_f32.hpp"
#include "nnviz/util/error.hpp"

namespace nnviz::model {
namespace {

Eigen::Index widest(const Network& net) {
  Eigen::Index w = 2;
  for (const Dense& d : net.layers) w = std::max({w, d.W.rows(), d.W.cols()});
  return w;
}

double macs_per_point(const Network& net) {
  double macs = 0;
  for (const Dense& d : net.layers) macs += static_cast<double>(d.W.rows()) * static_cast<double>(d.W.cols());
  return macs;
}

template <typename Scalar>
using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

// The weights in the pass's precision, rounded once per pass.
template <typename Scalar>
struct Weights {
  std::vector<Matrix<Scalar>> W;
  std::vector<Eigen::Matrix<Scalar, 1, Eigen::Dynamic>> b;
  explicit Weights(const Network& net) {
    for (const Dense& d : net.layers) {
      W.push_back(d.W.cast<Scalar>());
      b.push_back(d.b.cast<Scalar>());
    }
  }
};

template <typename Scalar>
void run_chunk(const Network& net, const Weights<Scalar>& w, const Eigen::MatrixXd& points, Eigen::Index first,
               Eigen::Index rows, const ChunkVisitor<Scalar>& visit) {
  Matrix<Scalar> input = points.middleRows(first, rows).template cast<Scalar>();
  const std::size_t last = net.layers.size() - 1;
  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    Matrix<Scalar> z;
    if constexpr (std::is_same_v<Scalar, float>) {
      gemm_f32(input, w.W[i], z);
    } else {
      z.noalias() = input * w.W[i];  // forward()'s product
    }
    z.rowwise() += w.b[i];
    const Activation act = i == last ? Activation{ActivationKind::sigmoid} : net.hidden_activations[i];
    Matrix<Scalar> a;
    if constexpr (std::is_same_v<Scalar, float>) {
      a = act.apply_float(z);
    } else {
      a = act.apply(z);
    }
    visit(static_cast<int>(i), first, z, a);
    input = std::move(a);
  }
}

template <typename Scalar>
void stream(const Network& net, const Eigen::MatrixXd& points, const ChunkVisitor<Scalar>& visit, int threads) {
  if (net.layers.empty()) throw Error("mesh pass: the network has no layers");
  if (points.cols() != net.layers.front().W.rows())
    throw Error("mesh pass: the points have " + std::to_string(points.cols()) + " columns, the network expects " +
                std::to_string(net.layers.front().W.rows()));
  const Weights<Scalar> w(net);
  const Eigen::Index n = points.rows();
  const Eigen::Index chunk = pass_chunk_rows(net);
  const Eigen::Index chunks = (n + chunk - 1) / chunk;
  if (threads <= 0) threads = pass_threads(net, n);
  threads = static_cast<int>(std::min<Eigen::Index>(threads, std::max<Eigen::Index>(1, chunks)));
  if (threads <= 1) {
    for (Eigen::Index c = 0; c < chunks; ++c)
      run_chunk<Scalar>(net, w, points, c * chunk, std::min(chunk, n - c * chunk), visit);
    return;
  }
  // Chunks handed out in order from a counter; the first exception stops the others.
  std::atomic<Eigen::Index> next{0};
  std::exception_ptr failure;
  std::mutex failure_lock;
  const auto work = [&] {
    for (Eigen::Index c = next++; c < chunks; c = next++) {
      try {
        run_chunk<Scalar>(net, w, points, c * chunk, std::min(chunk, n - c * chunk), visit);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(failure_lock);
        if (!failure) failure = std::current_exception();
        next = chunks;
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

Eigen::Index pass_chunk_rows(const Network& net) {
  return std::max<Eigen::Index>(256, (Eigen::Index{1} << 18) / widest(net));
}

int pass_threads(const Network& net, Eigen::Index rows) {
  // Below ~20 million multiply-adds (the notebook's 2-2-1 over its mesh is 0.3 million) a pass
  // takes milliseconds: threads would cost more than they give.
  if (macs_per_point(net) * static_cast<double>(rows) < 2e7) return 1;
  const unsigned cores = std::thread::hardware_concurrency();
  return static_cast<int>(std::clamp(cores, 1U, 16U));
}

void stream_forward_float(const Network& net, const Eigen::MatrixXd& points, const ChunkVisitor<float>& visit,
                          int threads) {
  stream<float>(net, points, visit, threads);
}

void stream_forward(const Network& net, const Eigen::MatrixXd& points, const ChunkVisitor<double>& visit,
                    int threads) {
  stream<double>(net, points, visit, threads);
}

}  // namespace nnviz::model
