/** Test support: central-difference gradients in float64 and a labelled closeness check. */
import assert from 'node:assert/strict';
import type { Rng } from '../../../core/rng.ts';

export function randn(rng: Rng, n: number, scale = 1): Float64Array {
  return Float64Array.from({ length: n }, () => scale * rng.normal());
}

/** ∂probe/∂x by central differences; x is perturbed in place and restored. */
export function numericGrad(probe: () => number, x: Float64Array, h = 1e-6): Float64Array {
  const grad = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const saved = x[i];
    x[i] = saved + h;
    const plus = probe();
    x[i] = saved - h;
    const minus = probe();
    x[i] = saved;
    grad[i] = (plus - minus) / (2 * h);
  }
  return grad;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

export function expectClose(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  label: string,
  atol = 1e-7,
): void {
  assert.equal(got.length, want.length, `${label}: length`);
  let maxDiff = 0;
  let worst = 0;
  for (let i = 0; i < got.length; i++)
    if (!(Math.abs(got[i] - want[i]) < maxDiff)) [maxDiff, worst] = [Math.abs(got[i] - want[i]), i];
  assert.ok(
    maxDiff <= atol,
    `${label}: max |diff| ${maxDiff.toExponential(2)} at [${worst}]: ${got[worst]} vs ${want[worst]}`,
  );
}
