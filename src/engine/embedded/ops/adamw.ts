/**
 * AdamW as torch.optim.AdamW computes it (decoupled weight decay, bias-corrected moments), and the
 * global-norm gradient clipping of torch.nn.utils.clip_grad_norm_.
 */
import type { Floats } from './floats.ts';

export interface AdamWHyper {
  learningRate: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** 1-based step count after this update, for bias correction. */
  step: number;
}

// params, grads, m, v: the range [start, end) of arenas sharing one layout
export function adamwUpdate(
  params: Floats,
  grads: Floats,
  m: Floats,
  v: Floats,
  start: number,
  end: number,
  hyper: AdamWHyper,
): void {
  const { learningRate: lr, beta1, beta2, eps, weightDecay, step } = hyper;
  const correction1 = 1 - beta1 ** step;
  const correction2Sqrt = Math.sqrt(1 - beta2 ** step);
  const stepSize = lr / correction1;
  const decay = 1 - lr * weightDecay;
  for (let i = start; i < end; i++) {
    const g = grads[i];
    const mi = beta1 * m[i] + (1 - beta1) * g;
    const vi = beta2 * v[i] + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    params[i] = params[i] * decay - (stepSize * mi) / (Math.sqrt(vi) / correction2Sqrt + eps);
  }
}

function sumOfSquares(x: Floats): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
  return sum;
}

/** √Σ g² over the whole arena (accumulated in float64). */
export function globalNorm(grads: Floats): number {
  return Math.sqrt(sumOfSquares(grads));
}

/** What clipping needs of an elementwise implementation (ops/elementwise.ts); the plain loops by default. */
export interface NormOps<T extends Floats> {
  sumSquares(x: T): number;
  scale(x: T, c: number): void;
}

const plainNormOps: NormOps<Floats> = {
  sumSquares: sumOfSquares,
  scale(x, c) {
    for (let i = 0; i < x.length; i++) x[i] *= c;
  },
};

/** Scales grads so their global norm is at most maxNorm (torch adds 1e-6 to the norm); returns the norm before. */
export function clipGradNorm<T extends Floats>(
  grads: T,
  maxNorm: number,
  ops: NormOps<T> = plainNormOps,
): number {
  const norm = Math.sqrt(ops.sumSquares(grads));
  const coefficient = maxNorm / (norm + 1e-6);
  if (coefficient < 1) ops.scale(grads, coefficient);
  return norm;
}
