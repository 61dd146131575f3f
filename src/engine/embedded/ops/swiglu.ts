/**
 * SwiGLU's elementwise part: h = silu(gate) · up, with silu(g) = g · σ(g). The forward saves σ(gate) so
 * the backward needs no second exp (exp is most of this op's cost).
 */
import type { Floats } from './floats.ts';

// gate, up: (N) · h: (N) · sig: (N) σ(gate), saved for backward
export function swigluForward(h: Floats, sig: Floats, gate: Floats, up: Floats, N: number): void {
  for (let i = 0; i < N; i++) {
    const g = gate[i];
    const s = 1 / (1 + Math.exp(-g));
    sig[i] = s;
    h[i] = g * s * up[i];
  }
}

// dgate += dh · up · σ(g)(1 + g(1 − σ(g)));  dup += dh · g·σ(g)
export function swigluBackward(
  dgate: Floats,
  dup: Floats,
  dh: Floats,
  gate: Floats,
  up: Floats,
  sig: Floats,
  N: number,
): void {
  for (let i = 0; i < N; i++) {
    const g = gate[i];
    const s = sig[i];
    const d = dh[i];
    dgate[i] += d * up[i] * s * (1 + g * (1 - s));
    dup[i] += d * g * s;
  }
}
