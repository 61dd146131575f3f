/**
 * Rotary position embeddings in the transformers (Llama/Qwen3) layout: each head's vector is split in
 * two halves, and pair (i, i + D/2) is rotated by angle pos · θ^(−2i/D) ("rotate_half"). A rotation is
 * orthogonal, so both directions run in place and the backward is the rotation by −angle.
 */
import type { Floats } from './floats.ts';

export interface RopeTables {
  /** cos/sin of pos · inv_freq[i]: (maxPositions, D/2) */
  cos: Float32Array;
  sin: Float32Array;
  maxPositions: number;
  half: number;
}

export function ropeTables(theta: number, headDim: number, maxPositions: number): RopeTables {
  const half = headDim / 2;
  const cos = new Float32Array(maxPositions * half);
  const sin = new Float32Array(maxPositions * half);
  for (let i = 0; i < half; i++) {
    // transformers: inv_freq = 1 / θ^(2i/D), computed in float32
    const invFreq = Math.fround(1 / theta ** ((2 * i) / headDim));
    for (let pos = 0; pos < maxPositions; pos++) {
      const angle = Math.fround(pos * invFreq);
      cos[pos * half + i] = Math.cos(angle);
      sin[pos * half + i] = Math.sin(angle);
    }
  }
  return { cos, sin, maxPositions, half };
}

// x: (N, heads, D), rotated in place; positions: (N), the position of each row
function rotate(
  x: Floats,
  positions: Int32Array,
  N: number,
  heads: number,
  D: number,
  t: RopeTables,
  sign: number,
) {
  const half = D / 2;
  for (let n = 0; n < N; n++) {
    const table = positions[n] * half;
    for (let h = 0; h < heads; h++) {
      const base = (n * heads + h) * D;
      for (let i = 0; i < half; i++) {
        const c = t.cos[table + i];
        const s = sign * t.sin[table + i];
        const a = x[base + i];
        const b = x[base + i + half];
        x[base + i] = a * c - b * s;
        x[base + i + half] = b * c + a * s;
      }
    }
  }
}

// x: (N, heads, D) in place: x ← x·cos + rotate_half(x)·sin
export function ropeForward(
  x: Floats,
  positions: Int32Array,
  N: number,
  heads: number,
  D: number,
  t: RopeTables,
) {
  rotate(x, positions, N, heads, D, t, 1);
}

// dx: (N, heads, D) in place: dx ← Rᵀ·dx (writes rather than accumulates, which is what lets it run in place)
export function ropeBackward(
  dx: Floats,
  positions: Int32Array,
  N: number,
  heads: number,
  D: number,
  t: RopeTables,
) {
  rotate(dx, positions, N, heads, D, t, -1);
}
