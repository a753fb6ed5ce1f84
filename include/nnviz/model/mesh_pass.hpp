#pragma once
// The mesh's pass through a network, for pictures: its points in chunks of rows, the chunks on
// several threads when the network is wide, each layer's values of a chunk handed to a visitor
// and then dropped. A frame of a 1024-unit network maps ~48,000 points through 1024x1024
// products: as whole matrices that is 200 MB a layer (400 MB in double), in chunks a few MB a
// thread, and the visitor keeps only what the frame shows (two projected coordinates, a few
// units' values).
#include <Eigen/Core>
#include <functional>

#include "nnviz/model/network.hpp"

namespace nnviz::model {

// Called once per (chunk, layer), layers in order within a chunk: `pre` and `post` (rows, units)
// are the values of points [first_row, first_row + rows) at layer `layer` (the output layer
// last). Chunks run concurrently on different threads: a visitor must only write what belongs to
// its rows.
template <typename Scalar>
using ChunkVisitor = std::function<void(int layer, Eigen::Index first_row,
                                        const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& pre,
                                        const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& post)>;

// In float (gemm_f32, apply_float: what frames use) and in double (forward's arithmetic, row for
// row). `threads` 0: as pass_threads says.
void stream_forward_float(const Network& net, const Eigen::MatrixXd& points, const ChunkVisitor<float>& visit,
                          int threads = 0);
void stream_forward(const Network& net, const Eigen::MatrixXd& points, const ChunkVisitor<double>& visit,
                    int threads = 0);

// The threads a pass of `rows` points uses by default: one, unless the pass is long enough
// (several million multiply-adds) to gain from the machine's cores.
int pass_threads(const Network& net, Eigen::Index rows);

// The rows of a chunk: about a megabyte of floats at the widest layer, at least 256 rows.
Eigen::Index pass_chunk_rows(const Network& net);

}  // namespace nnviz::model
