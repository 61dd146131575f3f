/**
 * Plain-TypeScript kernels: the fallback backend and the ground truth the fast backends are tested
 * against. Loop orders keep the innermost loop on contiguous memory; k is unrolled by 4 so each pass
 * over a row of C does four multiply-adds per load/store of C.
 */
import type { Kernels } from './kernels.ts';

function scaleC(M: number, N: number, beta: number, C: Float32Array, ldc: number): void {
  if (beta === 1) return;
  for (let i = 0; i < M; i++) {
    const row = i * ldc;
    // beta 0 overwrites, so NaN/Inf already in C never leaks through (BLAS semantics)
    if (beta === 0) C.fill(0, row, row + N);
    else for (let j = 0; j < N; j++) C[row + j] *= beta;
  }
}

// C[i,:] += alpha · Σ_k a(i,k) · B[k,:], where a(i,k) = A[i*rowStride + k*colStride]
function rowTimesMatrix(
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: Float32Array,
  aRowStride: number,
  aColStride: number,
  B: Float32Array,
  ldb: number,
  C: Float32Array,
  ldc: number,
): void {
  for (let i = 0; i < M; i++) {
    const c = i * ldc;
    const a = i * aRowStride;
    let k = 0;
    for (; k + 4 <= K; k += 4) {
      const a0 = alpha * A[a + k * aColStride];
      const a1 = alpha * A[a + (k + 1) * aColStride];
      const a2 = alpha * A[a + (k + 2) * aColStride];
      const a3 = alpha * A[a + (k + 3) * aColStride];
      const b0 = k * ldb;
      const b1 = b0 + ldb;
      const b2 = b1 + ldb;
      const b3 = b2 + ldb;
      for (let j = 0; j < N; j++)
        C[c + j] += a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j] + a3 * B[b3 + j];
    }
    for (; k < K; k++) {
      const ak = alpha * A[a + k * aColStride];
      if (ak === 0) continue;
      const b = k * ldb;
      for (let j = 0; j < N; j++) C[c + j] += ak * B[b + j];
    }
  }
}

// C[i,j] += alpha · Σ_k a(i,k) · B[j*ldb + k]: rows of B are contiguous, so dot products
function rowDotRows(
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: Float32Array,
  aRowStride: number,
  aColStride: number,
  B: Float32Array,
  ldb: number,
  C: Float32Array,
  ldc: number,
): void {
  for (let i = 0; i < M; i++) {
    const a = i * aRowStride;
    const c = i * ldc;
    let j = 0;
    // four rows of B share each load of A
    for (; j + 4 <= N; j += 4) {
      const b0 = j * ldb;
      const b1 = b0 + ldb;
      const b2 = b1 + ldb;
      const b3 = b2 + ldb;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < K; k++) {
        const ak = A[a + k * aColStride];
        s0 += ak * B[b0 + k];
        s1 += ak * B[b1 + k];
        s2 += ak * B[b2 + k];
        s3 += ak * B[b3 + k];
      }
      C[c + j] += alpha * s0;
      C[c + j + 1] += alpha * s1;
      C[c + j + 2] += alpha * s2;
      C[c + j + 3] += alpha * s3;
    }
    for (; j < N; j++) {
      const b = j * ldb;
      let s = 0;
      for (let k = 0; k < K; k++) s += A[a + k * aColStride] * B[b + k];
      C[c + j] += alpha * s;
    }
  }
}

export const referenceKernels: Kernels = {
  name: 'reference',
  sgemm(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc) {
    scaleC(M, N, beta, C, ldc);
    if (M === 0 || N === 0 || K === 0 || alpha === 0) return;
    // op(A)(i,k) = A[i*lda + k] or, transposed, A[k*lda + i]
    const aRowStride = transA ? 1 : lda;
    const aColStride = transA ? lda : 1;
    if (transB) rowDotRows(M, N, K, alpha, A, aRowStride, aColStride, B, ldb, C, ldc);
    else rowTimesMatrix(M, N, K, alpha, A, aRowStride, aColStride, B, ldb, C, ldc);
  },
};
