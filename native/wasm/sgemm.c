// Packed single-precision GEMM for wasm32 + SIMD128, row-major, BLAS argument conventions.
//
//   C[M×N] = alpha · op(A) · op(B) + beta · C
//   op(A) is M×K (stored K×M when transA), op(B) is K×N (stored N×K when transB);
//   lda/ldb/ldc are row strides in elements.
//
// GotoBLAS layout: B is packed in KC×NC blocks of NR-column panels, A in MC×KC blocks of MR-row
// panels, both k-major, so the 4×8 register tile reads both operands contiguously whatever the
// transposes were. The caller hands each thread its own workspace (sgemm_work_floats() floats):
// the code uses no linear-memory stack, so many threads can run it on one shared memory.
// A call never touches memory outside its operands and its workspace. Built by native/build-wasm.sh.

#include <wasm_simd128.h>

#define MR 4
#define NR 8
#define KC 256
#define MC 128
#define NC 1024
// Rows below this (with A not transposed) skip packing: decoding calls with M = batch size.
#ifndef SMALL_M
#define SMALL_M 4
#endif

#define MIN(a, b) ((a) < (b) ? (a) : (b))

// Workspace: packed A block, packed B block, one spill tile for ragged edges.
__attribute__((export_name("sgemm_work_floats"))) int sgemm_work_floats(void) {
  return MC * KC + KC * NC + MR * NR;
}

// C[M×N] *= beta, with beta = 0 writing zeros so NaN/Inf in an uninitialised C never leaks through.
static void scale_c(int M, int N, float beta, float *C, int ldc) {
  if (beta == 1.0f) return;
  const v128_t vb = wasm_f32x4_splat(beta);
  for (int i = 0; i < M; i++) {
    float *c = C + i * ldc;
    int j = 0;
    if (beta == 0.0f) {
      for (; j + 4 <= N; j += 4) wasm_v128_store(c + j, wasm_f32x4_splat(0.0f));
      for (; j < N; j++) c[j] = 0.0f;
    } else {
      for (; j + 4 <= N; j += 4) wasm_v128_store(c + j, wasm_f32x4_mul(wasm_v128_load(c + j), vb));
      for (; j < N; j++) c[j] *= beta;
    }
  }
}

// Packs the mc×kc block of op(A) starting at A into MR-row panels: pa[panel][k][r], zero-padded.
static void pack_a(int transA, int mc, int kc, const float *A, int lda, float *pa) {
  for (int ir = 0; ir < mc; ir += MR, pa += MR * kc) {
    const int mr = MIN(MR, mc - ir);
    if (transA) {
      // op(A)[ir + r][k] = A[k * lda + ir + r]: each k is one contiguous run of the panel's rows.
      const float *src = A + ir;
      if (mr == MR) {
        for (int k = 0; k < kc; k++) wasm_v128_store(pa + k * MR, wasm_v128_load(src + k * lda));
      } else {
        for (int k = 0; k < kc; k++)
          for (int r = 0; r < MR; r++) pa[k * MR + r] = r < mr ? src[k * lda + r] : 0.0f;
      }
    } else {
      // op(A)[ir + r][k] = A[(ir + r) * lda + k]: transpose 4×4 blocks of rows into k-major order.
      const float *src = A + ir * lda;
      int k = 0;
      if (mr == MR) {
        const float *r0 = src, *r1 = src + lda, *r2 = src + 2 * lda, *r3 = src + 3 * lda;
        for (; k + 4 <= kc; k += 4) {
          const v128_t a0 = wasm_v128_load(r0 + k), a1 = wasm_v128_load(r1 + k);
          const v128_t a2 = wasm_v128_load(r2 + k), a3 = wasm_v128_load(r3 + k);
          const v128_t t0 = wasm_i32x4_shuffle(a0, a1, 0, 4, 1, 5);
          const v128_t t1 = wasm_i32x4_shuffle(a2, a3, 0, 4, 1, 5);
          const v128_t t2 = wasm_i32x4_shuffle(a0, a1, 2, 6, 3, 7);
          const v128_t t3 = wasm_i32x4_shuffle(a2, a3, 2, 6, 3, 7);
          wasm_v128_store(pa + k * MR + 0, wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5));
          wasm_v128_store(pa + k * MR + 4, wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7));
          wasm_v128_store(pa + k * MR + 8, wasm_i32x4_shuffle(t2, t3, 0, 1, 4, 5));
          wasm_v128_store(pa + k * MR + 12, wasm_i32x4_shuffle(t2, t3, 2, 3, 6, 7));
        }
      }
      for (; k < kc; k++)
        for (int r = 0; r < MR; r++) pa[k * MR + r] = r < mr ? src[r * lda + k] : 0.0f;
    }
  }
}

// Packs the kc×nc block of op(B) starting at B into NR-column panels: pb[panel][k][c], zero-padded.
static void pack_b(int transB, int kc, int nc, const float *B, int ldb, float *pb) {
  for (int jr = 0; jr < nc; jr += NR, pb += NR * kc) {
    const int nr = MIN(NR, nc - jr);
    if (!transB) {
      // op(B)[k][jr + c] = B[k * ldb + jr + c]: each k is one contiguous run of the panel's columns.
      const float *src = B + jr;
      if (nr == NR) {
        for (int k = 0; k < kc; k++) {
          wasm_v128_store(pb + k * NR, wasm_v128_load(src + k * ldb));
          wasm_v128_store(pb + k * NR + 4, wasm_v128_load(src + k * ldb + 4));
        }
      } else {
        for (int k = 0; k < kc; k++)
          for (int c = 0; c < NR; c++) pb[k * NR + c] = c < nr ? src[k * ldb + c] : 0.0f;
      }
    } else {
      // op(B)[k][jr + c] = B[(jr + c) * ldb + k]: transpose 4×4 blocks, two column groups per panel.
      const float *src = B + jr * ldb;
      int k = 0;
      if (nr == NR) {
        for (; k + 4 <= kc; k += 4) {
          for (int g = 0; g < 2; g++) {
            const float *s = src + 4 * g * ldb + k;
            const v128_t b0 = wasm_v128_load(s), b1 = wasm_v128_load(s + ldb);
            const v128_t b2 = wasm_v128_load(s + 2 * ldb), b3 = wasm_v128_load(s + 3 * ldb);
            const v128_t t0 = wasm_i32x4_shuffle(b0, b1, 0, 4, 1, 5);
            const v128_t t1 = wasm_i32x4_shuffle(b2, b3, 0, 4, 1, 5);
            const v128_t t2 = wasm_i32x4_shuffle(b0, b1, 2, 6, 3, 7);
            const v128_t t3 = wasm_i32x4_shuffle(b2, b3, 2, 6, 3, 7);
            float *d = pb + k * NR + 4 * g;
            wasm_v128_store(d, wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5));
            wasm_v128_store(d + NR, wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7));
            wasm_v128_store(d + 2 * NR, wasm_i32x4_shuffle(t2, t3, 0, 1, 4, 5));
            wasm_v128_store(d + 3 * NR, wasm_i32x4_shuffle(t2, t3, 2, 3, 6, 7));
          }
        }
      }
      for (; k < kc; k++)
        for (int c = 0; c < NR; c++) pb[k * NR + c] = c < nr ? src[c * ldb + k] : 0.0f;
    }
  }
}

static inline void add_row(float *c, v128_t lo, v128_t hi, v128_t va) {
  wasm_v128_store(c, wasm_f32x4_add(wasm_v128_load(c), wasm_f32x4_mul(lo, va)));
  wasm_v128_store(c + 4, wasm_f32x4_add(wasm_v128_load(c + 4), wasm_f32x4_mul(hi, va)));
}

// C[mr×nr] += alpha · (packed A panel) · (packed B panel); a ragged tile goes through `edge`.
static void kernel_4x8(int kc, const float *pa, const float *pb, float alpha, float *C, int ldc, int mr,
                       int nr, float *edge) {
  v128_t c00 = wasm_f32x4_splat(0.0f), c01 = c00, c10 = c00, c11 = c00;
  v128_t c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int k = 0; k < kc; k++, pa += MR, pb += NR) {
    const v128_t b0 = wasm_v128_load(pb), b1 = wasm_v128_load(pb + 4);
    v128_t a = wasm_v128_load32_splat(pa);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a, b0));
    c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a, b1));
    a = wasm_v128_load32_splat(pa + 1);
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a, b0));
    c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a, b1));
    a = wasm_v128_load32_splat(pa + 2);
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a, b0));
    c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a, b1));
    a = wasm_v128_load32_splat(pa + 3);
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a, b0));
    c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a, b1));
  }
  const v128_t va = wasm_f32x4_splat(alpha);
  if (mr == MR && nr == NR) {
    add_row(C, c00, c01, va);
    add_row(C + ldc, c10, c11, va);
    add_row(C + 2 * ldc, c20, c21, va);
    add_row(C + 3 * ldc, c30, c31, va);
    return;
  }
  wasm_v128_store(edge + 0, wasm_f32x4_mul(c00, va));
  wasm_v128_store(edge + 4, wasm_f32x4_mul(c01, va));
  wasm_v128_store(edge + 8, wasm_f32x4_mul(c10, va));
  wasm_v128_store(edge + 12, wasm_f32x4_mul(c11, va));
  wasm_v128_store(edge + 16, wasm_f32x4_mul(c20, va));
  wasm_v128_store(edge + 20, wasm_f32x4_mul(c21, va));
  wasm_v128_store(edge + 24, wasm_f32x4_mul(c30, va));
  wasm_v128_store(edge + 28, wasm_f32x4_mul(c31, va));
  for (int r = 0; r < mr; r++)
    for (int c = 0; c < nr; c++) C[r * ldc + c] += edge[r * NR + c];
}

static inline float hsum(v128_t v) {
  return wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1) + wasm_f32x4_extract_lane(v, 2) +
         wasm_f32x4_extract_lane(v, 3);
}

// Few rows, A not transposed: stream B directly, since packing it would cost as much as the product.
static void small_m(int transB, int M, int N, int K, float alpha, const float *A, int lda, const float *B,
                    int ldb, float *C, int ldc) {
  const v128_t va = wasm_f32x4_splat(alpha);
  for (int i = 0; i < M; i++) {
    const float *a = A + i * lda;
    float *c = C + i * ldc;
    if (!transB) {
      // c[j..j+16] += alpha · Σ_k a[k] · B[k][j..j+16]
      int j = 0;
      for (; j + 16 <= N; j += 16) {
        v128_t s0 = wasm_f32x4_splat(0.0f), s1 = s0, s2 = s0, s3 = s0;
        const float *b = B + j;
        for (int k = 0; k < K; k++, b += ldb) {
          const v128_t ak = wasm_f32x4_splat(a[k]);
          s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(ak, wasm_v128_load(b)));
          s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(ak, wasm_v128_load(b + 4)));
          s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(ak, wasm_v128_load(b + 8)));
          s3 = wasm_f32x4_add(s3, wasm_f32x4_mul(ak, wasm_v128_load(b + 12)));
        }
        wasm_v128_store(c + j, wasm_f32x4_add(wasm_v128_load(c + j), wasm_f32x4_mul(s0, va)));
        wasm_v128_store(c + j + 4, wasm_f32x4_add(wasm_v128_load(c + j + 4), wasm_f32x4_mul(s1, va)));
        wasm_v128_store(c + j + 8, wasm_f32x4_add(wasm_v128_load(c + j + 8), wasm_f32x4_mul(s2, va)));
        wasm_v128_store(c + j + 12, wasm_f32x4_add(wasm_v128_load(c + j + 12), wasm_f32x4_mul(s3, va)));
      }
      for (; j + 4 <= N; j += 4) {
        v128_t s = wasm_f32x4_splat(0.0f);
        const float *b = B + j;
        for (int k = 0; k < K; k++, b += ldb) s = wasm_f32x4_add(s, wasm_f32x4_mul(wasm_f32x4_splat(a[k]), wasm_v128_load(b)));
        wasm_v128_store(c + j, wasm_f32x4_add(wasm_v128_load(c + j), wasm_f32x4_mul(s, va)));
      }
      for (; j < N; j++) {
        float s = 0.0f;
        for (int k = 0; k < K; k++) s += a[k] * B[k * ldb + j];
        c[j] += alpha * s;
      }
    } else {
      // c[j] += alpha · dot(a, B[j]): both rows contiguous.
      for (int j = 0; j < N; j++) {
        const float *b = B + j * ldb;
        v128_t s0 = wasm_f32x4_splat(0.0f), s1 = s0;
        int k = 0;
        for (; k + 8 <= K; k += 8) {
          s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(a + k), wasm_v128_load(b + k)));
          s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(wasm_v128_load(a + k + 4), wasm_v128_load(b + k + 4)));
        }
        float s = hsum(wasm_f32x4_add(s0, s1));
        for (; k < K; k++) s += a[k] * b[k];
        c[j] += alpha * s;
      }
    }
  }
}

// Lane q of the result is the sum of the four lanes of s_q.
static inline v128_t hsum4(v128_t s0, v128_t s1, v128_t s2, v128_t s3) {
  const v128_t t0 = wasm_f32x4_add(wasm_i32x4_shuffle(s0, s1, 0, 4, 1, 5), wasm_i32x4_shuffle(s0, s1, 2, 6, 3, 7));
  const v128_t t1 = wasm_f32x4_add(wasm_i32x4_shuffle(s2, s3, 0, 4, 1, 5), wasm_i32x4_shuffle(s2, s3, 2, 6, 3, 7));
  return wasm_f32x4_add(wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5), wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7));
}

// Few rows times Bᵀ (decoding's x·Wᵀ): two rows of A against four rows of B at a time, eight dot
// products sharing every load, so B is streamed once per pair of rows and never packed.
static void small_m_nt(int M, int N, int K, float alpha, const float *A, int lda, const float *B, int ldb,
                       float *C, int ldc) {
  const v128_t va = wasm_f32x4_splat(alpha);
  int i = 0;
  for (; i + 2 <= M; i += 2) {
    const float *a0 = A + i * lda, *a1 = a0 + lda;
    float *c0 = C + i * ldc, *c1 = c0 + ldc;
    int j = 0;
    for (; j + 4 <= N; j += 4) {
      const float *b0 = B + j * ldb, *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
      v128_t s00 = wasm_f32x4_splat(0.0f), s01 = s00, s02 = s00, s03 = s00;
      v128_t s10 = s00, s11 = s00, s12 = s00, s13 = s00;
      int k = 0;
      for (; k + 4 <= K; k += 4) {
        const v128_t x0 = wasm_v128_load(a0 + k), x1 = wasm_v128_load(a1 + k);
        v128_t y = wasm_v128_load(b0 + k);
        s00 = wasm_f32x4_add(s00, wasm_f32x4_mul(x0, y));
        s10 = wasm_f32x4_add(s10, wasm_f32x4_mul(x1, y));
        y = wasm_v128_load(b1 + k);
        s01 = wasm_f32x4_add(s01, wasm_f32x4_mul(x0, y));
        s11 = wasm_f32x4_add(s11, wasm_f32x4_mul(x1, y));
        y = wasm_v128_load(b2 + k);
        s02 = wasm_f32x4_add(s02, wasm_f32x4_mul(x0, y));
        s12 = wasm_f32x4_add(s12, wasm_f32x4_mul(x1, y));
        y = wasm_v128_load(b3 + k);
        s03 = wasm_f32x4_add(s03, wasm_f32x4_mul(x0, y));
        s13 = wasm_f32x4_add(s13, wasm_f32x4_mul(x1, y));
      }
      v128_t r0 = hsum4(s00, s01, s02, s03), r1 = hsum4(s10, s11, s12, s13);
      for (; k < K; k++) {
        const v128_t y = wasm_f32x4_make(b0[k], b1[k], b2[k], b3[k]);
        r0 = wasm_f32x4_add(r0, wasm_f32x4_mul(wasm_f32x4_splat(a0[k]), y));
        r1 = wasm_f32x4_add(r1, wasm_f32x4_mul(wasm_f32x4_splat(a1[k]), y));
      }
      wasm_v128_store(c0 + j, wasm_f32x4_add(wasm_v128_load(c0 + j), wasm_f32x4_mul(r0, va)));
      wasm_v128_store(c1 + j, wasm_f32x4_add(wasm_v128_load(c1 + j), wasm_f32x4_mul(r1, va)));
    }
    if (j < N) small_m(1, 2, N - j, K, alpha, a0, lda, B + j * ldb, ldb, c0 + j, ldc);
  }
  if (i < M) small_m(1, 1, N, K, alpha, A + i * lda, lda, B, ldb, C + i * ldc, ldc);
}

__attribute__((export_name("sgemm"))) void sgemm(int transA, int transB, int M, int N, int K, float alpha,
                                                 const float *A, int lda, const float *B, int ldb,
                                                 float beta, float *C, int ldc, float *work) {
  if (M <= 0 || N <= 0) return;
  scale_c(M, N, beta, C, ldc);
  if (K <= 0 || alpha == 0.0f) return;
  if (M < SMALL_M && !transA) {
    if (transB) small_m_nt(M, N, K, alpha, A, lda, B, ldb, C, ldc);
    else small_m(0, M, N, K, alpha, A, lda, B, ldb, C, ldc);
    return;
  }
  float *pa = work;
  float *pb = work + MC * KC;
  float *edge = pb + KC * NC;
  for (int jc = 0; jc < N; jc += NC) {
    const int nc = MIN(NC, N - jc);
    for (int pc = 0; pc < K; pc += KC) {
      const int kc = MIN(KC, K - pc);
      pack_b(transB, kc, nc, transB ? B + jc * ldb + pc : B + pc * ldb + jc, ldb, pb);
      for (int ic = 0; ic < M; ic += MC) {
        const int mc = MIN(MC, M - ic);
        pack_a(transA, mc, kc, transA ? A + pc * lda + ic : A + ic * lda + pc, lda, pa);
        for (int jr = 0; jr < nc; jr += NR)
          for (int ir = 0; ir < mc; ir += MR)
            kernel_4x8(kc, pa + ir * kc, pb + jr * kc, alpha, C + (ic + ir) * ldc + jc + jr, ldc,
                       MIN(MR, mc - ir), MIN(NR, nc - jr), edge);
      }
    }
  }
}
