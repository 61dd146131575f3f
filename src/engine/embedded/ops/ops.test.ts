/** Every elementwise op's backward against central differences of its forward, in float64. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../../core/rng.ts';
import { adamwUpdate, clipGradNorm } from './adamw.ts';
import { tokenLogprobsForward, tokenLogprobsForwardBackwardInPlace } from './logprob.ts';
import { dot, expectClose, numericGrad, randn } from './numeric-grad.ts';
import { rmsnormBackward, rmsnormForward } from './rmsnorm.ts';
import { ropeBackward, ropeForward, ropeTables } from './rope.ts';
import { causalSoftmaxBackward, causalSoftmaxForward } from './softmax.ts';
import { swigluBackward, swigluForward } from './swiglu.ts';

describe('elementwise ops: backward equals central differences of forward', () => {
  it('rmsnorm', () => {
    const N = 3;
    const C = 8;
    const rng = new Rng(0);
    const x = randn(rng, N * C);
    const weight = randn(rng, C);
    const dout = randn(rng, N * C);
    const forward = () => {
      const out = new Float64Array(N * C);
      rmsnormForward(out, new Float64Array(N), x, weight, N, C, 1e-6);
      return dot(dout, out);
    };
    const rstd = new Float64Array(N);
    rmsnormForward(new Float64Array(N * C), rstd, x, weight, N, C, 1e-6);
    const dx = new Float64Array(N * C).fill(0.5); // backward accumulates: start from a nonzero value
    const dweight = new Float64Array(C);
    rmsnormBackward(dx, dweight, dout, x, weight, rstd, N, C);
    expectClose(
      dx.map((v) => v - 0.5),
      numericGrad(forward, x),
      'dx',
    );
    expectClose(dweight, numericGrad(forward, weight), 'dweight');
    // the definition: mean of squares of the output / weight² is 1
    const out = new Float64Array(N * C);
    rmsnormForward(out, rstd, x, new Float64Array(C).fill(1), N, C, 0);
    assert.ok(Math.abs(dot(out.subarray(0, C), out.subarray(0, C)) / C - 1) < 1e-12);
  });

  it('rope: rotate_half layout, norm-preserving, backward is the transpose', () => {
    const N = 3;
    const heads = 2;
    const D = 6;
    const tables = ropeTables(10_000, D, 8);
    const positions = Int32Array.from([0, 5, 2]);
    const rng = new Rng(1);
    const x = randn(rng, N * heads * D);
    const dout = randn(rng, N * heads * D);
    const forward = () => {
      const y = Float64Array.from(x);
      ropeForward(y, positions, N, heads, D, tables);
      return dot(dout, y);
    };
    const dx = Float64Array.from(dout);
    ropeBackward(dx, positions, N, heads, D, tables);
    expectClose(dx, numericGrad(forward, x), 'dx', 1e-6);
    // position 0 is the identity; pair (i, i + D/2) rotates by pos · θ^(−2i/D)
    const y = Float64Array.from(x);
    ropeForward(y, positions, N, heads, D, tables);
    expectClose(y.subarray(0, heads * D), x.subarray(0, heads * D), 'position 0');
    const base = heads * D; // row 1, head 0, position 5
    const angle = 5 * 10_000 ** (-2 / D); // i = 1
    const [a, b] = [x[base + 1], x[base + 1 + D / 2]];
    expectClose(
      [y[base + 1], y[base + 1 + D / 2]],
      [a * Math.cos(angle) - b * Math.sin(angle), b * Math.cos(angle) + a * Math.sin(angle)],
      'pair 1',
      1e-6,
    );
  });

  it('causal softmax', () => {
    const L = 4;
    const ld = 5; // a row stride wider than the block
    const rng = new Rng(2);
    const scores = randn(rng, L * ld);
    const dprobs = randn(rng, L * ld);
    const forward = () => {
      const probs = new Float64Array(L * ld);
      causalSoftmaxForward(probs, scores, L, ld);
      return dot(dprobs, probs);
    };
    const probs = new Float64Array(L * ld);
    causalSoftmaxForward(probs, scores, L, ld);
    assert.equal(probs[0], 1);
    assert.equal(probs[1], 0, 'row 0 sees only column 0');
    const dscores = new Float64Array(L * ld);
    causalSoftmaxBackward(dscores, dprobs, probs, L, ld);
    const numeric = numericGrad(forward, scores);
    for (let i = 0; i < L; i++)
      expectClose(dscores.subarray(i * ld, i * ld + L), numeric.subarray(i * ld, i * ld + L), `row ${i}`);
  });

  it('swiglu', () => {
    const N = 10;
    const rng = new Rng(3);
    const gate = randn(rng, N, 3);
    const up = randn(rng, N);
    const dh = randn(rng, N);
    const forward = () => {
      const h = new Float64Array(N);
      swigluForward(h, new Float64Array(N), gate, up, N);
      return dot(dh, h);
    };
    const sig = new Float64Array(N);
    swigluForward(new Float64Array(N), sig, gate, up, N);
    const dgate = new Float64Array(N);
    const dup = new Float64Array(N);
    swigluBackward(dgate, dup, dh, gate, up, sig, N);
    expectClose(dgate, numericGrad(forward, gate), 'dgate');
    expectClose(dup, numericGrad(forward, up), 'dup');
  });

  it('token logprobs: fused in-place backward', () => {
    const R = 3;
    const V = 7;
    const rng = new Rng(4);
    const logits = randn(rng, R * V, 2);
    const targets = Int32Array.from([0, 6, 3]);
    const dlogprobs = randn(rng, R);
    const forward = () => {
      const logprobs = new Float64Array(R);
      tokenLogprobsForward(logprobs, logits, targets, R, V);
      return dot(dlogprobs, logprobs);
    };
    const numeric = numericGrad(forward, logits);
    const logprobs = new Float64Array(R);
    tokenLogprobsForward(logprobs, logits, targets, R, V);
    const sumExp = Array.from({ length: V }, (_, v) => Math.exp(logits[v])).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(logprobs[0] - (logits[0] - Math.log(sumExp))) < 1e-12);
    const fused = new Float64Array(R);
    const dlogits = Float64Array.from(logits);
    tokenLogprobsForwardBackwardInPlace(fused, dlogits, dlogprobs, targets, R, V);
    expectClose(fused, logprobs, 'logprobs');
    expectClose(dlogits, numeric, 'dlogits');
  });
});

describe('optimizer', () => {
  it('AdamW follows torch.optim.AdamW over three steps', () => {
    const params = Float64Array.from([1, -2]);
    const m = new Float64Array(2);
    const v = new Float64Array(2);
    const want = Float64Array.from(params);
    const wantM = [0, 0];
    const wantV = [0, 0];
    const grads = [Float64Array.from([0.5, -1]), Float64Array.from([0.1, 2]), Float64Array.from([-0.3, 0])];
    const [lr, b1, b2, eps, wd] = [0.1, 0.9, 0.99, 1e-8, 0.01];
    grads.forEach((g, index) => {
      const step = index + 1;
      adamwUpdate(params, g, m, v, 0, 2, {
        learningRate: lr,
        beta1: b1,
        beta2: b2,
        eps,
        weightDecay: wd,
        step,
      });
      for (let i = 0; i < 2; i++) {
        want[i] *= 1 - lr * wd;
        wantM[i] = b1 * wantM[i] + (1 - b1) * g[i];
        wantV[i] = b2 * wantV[i] + (1 - b2) * g[i] * g[i];
        const mHat = wantM[i] / (1 - b1 ** step);
        const vHat = wantV[i] / (1 - b2 ** step);
        want[i] -= (lr * mHat) / (Math.sqrt(vHat) + eps);
      }
    });
    expectClose(params, want, 'params', 1e-12);
  });

  it('clips to the global norm only when above it', () => {
    const grads = Float64Array.from([3, 4]);
    assert.equal(clipGradNorm(grads, 10), 5);
    expectClose(grads, [3, 4], 'unclipped');
    assert.equal(clipGradNorm(grads, 1), 5);
    expectClose(grads, [0.6, 0.8], 'clipped', 1e-6);
  });
});
