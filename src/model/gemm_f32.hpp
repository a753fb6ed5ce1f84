#pragma once
// C = A B for float matrices (column-major, Eigen's layout), the product that maps the mesh's
// points through a layer. On x86-64 it runs an Eigen built for the processor's widest vectors
// (gemm_f32_avx2.cpp, gemm_f32_avx512.cpp: two and four times the lanes of the SSE2 baseline the
// rest of nnviz is built for, with fused multiply-adds); elsewhere the baseline's Eigen. Picked
// once, at the first call, for products whose inner dimension is 32 or more (wide layers); the
// narrow ones keep the baseline's arithmetic. The builds round differently (fused
// multiply-adds), so a wide layer's float values may differ in their last bits from one
// processor to another; its pixels by one code value at most.
#include <Eigen/Core>

namespace nnviz::model {

// a (m, k), b (k, n) -> c (m, n); c is resized.
void gemm_f32(const Eigen::Ref<const Eigen::MatrixXf>& a, const Eigen::Ref<const Eigen::MatrixXf>& b,
              Eigen::MatrixXf& c);

enum class GemmBuild { baseline, avx2, avx512 };
// The build gemm_f32 runs on this processor.
GemmBuild gemm_f32_build();

}  // namespace nnviz::model
