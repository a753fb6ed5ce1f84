// gemm_f32's AVX2 + FMA build (compiled with -mavx2 -mfma).
#define NNVIZ_EIGEN_NS nnviz_eigen_avx2
#define NNVIZ_GEMM_NAME gemm_f32_avx2
#include "gemm_f32_kernel.inc"
