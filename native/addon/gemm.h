// cblas_sgemm split over the pool: each part computes a block of C's columns (or of its rows when C is
// taller than wide) with a single-threaded OpenBLAS call. The split depends only on the shape and the
// thread count, so a run is reproducible; another thread count may differ by rounding (OpenBLAS can
// pick another inner kernel for a narrower block).
#ifndef CASCADE_GEMM_H
#define CASCADE_GEMM_H

#include <stdbool.h>

typedef struct {
  bool ta, tb;
  int M, N, K;
  float alpha, beta;
  const float *A, *B;
  float *C;
  int lda, ldb, ldc;
} gemm_args;

// C = alpha · op(A) · op(B) + beta · C (row-major), over up to `parts` threads.
void gemm(const gemm_args *args, int parts);

#endif
