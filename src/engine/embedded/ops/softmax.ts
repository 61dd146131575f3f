/**
 * Causal softmax over attention scores: row i of an (L, L) block sees columns j ≤ i; the rest is 0.
 * Blocks are row-major with row stride `ld`.
 */
import type { Floats } from './floats.ts';

// scores: (L, L) → probs: (L, L), may be the same array
export function causalSoftmaxForward(probs: Floats, scores: Floats, L: number, ld: number, offset = 0): void {
  for (let i = 0; i < L; i++) {
    const row = offset + i * ld;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j <= i; j++) if (scores[row + j] > max) max = scores[row + j];
    let sum = 0;
    for (let j = 0; j <= i; j++) {
      const e = Math.exp(scores[row + j] - max);
      probs[row + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j <= i; j++) probs[row + j] *= inv;
    for (let j = i + 1; j < L; j++) probs[row + j] = 0;
  }
}

// dscores = probs ∘ (dprobs − Σ_j probs·dprobs) per row; writes (not accumulates) so it can run in place on dprobs
export function causalSoftmaxBackward(
  dscores: Floats,
  dprobs: Floats,
  probs: Floats,
  L: number,
  ld: number,
  offset = 0,
): void {
  for (let i = 0; i < L; i++) {
    const row = offset + i * ld;
    let dot = 0;
    for (let j = 0; j <= i; j++) dot += probs[row + j] * dprobs[row + j];
    for (let j = 0; j <= i; j++) dscores[row + j] = probs[row + j] * (dprobs[row + j] - dot);
    for (let j = i + 1; j < L; j++) dscores[row + j] = 0;
  }
}
