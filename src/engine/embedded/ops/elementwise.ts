/**
 * The elementwise ops as one swappable set: `jsElementwise` runs the TypeScript loops of this folder on
 * any Float32Array; wasm-elementwise.ts runs the same equations as WebAssembly SIMD kernels on arrays
 * that live in the kernels backend's shared memory. The model picks one per call path.
 */
import { type AdamWHyper, adamwUpdate } from './adamw.ts';
import { tokenLogprobsForward, tokenLogprobsForwardBackwardInPlace } from './logprob.ts';
import { rmsnormBackward, rmsnormForward } from './rmsnorm.ts';
import { type RopeTables, ropeBackward, ropeForward } from './rope.ts';
import { causalSoftmaxBackward, causalSoftmaxForward } from './softmax.ts';
import { swigluBackward, swigluForward } from './swiglu.ts';

export interface ElementwiseOps {
  readonly name: 'js' | 'wasm';
  rmsnormForward(
    out: Float32Array,
    rstd: Float32Array,
    x: Float32Array,
    weight: Float32Array,
    N: number,
    C: number,
    eps: number,
  ): void;
  rmsnormBackward(
    dx: Float32Array,
    dweight: Float32Array,
    dout: Float32Array,
    x: Float32Array,
    weight: Float32Array,
    rstd: Float32Array,
    N: number,
    C: number,
  ): void;
  swigluForward(h: Float32Array, sig: Float32Array, gate: Float32Array, up: Float32Array, N: number): void;
  swigluBackward(
    dgate: Float32Array,
    dup: Float32Array,
    dh: Float32Array,
    gate: Float32Array,
    up: Float32Array,
    sig: Float32Array,
    N: number,
  ): void;
  causalSoftmaxForward(probs: Float32Array, scores: Float32Array, L: number, ld: number): void;
  causalSoftmaxBackward(
    dscores: Float32Array,
    dprobs: Float32Array,
    probs: Float32Array,
    L: number,
    ld: number,
  ): void;
  adamwUpdate(
    params: Float32Array,
    grads: Float32Array,
    m: Float32Array,
    v: Float32Array,
    start: number,
    end: number,
    hyper: AdamWHyper,
  ): void;
  /**
   * logprobs[r] = log softmax(logits row r)[targets[r]] for R rows of V; with dlogprobs, each logits row is
   * replaced by the gradient of Σ_r dlogprobs[r]·logprobs[r] (logprob.ts). logprobs, dlogprobs and targets
   * may be any arrays; logits must be the implementation's (in its memory for wasm).
   */
  tokenLogprobs(
    logprobs: Float32Array,
    logits: Float32Array,
    dlogprobs: Float32Array | undefined,
    targets: Int32Array,
    R: number,
    V: number,
  ): void;
  /** RoPE in place on x: (N, heads, D), row n at positions[n] (rope.ts). */
  ropeForward(
    x: Float32Array,
    positions: Int32Array,
    N: number,
    heads: number,
    D: number,
    tables: RopeTables,
  ): void;
  /** Its backward, in place: dx ← Rᵀ·dx. */
  ropeBackward(
    dx: Float32Array,
    positions: Int32Array,
    N: number,
    heads: number,
    D: number,
    tables: RopeTables,
  ): void;
  /** Σ x², accumulated in float64 (at least per block). */
  sumSquares(x: Float32Array): number;
  /** x ← c·x */
  scale(x: Float32Array, c: number): void;
}

export const jsElementwise: ElementwiseOps = {
  name: 'js',
  rmsnormForward,
  rmsnormBackward,
  swigluForward,
  swigluBackward,
  causalSoftmaxForward: (probs, scores, L, ld) => causalSoftmaxForward(probs, scores, L, ld),
  causalSoftmaxBackward: (dscores, dprobs, probs, L, ld) =>
    causalSoftmaxBackward(dscores, dprobs, probs, L, ld),
  adamwUpdate,
  tokenLogprobs(logprobs, logits, dlogprobs, targets, R, V) {
    if (dlogprobs) tokenLogprobsForwardBackwardInPlace(logprobs, logits, dlogprobs, targets, R, V);
    else tokenLogprobsForward(logprobs, logits, targets, R, V);
  },
  ropeForward,
  ropeBackward,
  sumSquares(x) {
    let sum = 0;
    for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
    return sum;
  },
  scale(x, c) {
    for (let i = 0; i < x.length; i++) x[i] *= c;
  },
};
