/**
 * RMSNorm as Qwen3 computes it: out = x / sqrt(mean(x²) + eps) · weight, over the last axis.
 * Also serves q_norm/k_norm: a (tokens·heads, head_dim) view is just more rows.
 */
import type { Floats } from './floats.ts';

// x: (N, C) · weight: (C) · out: (N, C) · rstd: (N), saved for backward
export function rmsnormForward(
  out: Floats,
  rstd: Floats,
  x: Floats,
  weight: Floats,
  N: number,
  C: number,
  eps: number,
): void {
  for (let n = 0; n < N; n++) {
    const row = n * C;
    let sumSq = 0;
    for (let c = 0; c < C; c++) sumSq += x[row + c] * x[row + c];
    const r = 1 / Math.sqrt(sumSq / C + eps);
    rstd[n] = r;
    for (let c = 0; c < C; c++) out[row + c] = x[row + c] * r * weight[c];
  }
}

// dx += w·r·dout − x · (r³/C) · Σ_c(dout·w·x);  dweight += dout · x · r
export function rmsnormBackward(
  dx: Floats,
  dweight: Floats,
  dout: Floats,
  x: Floats,
  weight: Floats,
  rstd: Floats,
  N: number,
  C: number,
): void {
  for (let n = 0; n < N; n++) {
    const row = n * C;
    const r = rstd[n];
    let dot = 0;
    for (let c = 0; c < C; c++) dot += dout[row + c] * weight[c] * x[row + c];
    const k = (r * r * r * dot) / C;
    for (let c = 0; c < C; c++) {
      const g = dout[row + c];
      dweight[c] += g * x[row + c] * r;
      dx[row + c] += g * weight[c] * r - x[row + c] * k;
    }
  }
}
