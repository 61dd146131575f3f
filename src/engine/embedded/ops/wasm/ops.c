// Fused elementwise kernels of the embedded engine for wasm32 + SIMD128: the same equations as the
// TypeScript ops beside this folder (rmsnorm.ts, swiglu.ts, softmax.ts, adamw.ts), plus decode
// attention over the KV cache. Pointers are byte addresses in the shared memory the engine's arena
// lives in; every kernel reads and writes only its operands. No data segment and no linear-memory
// stack (only scalars in locals), so the module can be instantiated on a memory whose every byte
// belongs to someone else. Built by build.sh beside this file.

#include <wasm_simd128.h>

typedef v128_t f4;

static inline f4 splat(float x) { return wasm_f32x4_splat(x); }
static inline float hsum(f4 v) {
  return wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1) + wasm_f32x4_extract_lane(v, 2) +
         wasm_f32x4_extract_lane(v, 3);
}
static inline float hmax(f4 v) {
  float a = wasm_f32x4_extract_lane(v, 0), b = wasm_f32x4_extract_lane(v, 1);
  float c = wasm_f32x4_extract_lane(v, 2), d = wasm_f32x4_extract_lane(v, 3);
  a = a > b ? a : b;
  c = c > d ? c : d;
  return a > c ? a : c;
}

// e^x in float32 (Cephes expf): x = n·ln2 + r, |r| ≤ ln2/2, e^r by a degree-6 polynomial, 2^n through
// the exponent bits. Relative error about 2e-7; inputs are clamped to [-87.3, 88.7] (no inf, no denormals).
static inline f4 exp4(f4 x) {
  x = wasm_f32x4_min(wasm_f32x4_max(x, splat(-87.3f)), splat(88.7f));
  f4 n = wasm_f32x4_nearest(wasm_f32x4_mul(x, splat(1.44269504088896341f)));
  f4 r = wasm_f32x4_sub(x, wasm_f32x4_mul(n, splat(0.693359375f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, splat(-2.12194440e-4f)));
  f4 p = splat(1.9875691500e-4f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), splat(1.3981999507e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), splat(8.3334519073e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), splat(4.1665795894e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), splat(1.6666665459e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), splat(5.0000001201e-1f));
  f4 y = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, r), r), r), splat(1.0f));
  f4 scale = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(y, scale);
}

static inline float exp1(float x) { return wasm_f32x4_extract_lane(exp4(splat(x)), 0); }

static inline f4 load_tail(const float *p, int count) {
  f4 v = splat(0.0f);
  if (count > 0) v = wasm_f32x4_replace_lane(v, 0, p[0]);
  if (count > 1) v = wasm_f32x4_replace_lane(v, 1, p[1]);
  if (count > 2) v = wasm_f32x4_replace_lane(v, 2, p[2]);
  return v;
}

// ---- SwiGLU: h = g·σ(g)·u; σ(g) saved. Backward accumulates.
__attribute__((export_name("swiglu_fwd"))) void swiglu_fwd(float *h, float *sig, const float *gate,
                                                            const float *up, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    f4 g = wasm_v128_load(gate + i);
    f4 s = wasm_f32x4_div(splat(1.0f), wasm_f32x4_add(splat(1.0f), exp4(wasm_f32x4_neg(g))));
    wasm_v128_store(sig + i, s);
    wasm_v128_store(h + i, wasm_f32x4_mul(wasm_f32x4_mul(g, s), wasm_v128_load(up + i)));
  }
  for (; i < n; i++) {
    float s = 1.0f / (1.0f + exp1(-gate[i]));
    sig[i] = s;
    h[i] = gate[i] * s * up[i];
  }
}

__attribute__((export_name("swiglu_bwd"))) void swiglu_bwd(float *dgate, float *dup, const float *dh,
                                                            const float *gate, const float *up,
                                                            const float *sig, int n) {
  int i = 0;
  const f4 one = splat(1.0f);
  for (; i + 4 <= n; i += 4) {
    f4 g = wasm_v128_load(gate + i), s = wasm_v128_load(sig + i), d = wasm_v128_load(dh + i);
    f4 ds = wasm_f32x4_mul(s, wasm_f32x4_add(one, wasm_f32x4_mul(g, wasm_f32x4_sub(one, s))));
    wasm_v128_store(dgate + i, wasm_f32x4_add(wasm_v128_load(dgate + i),
                                              wasm_f32x4_mul(wasm_f32x4_mul(d, wasm_v128_load(up + i)), ds)));
    wasm_v128_store(dup + i, wasm_f32x4_add(wasm_v128_load(dup + i), wasm_f32x4_mul(d, wasm_f32x4_mul(g, s))));
  }
  for (; i < n; i++) {
    float g = gate[i], s = sig[i], d = dh[i];
    dgate[i] += d * up[i] * s * (1.0f + g * (1.0f - s));
    dup[i] += d * g * s;
  }
}

// ---- RMSNorm over rows of C (C a multiple of 4). out may be x: a row is read before it is written.
__attribute__((export_name("rmsnorm_fwd"))) void rmsnorm_fwd(float *out, float *rstd, const float *x,
                                                              const float *w, int N, int C, float eps) {
  for (int n = 0; n < N; n++) {
    const float *xr = x + n * C;
    float *o = out + n * C;
    f4 acc = splat(0.0f);
    for (int c = 0; c < C; c += 4) {
      f4 v = wasm_v128_load(xr + c);
      acc = wasm_f32x4_add(acc, wasm_f32x4_mul(v, v));
    }
    float r = 1.0f / __builtin_sqrtf(hsum(acc) / (float)C + eps);
    rstd[n] = r;
    f4 vr = splat(r);
    for (int c = 0; c < C; c += 4)
      wasm_v128_store(o + c, wasm_f32x4_mul(wasm_f32x4_mul(wasm_v128_load(xr + c), vr), wasm_v128_load(w + c)));
  }
}

// dx += dout·w·r − x·r³·(Σ dout·w·x)/C;  dw += dout·x·r (both accumulate)
__attribute__((export_name("rmsnorm_bwd"))) void rmsnorm_bwd(float *dx, float *dw, const float *dout,
                                                              const float *x, const float *w,
                                                              const float *rstd, int N, int C) {
  for (int n = 0; n < N; n++) {
    const float *g = dout + n * C, *xr = x + n * C;
    float *d = dx + n * C;
    float r = rstd[n];
    f4 acc = splat(0.0f);
    for (int c = 0; c < C; c += 4)
      acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_f32x4_mul(wasm_v128_load(g + c), wasm_v128_load(w + c)),
                                               wasm_v128_load(xr + c)));
    f4 k = splat(r * r * r * hsum(acc) / (float)C);
    f4 vr = splat(r);
    for (int c = 0; c < C; c += 4) {
      f4 gv = wasm_v128_load(g + c), xv = wasm_v128_load(xr + c);
      wasm_v128_store(dw + c, wasm_f32x4_add(wasm_v128_load(dw + c), wasm_f32x4_mul(wasm_f32x4_mul(gv, xv), vr)));
      f4 t = wasm_f32x4_sub(wasm_f32x4_mul(wasm_f32x4_mul(gv, wasm_v128_load(w + c)), vr), wasm_f32x4_mul(xv, k));
      wasm_v128_store(d + c, wasm_f32x4_add(wasm_v128_load(d + c), t));
    }
  }
}

// ---- softmax of one row of `len` entries in place; returns nothing, entries beyond len untouched.
static void softmax_row(float *row, int len) {
  int j = 0;
  f4 vmax = splat(-3.4e38f);
  for (; j + 4 <= len; j += 4) vmax = wasm_f32x4_max(vmax, wasm_v128_load(row + j));
  float max = hmax(vmax);
  for (; j < len; j++) max = row[j] > max ? row[j] : max;
  f4 vm = splat(max), vsum = splat(0.0f);
  for (j = 0; j + 4 <= len; j += 4) {
    f4 e = exp4(wasm_f32x4_sub(wasm_v128_load(row + j), vm));
    wasm_v128_store(row + j, e);
    vsum = wasm_f32x4_add(vsum, e);
  }
  float sum = hsum(vsum);
  for (; j < len; j++) {
    row[j] = exp1(row[j] - max);
    sum += row[j];
  }
  f4 inv = splat(1.0f / sum);
  for (j = 0; j + 4 <= len; j += 4) wasm_v128_store(row + j, wasm_f32x4_mul(wasm_v128_load(row + j), inv));
  float s = 1.0f / sum;
  for (; j < len; j++) row[j] *= s;
}

// ---- causal softmax of an (L, L) block with row stride ld; probs may be scores.
__attribute__((export_name("causal_softmax_fwd"))) void causal_softmax_fwd(float *probs, const float *scores,
                                                                            int L, int ld) {
  for (int i = 0; i < L; i++) {
    float *p = probs + i * ld;
    const float *s = scores + i * ld;
    if (p != s)
      for (int j = 0; j <= i; j++) p[j] = s[j];
    softmax_row(p, i + 1);
    for (int j = i + 1; j < L; j++) p[j] = 0.0f;
  }
}

// dscores = probs ∘ (dprobs − Σ probs·dprobs), written (may alias dprobs)
__attribute__((export_name("causal_softmax_bwd"))) void causal_softmax_bwd(float *dscores, const float *dprobs,
                                                                            const float *probs, int L, int ld) {
  for (int i = 0; i < L; i++) {
    const float *p = probs + i * ld, *dp = dprobs + i * ld;
    float *ds = dscores + i * ld;
    int len = i + 1, j = 0;
    f4 acc = splat(0.0f);
    for (; j + 4 <= len; j += 4) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(p + j), wasm_v128_load(dp + j)));
    float dot = hsum(acc);
    for (; j < len; j++) dot += p[j] * dp[j];
    f4 vd = splat(dot);
    for (j = 0; j + 4 <= len; j += 4)
      wasm_v128_store(ds + j, wasm_f32x4_mul(wasm_v128_load(p + j), wasm_f32x4_sub(wasm_v128_load(dp + j), vd)));
    for (; j < len; j++) ds[j] = p[j] * (dp[j] - dot);
    for (j = len; j < L; j++) ds[j] = 0.0f;
  }
}

// ---- AdamW over [0, n): decoupled decay, bias corrections folded into stepSize and c2sqrt.
__attribute__((export_name("adamw"))) void adamw(float *params, const float *grads, float *m, float *v, int n,
                                                  float beta1, float beta2, float eps, float decay,
                                                  float stepSize, float c2sqrt) {
  const f4 b1 = splat(beta1), b2 = splat(beta2), ob1 = splat(1.0f - beta1), ob2 = splat(1.0f - beta2);
  const f4 dec = splat(decay), ss = splat(stepSize), inv2 = splat(1.0f / c2sqrt), ve = splat(eps);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    f4 g = wasm_v128_load(grads + i);
    f4 mi = wasm_f32x4_add(wasm_f32x4_mul(b1, wasm_v128_load(m + i)), wasm_f32x4_mul(ob1, g));
    f4 vi = wasm_f32x4_add(wasm_f32x4_mul(b2, wasm_v128_load(v + i)), wasm_f32x4_mul(ob2, wasm_f32x4_mul(g, g)));
    wasm_v128_store(m + i, mi);
    wasm_v128_store(v + i, vi);
    f4 denom = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_sqrt(vi), inv2), ve);
    f4 p = wasm_f32x4_mul(wasm_v128_load(params + i), dec);
    wasm_v128_store(params + i, wasm_f32x4_sub(p, wasm_f32x4_div(wasm_f32x4_mul(ss, mi), denom)));
  }
  for (; i < n; i++) {
    float g = grads[i];
    float mi = beta1 * m[i] + (1.0f - beta1) * g;
    float vi = beta2 * v[i] + (1.0f - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    params[i] = params[i] * decay - (stepSize * mi) / (__builtin_sqrtf(vi) / c2sqrt + eps);
  }
}

// Σ x² in double: float32 partial sums of 256 elements, added up in double.
__attribute__((export_name("sum_squares"))) double sum_squares(const float *x, int n) {
  double total = 0.0;
  int i = 0;
  while (i + 4 <= n) {
    f4 acc = splat(0.0f);
    int end = i + 256 <= n ? i + 256 : n - (n - i) % 4;
    for (; i < end; i += 4) {
      f4 v = wasm_v128_load(x + i);
      acc = wasm_f32x4_add(acc, wasm_f32x4_mul(v, v));
    }
    total += (double)hsum(acc);
  }
  for (; i < n; i++) total += (double)x[i] * (double)x[i];
  return total;
}

__attribute__((export_name("scale"))) void scale(float *x, int n, float c) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(x + i, wasm_f32x4_mul(wasm_v128_load(x + i), splat(c)));
  for (; i < n; i++) x[i] *= c;
}

// ---- RoPE in place on N rows of `heads` heads of D floats (D/2 even): pair (i, i + D/2) of a row at position
// p becomes (a·c − b·s, b·c + a·s) with c, s = cos/sin[p·D/2 + i] (s negated by sign = −1 for the backward).
// Computed in float64 and rounded once to float32, exactly as the TypeScript op (rope.ts) does, so both
// give the same bits; the tables are (positions, D/2) float32.
typedef v128_t d2;
static inline d2 lo2(const float *p) { return wasm_f64x2_promote_low_f32x4(wasm_v128_load64_zero(p)); }
__attribute__((export_name("rope"))) void rope(float *x, const int *positions, int N, int heads, int D,
                                                const float *cos, const float *sin, float sign) {
  const int half = D / 2;
  const d2 sg = wasm_f64x2_splat((double)sign);
  for (int n = 0; n < N; n++) {
    const float *c = cos + positions[n] * half, *s = sin + positions[n] * half;
    for (int h = 0; h < heads; h++) {
      float *lo = x + (n * heads + h) * D, *hi = lo + half;
      int i = 0;
      for (; i + 4 <= half; i += 4) {
        const f4 c4 = wasm_v128_load(c + i), s4 = wasm_v128_load(s + i);
        const f4 a4 = wasm_v128_load(lo + i), b4 = wasm_v128_load(hi + i);
        f4 out_a[2], out_b[2];
        for (int j = 0; j < 2; j++) {
          // lanes 2j, 2j+1 of each as float64
          const f4 cj = j ? wasm_i32x4_shuffle(c4, c4, 2, 3, 2, 3) : c4;
          const f4 sj = j ? wasm_i32x4_shuffle(s4, s4, 2, 3, 2, 3) : s4;
          const f4 aj = j ? wasm_i32x4_shuffle(a4, a4, 2, 3, 2, 3) : a4;
          const f4 bj = j ? wasm_i32x4_shuffle(b4, b4, 2, 3, 2, 3) : b4;
          const d2 cv = wasm_f64x2_promote_low_f32x4(cj);
          const d2 sv = wasm_f64x2_mul(sg, wasm_f64x2_promote_low_f32x4(sj));
          const d2 a = wasm_f64x2_promote_low_f32x4(aj), b = wasm_f64x2_promote_low_f32x4(bj);
          out_a[j] = wasm_f32x4_demote_f64x2_zero(wasm_f64x2_sub(wasm_f64x2_mul(a, cv), wasm_f64x2_mul(b, sv)));
          out_b[j] = wasm_f32x4_demote_f64x2_zero(wasm_f64x2_add(wasm_f64x2_mul(b, cv), wasm_f64x2_mul(a, sv)));
        }
        wasm_v128_store(lo + i, wasm_i32x4_shuffle(out_a[0], out_a[1], 0, 1, 4, 5));
        wasm_v128_store(hi + i, wasm_i32x4_shuffle(out_b[0], out_b[1], 0, 1, 4, 5));
      }
      for (; i < half; i += 2) {
        const d2 cv = lo2(c + i), sv = wasm_f64x2_mul(sg, lo2(s + i));
        const d2 a = lo2(lo + i), b = lo2(hi + i);
        const d2 ra = wasm_f64x2_sub(wasm_f64x2_mul(a, cv), wasm_f64x2_mul(b, sv));
        const d2 rb = wasm_f64x2_add(wasm_f64x2_mul(b, cv), wasm_f64x2_mul(a, sv));
        wasm_v128_store64_lane(lo + i, wasm_f32x4_demote_f64x2_zero(ra), 0);
        wasm_v128_store64_lane(hi + i, wasm_f32x4_demote_f64x2_zero(rb), 0);
      }
    }
  }
}

// ---- decode attention for A rows over the KV cache (D a multiple of 4).
// rows[2a] = the row's first cache float (cache is (rows, capacity, KVD)), rows[2a+1] = span (positions
// 0..span-1 are filled). q, y: (A, H·D). Query head h reads kv head h / (H/KVH). scores: ≥ H·span floats
// (2·span are used). The query heads sharing a kv head go two at a time, each key and value vector loaded
// once per pair. Per head, the arithmetic and its order are those of one head alone.
// (Measured on the 3.7M model at batch 64: this kernel waits on the cache's memory traffic, not on
// arithmetic; reading each row's keys/values in position blocks shared by all heads was slower.)

// the four lane sums of a, b, c, d as one vector
static inline f4 reduce4(f4 a, f4 b, f4 c, f4 d) {
  f4 ab = wasm_f32x4_add(wasm_i32x4_shuffle(a, b, 0, 4, 1, 5), wasm_i32x4_shuffle(a, b, 2, 6, 3, 7));
  f4 cd = wasm_f32x4_add(wasm_i32x4_shuffle(c, d, 0, 4, 1, 5), wasm_i32x4_shuffle(c, d, 2, 6, 3, 7));
  return wasm_f32x4_add(wasm_i32x4_shuffle(ab, cd, 0, 1, 4, 5), wasm_i32x4_shuffle(ab, cd, 2, 3, 6, 7));
}

static inline float dot(const float *x, const float *y, int D) {
  f4 acc = splat(0.0f);
  for (int d = 0; d < D; d += 4) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(x + d), wasm_v128_load(y + d)));
  return hsum(acc);
}

// one query head: s = q·k_t · scale over the span, softmax, y = Σ_t p_t · v_t
static inline __attribute__((always_inline)) void attend1(const float *qh, const float *k, const float *v,
                                                         float *yh, float *s, int span, int KVD, int D,
                                                         float scale) {
  const f4 vs = splat(scale);
  int t = 0;
  for (; t + 4 <= span; t += 4) {
    const float *k0 = k + t * KVD, *k1 = k0 + KVD, *k2 = k1 + KVD, *k3 = k2 + KVD;
    f4 a0 = splat(0.0f), a1 = splat(0.0f), a2 = splat(0.0f), a3 = splat(0.0f);
    for (int d = 0; d < D; d += 4) {
      f4 qv = wasm_v128_load(qh + d);
      a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(qv, wasm_v128_load(k0 + d)));
      a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(qv, wasm_v128_load(k1 + d)));
      a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(qv, wasm_v128_load(k2 + d)));
      a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(qv, wasm_v128_load(k3 + d)));
    }
    wasm_v128_store(s + t, wasm_f32x4_mul(reduce4(a0, a1, a2, a3), vs));
  }
  for (; t < span; t++) s[t] = dot(qh, k + t * KVD, D) * scale;
  softmax_row(s, span);
  // 16 output floats held in registers across all positions
  int d = 0;
  for (; d + 16 <= D; d += 16) {
    f4 y0 = splat(0.0f), y1 = splat(0.0f), y2 = splat(0.0f), y3 = splat(0.0f);
    const float *vt = v + d;
    for (t = 0; t < span; t++, vt += KVD) {
      const f4 p = splat(s[t]);
      y0 = wasm_f32x4_add(y0, wasm_f32x4_mul(p, wasm_v128_load(vt)));
      y1 = wasm_f32x4_add(y1, wasm_f32x4_mul(p, wasm_v128_load(vt + 4)));
      y2 = wasm_f32x4_add(y2, wasm_f32x4_mul(p, wasm_v128_load(vt + 8)));
      y3 = wasm_f32x4_add(y3, wasm_f32x4_mul(p, wasm_v128_load(vt + 12)));
    }
    wasm_v128_store(yh + d, y0);
    wasm_v128_store(yh + d + 4, y1);
    wasm_v128_store(yh + d + 8, y2);
    wasm_v128_store(yh + d + 12, y3);
  }
  for (; d < D; d += 4) {
    f4 y0 = splat(0.0f);
    const float *vt = v + d;
    for (t = 0; t < span; t++, vt += KVD) y0 = wasm_f32x4_add(y0, wasm_f32x4_mul(splat(s[t]), wasm_v128_load(vt)));
    wasm_v128_store(yh + d, y0);
  }
}

// two query heads on the same kv head (q1 = q0 + D, y1 = y0 + D), scores in s and s + span
static inline __attribute__((always_inline)) void attend2(const float *q0, const float *k, const float *v,
                                                         float *y0h, float *s, int span, int KVD, int D,
                                                         float scale) {
  const float *q1 = q0 + D;
  float *y1h = y0h + D, *s1 = s + span;
  const f4 vs = splat(scale);
  int t = 0;
  for (; t + 4 <= span; t += 4) {
    const float *k0 = k + t * KVD, *k1 = k0 + KVD, *k2 = k1 + KVD, *k3 = k2 + KVD;
    f4 a0 = splat(0.0f), a1 = splat(0.0f), a2 = splat(0.0f), a3 = splat(0.0f);
    f4 b0 = splat(0.0f), b1 = splat(0.0f), b2 = splat(0.0f), b3 = splat(0.0f);
    for (int d = 0; d < D; d += 4) {
      f4 qa = wasm_v128_load(q0 + d), qb = wasm_v128_load(q1 + d);
      f4 kv0 = wasm_v128_load(k0 + d), kv1 = wasm_v128_load(k1 + d);
      f4 kv2 = wasm_v128_load(k2 + d), kv3 = wasm_v128_load(k3 + d);
      a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(qa, kv0));
      a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(qa, kv1));
      a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(qa, kv2));
      a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(qa, kv3));
      b0 = wasm_f32x4_add(b0, wasm_f32x4_mul(qb, kv0));
      b1 = wasm_f32x4_add(b1, wasm_f32x4_mul(qb, kv1));
      b2 = wasm_f32x4_add(b2, wasm_f32x4_mul(qb, kv2));
      b3 = wasm_f32x4_add(b3, wasm_f32x4_mul(qb, kv3));
    }
    wasm_v128_store(s + t, wasm_f32x4_mul(reduce4(a0, a1, a2, a3), vs));
    wasm_v128_store(s1 + t, wasm_f32x4_mul(reduce4(b0, b1, b2, b3), vs));
  }
  for (; t < span; t++) {
    s[t] = dot(q0, k + t * KVD, D) * scale;
    s1[t] = dot(q1, k + t * KVD, D) * scale;
  }
  softmax_row(s, span);
  softmax_row(s1, span);
  int d = 0;
  for (; d + 16 <= D; d += 16) {
    f4 y0 = splat(0.0f), y1 = splat(0.0f), y2 = splat(0.0f), y3 = splat(0.0f);
    f4 z0 = splat(0.0f), z1 = splat(0.0f), z2 = splat(0.0f), z3 = splat(0.0f);
    const float *vt = v + d;
    for (t = 0; t < span; t++, vt += KVD) {
      const f4 p = splat(s[t]), r = splat(s1[t]);
      f4 v0 = wasm_v128_load(vt), v1 = wasm_v128_load(vt + 4);
      f4 v2 = wasm_v128_load(vt + 8), v3 = wasm_v128_load(vt + 12);
      y0 = wasm_f32x4_add(y0, wasm_f32x4_mul(p, v0));
      y1 = wasm_f32x4_add(y1, wasm_f32x4_mul(p, v1));
      y2 = wasm_f32x4_add(y2, wasm_f32x4_mul(p, v2));
      y3 = wasm_f32x4_add(y3, wasm_f32x4_mul(p, v3));
      z0 = wasm_f32x4_add(z0, wasm_f32x4_mul(r, v0));
      z1 = wasm_f32x4_add(z1, wasm_f32x4_mul(r, v1));
      z2 = wasm_f32x4_add(z2, wasm_f32x4_mul(r, v2));
      z3 = wasm_f32x4_add(z3, wasm_f32x4_mul(r, v3));
    }
    wasm_v128_store(y0h + d, y0);
    wasm_v128_store(y0h + d + 4, y1);
    wasm_v128_store(y0h + d + 8, y2);
    wasm_v128_store(y0h + d + 12, y3);
    wasm_v128_store(y1h + d, z0);
    wasm_v128_store(y1h + d + 4, z1);
    wasm_v128_store(y1h + d + 8, z2);
    wasm_v128_store(y1h + d + 12, z3);
  }
  for (; d < D; d += 4) {
    f4 y0 = splat(0.0f), z0 = splat(0.0f);
    const float *vt = v + d;
    for (t = 0; t < span; t++, vt += KVD) {
      f4 vv = wasm_v128_load(vt);
      y0 = wasm_f32x4_add(y0, wasm_f32x4_mul(splat(s[t]), vv));
      z0 = wasm_f32x4_add(z0, wasm_f32x4_mul(splat(s1[t]), vv));
    }
    wasm_v128_store(y0h + d, y0);
    wasm_v128_store(y1h + d, z0);
  }
}

__attribute__((export_name("decode_attention"))) void decode_attention(const float *q, float *y, const float *keys,
                                                                        const float *values, const int *rows, int A,
                                                                        int H, int KVH, int D, float scale,
                                                                        float *scores) {
  const int KVD = KVH * D, group = H / KVH;
  for (int a = 0; a < A; a++) {
    const int base = rows[2 * a], span = rows[2 * a + 1];
    for (int g = 0; g < KVH; g++) {
      const float *k = keys + base + g * D;
      const float *v = values + base + g * D;
      int j = 0;
      for (; j + 2 <= group; j += 2) {
        const int h = g * group + j;
        attend2(q + (a * H + h) * D, k, v, y + (a * H + h) * D, scores, span, KVD, D, scale);
      }
      if (j < group) {
        const int h = g * group + j;
        attend1(q + (a * H + h) * D, k, v, y + (a * H + h) * D, scores, span, KVD, D, scale);
      }
    }
  }
}

// ---- sampling weights for A rows of V logits: weights = e^((l − max)·invT); stats per row (4 floats):
// max, argmax (first of equals), Σ e^(l − max) (untempered, for the log-probability), Σ weights.
__attribute__((export_name("token_weights"))) void token_weights(const float *logits, float *weights, float *stats,
                                                                  int A, int V, float invT) {
  for (int a = 0; a < A; a++) {
    const float *l = logits + a * V;
    float *w = weights + a * V;
    float max = l[0];
    int argmax = 0;
    for (int v = 1; v < V; v++)
      if (l[v] > max) {
        max = l[v];
        argmax = v;
      }
    const f4 vm = splat(max), vt = splat(invT);
    f4 s0 = splat(0.0f), s1 = splat(0.0f);
    int v = 0;
    for (; v + 4 <= V; v += 4) {
      f4 x = wasm_f32x4_sub(wasm_v128_load(l + v), vm);
      f4 e = exp4(x);
      s0 = wasm_f32x4_add(s0, e);
      if (invT != 1.0f) e = exp4(wasm_f32x4_mul(x, vt));
      s1 = wasm_f32x4_add(s1, e);
      wasm_v128_store(w + v, e);
    }
    float sum = hsum(s0), total = hsum(s1);
    for (; v < V; v++) {
      float e = exp1(l[v] - max);
      sum += e;
      if (invT != 1.0f) e = exp1((l[v] - max) * invT);
      total += e;
      w[v] = e;
    }
    stats[4 * a] = max;
    stats[4 * a + 1] = (float)argmax;
    stats[4 * a + 2] = sum;
    stats[4 * a + 3] = total;
  }
}

// ---- token log-probabilities of R logits rows, logp = l[target] − max − log Σ e^(l − max), finished by the
// caller (there is no log here): parts[2r] = l[target] − max, parts[2r+1] = Σ e^(l − max). With dlogprobs
// (not 0), each row is replaced by its gradient dlogprobs[r]·(onehot(target) − softmax(l)), in place.
__attribute__((export_name("token_logprobs"))) void token_logprobs(float *parts, float *logits,
                                                                    const float *dlogprobs, const int *targets,
                                                                    int R, int V) {
  for (int r = 0; r < R; r++) {
    float *l = logits + r * V;
    const int target = targets[r];
    int v = 0;
    f4 vmax = splat(-3.4e38f);
    for (; v + 4 <= V; v += 4) vmax = wasm_f32x4_max(vmax, wasm_v128_load(l + v));
    float max = hmax(vmax);
    for (; v < V; v++) max = l[v] > max ? l[v] : max;
    const float targetLogit = l[target];
    const f4 vm = splat(max);
    f4 vsum = splat(0.0f);
    if (!dlogprobs) {
      for (v = 0; v + 4 <= V; v += 4) vsum = wasm_f32x4_add(vsum, exp4(wasm_f32x4_sub(wasm_v128_load(l + v), vm)));
      float sum = hsum(vsum);
      for (; v < V; v++) sum += exp1(l[v] - max);
      parts[2 * r] = targetLogit - max;
      parts[2 * r + 1] = sum;
      continue;
    }
    for (v = 0; v + 4 <= V; v += 4) {
      f4 e = exp4(wasm_f32x4_sub(wasm_v128_load(l + v), vm));
      wasm_v128_store(l + v, e);
      vsum = wasm_f32x4_add(vsum, e);
    }
    float sum = hsum(vsum);
    for (; v < V; v++) {
      l[v] = exp1(l[v] - max);
      sum += l[v];
    }
    parts[2 * r] = targetLogit - max;
    parts[2 * r + 1] = sum;
    const float g = dlogprobs[r];
    const f4 sc = splat(-g / sum);
    for (v = 0; v + 4 <= V; v += 4) wasm_v128_store(l + v, wasm_f32x4_mul(wasm_v128_load(l + v), sc));
    for (; v < V; v++) l[v] *= -g / sum;
    l[target] += g;
  }
}
