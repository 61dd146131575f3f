// See gemm.h. OpenBLAS itself runs single-threaded (binding.c sets it): its own threads spin for a long
// time after each call and took the second core from the decode-attention kernel that follows.
#include "gemm.h"

#include <cblas.h>
#include <stddef.h>

#include "pool.h"

// Below this many multiply-adds one thread is faster than waking another (about 10 µs of work).
#define PARALLEL_MIN_MACS (1L << 17)
#define ALIGN 16  // split points on whole SIMD tiles

static int split_rows(const gemm_args *g) { return g->M > g->N; }

static void gemm_part(void *raw, int part, int parts) {
  const gemm_args *g = raw;
  const int extent = split_rows(g) ? g->M : g->N;
  int chunk = (extent + parts - 1) / parts;
  chunk = (chunk + ALIGN - 1) / ALIGN * ALIGN;
  const int from = part * chunk;
  const int to = from + chunk < extent ? from + chunk : extent;
  if (to <= from) return;
  const float *A = g->A, *B = g->B;
  float *C = g->C;
  int M = g->M, N = g->N;
  if (split_rows(g)) {
    A += g->ta ? (size_t)from : (size_t)from * g->lda;
    C += (size_t)from * g->ldc;
    M = to - from;
  } else {
    B += g->tb ? (size_t)from * g->ldb : (size_t)from;
    C += from;
    N = to - from;
  }
  if (M == 1) {
    // one row (batch-1 decoding): a matrix-vector product; OpenBLAS's sgemm would pack the weights first
    const int incx = g->ta ? g->lda : 1;
    if (g->tb)
      cblas_sgemv(CblasRowMajor, CblasNoTrans, N, g->K, g->alpha, B, g->ldb, A, incx, g->beta, C, 1);
    else
      cblas_sgemv(CblasRowMajor, CblasTrans, g->K, N, g->alpha, B, g->ldb, A, incx, g->beta, C, 1);
    return;
  }
  cblas_sgemm(CblasRowMajor, g->ta ? CblasTrans : CblasNoTrans, g->tb ? CblasTrans : CblasNoTrans, M, N, g->K,
              g->alpha, A, g->lda, B, g->ldb, g->beta, C, g->ldc);
}

void gemm(const gemm_args *g, int parts) {
  if ((long)g->M * g->N * g->K < PARALLEL_MIN_MACS) parts = 1;
  if (parts <= 1) {
    gemm_part((void *)g, 0, 1);
    return;
  }
  pool_run(gemm_part, (void *)g, parts);
}
