#include "gemm_f32.hpp"

namespace nnviz::model {
namespace detail {
#if NNVIZ_GEMM_SIMD
void gemm_f32_avx2(const float* a, long m, long k, const float* b, long n, float* c);
void gemm_f32_avx512(const float* a, long m, long k, const float* b, long n, float* c);
#endif
}  // namespace detail

namespace {

constexpr Eigen::Index kWideInner = 32;

GemmBuild detect() {
#if NNVIZ_GEMM_SIMD
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return GemmBuild::avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return GemmBuild::avx2;
#endif
  return GemmBuild::baseline;
}

}  // namespace

GemmBuild gemm_f32_build() {
  static const GemmBuild build = detect();
  return build;
}

void gemm_f32(const Eigen::Ref<const Eigen::MatrixXf>& a, const Eigen::Ref<const Eigen::MatrixXf>& b,
              Eigen::MatrixXf& c) {
  c.resize(a.rows(), b.cols());
#if NNVIZ_GEMM_SIMD
  // The builds take contiguous operands (a Ref of a block may have an outer stride), and are worth
  // it for long inner products only: narrow layers (the notebook's 2-2-1, an 8-unit layer) keep
  // the baseline's arithmetic, so their frames are the same bits on every processor.
  if (a.cols() >= kWideInner && a.outerStride() == a.rows() && b.outerStride() == b.rows()) {
    switch (gemm_f32_build()) {
      case GemmBuild::avx512:
        detail::gemm_f32_avx512(a.data(), a.rows(), a.cols(), b.data(), b.cols(), c.data());
        return;
      case GemmBuild::avx2:
        detail::gemm_f32_avx2(a.data(), a.rows(), a.cols(), b.data(), b.cols(), c.data());
        return;
      case GemmBuild::baseline:
        break;
    }
  }
#endif
  c.noalias() = a * b;
}

}  // namespace nnviz::model
