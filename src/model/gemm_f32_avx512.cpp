// gemm_f32's AVX-512 build (compiled with -mavx512f -mavx512dq -mavx512vl -mavx2 -mfma).
#define NNVIZ_EIGEN_NS nnviz_eigen_avx512
#define NNVIZ_GEMM_NAME gemm_f32_avx512
#include "gemm_f32_kernel.inc"
