/** The WebAssembly elementwise kernels against the TypeScript ops (themselves checked against finite differences). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Rng } from '../../../core/rng.ts';
import type { KernelsBackend } from '../kernels/backend.ts';
import { loadKernels } from '../kernels/select.ts';
import { pickToken } from '../sampler.ts';
import { jsElementwise } from './elementwise.ts';
import { expectClose } from './numeric-grad.ts';
import { ropeBackward, ropeForward, ropeTables } from './rope.ts';
import { createWasmElementwise, type WasmElementwise } from './wasm-elementwise.ts';

describe('WebAssembly elementwise kernels equal the TypeScript ops', () => {
  let backend: KernelsBackend;
  let wasm: WasmElementwise;
  const rng = new Rng(11);
  // an array in the shared memory, filled with scale·N(0, 1) (or zeros)
  const array = (n: number, scale = 1): Float32Array => {
    const a = backend.allocate(n);
    assert.ok(wasm.adopt(a), 'allocated arrays live in the memory');
    for (let i = 0; i < n; i++) a[i] = scale * rng.normal();
    return a;
  };
  // a copy in the memory too, so either implementation may be handed it
  const copy = (a: Float32Array) => {
    const b = array(a.length, 0);
    b.set(a);
    return b;
  };

  before(async () => {
    backend = await loadKernels('wasm', { threads: 1 });
    const made = createWasmElementwise(backend.memory as NonNullable<KernelsBackend['memory']>);
    assert.ok(made, 'this Node compiles WebAssembly SIMD');
    wasm = made;
  });
  after(() => backend.dispose());

  it('refuses arrays outside its memory', () => {
    assert.equal(wasm.adopt(new Float32Array(4)), false);
    assert.equal(wasm.owns(new Float32Array(4)), false);
    assert.throws(() => wasm.scale(new Float32Array(4), 2), /not in the kernels memory/);
  });

  it('rmsnorm forward and backward (rows of 12, plus an odd width through the fallback)', () => {
    for (const C of [12, 6]) {
      const N = 5;
      const [x, w, dout] = [array(N * C), array(C), array(N * C)];
      const [out, rstd, dx, dw] = [array(N * C), array(N, 0), array(N * C), array(C)];
      const [out2, rstd2, dx2, dw2] = [copy(out), copy(rstd), copy(dx), copy(dw)];
      wasm.rmsnormForward(out, rstd, x, w, N, C, 1e-6);
      jsElementwise.rmsnormForward(out2, rstd2, x, w, N, C, 1e-6);
      expectClose(out, out2, `out C=${C}`, 1e-5);
      expectClose(rstd, rstd2, `rstd C=${C}`, 1e-5);
      wasm.rmsnormBackward(dx, dw, dout, x, w, rstd2, N, C);
      jsElementwise.rmsnormBackward(dx2, dw2, dout, x, w, rstd2, N, C);
      expectClose(dx, dx2, `dx C=${C}`, 1e-5);
      expectClose(dw, dw2, `dw C=${C}`, 1e-5);
    }
  });

  it('swiglu forward and backward (accumulating), odd length', () => {
    const N = 23;
    const [gate, up, dh] = [array(N, 4), array(N), array(N)];
    const [h, sig, dgate, dup] = [array(N), array(N), array(N), array(N)];
    const [h2, sig2, dgate2, dup2] = [copy(h), copy(sig), copy(dgate), copy(dup)];
    wasm.swigluForward(h, sig, gate, up, N);
    jsElementwise.swigluForward(h2, sig2, gate, up, N);
    expectClose(h, h2, 'h', 1e-6);
    expectClose(sig, sig2, 'sig', 1e-6);
    wasm.swigluBackward(dgate, dup, dh, gate, up, sig2, N);
    jsElementwise.swigluBackward(dgate2, dup2, dh, gate, up, sig2, N);
    expectClose(dgate, dgate2, 'dgate', 1e-5);
    expectClose(dup, dup2, 'dup', 1e-5);
  });

  it('causal softmax forward (in place) and backward, with a row stride wider than the block', () => {
    const L = 7;
    const ld = 9;
    const scores = array(L * ld, 3);
    const dprobs = array(L * ld);
    const probs = copy(scores);
    wasm.causalSoftmaxForward(scores, scores, L, ld);
    jsElementwise.causalSoftmaxForward(probs, probs, L, ld);
    for (let i = 0; i < L; i++)
      expectClose(
        scores.subarray(i * ld, i * ld + L),
        probs.subarray(i * ld, i * ld + L),
        `probs row ${i}`,
        1e-6,
      );
    const ds = array(L * ld);
    const ds2 = copy(ds);
    wasm.causalSoftmaxBackward(ds, dprobs, probs, L, ld);
    jsElementwise.causalSoftmaxBackward(ds2, dprobs, probs, L, ld);
    for (let i = 0; i < L; i++)
      expectClose(
        ds.subarray(i * ld, i * ld + L),
        ds2.subarray(i * ld, i * ld + L),
        `dscores row ${i}`,
        1e-6,
      );
  });

  it('AdamW over a sub-range, norm and scale', () => {
    const n = 19;
    const [params, grads, m, v] = [array(n), array(n, 0.1), array(n, 0.01), array(n, 0)];
    for (let i = 0; i < n; i++) v[i] = 1e-4 * rng.next();
    const [p2, m2, v2] = [copy(params), copy(m), copy(v)];
    const hyper = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, step: 3 };
    wasm.adamwUpdate(params, grads, m, v, 2, 17, hyper);
    jsElementwise.adamwUpdate(p2, grads, m2, v2, 2, 17, hyper);
    expectClose(params, p2, 'params', 1e-6);
    expectClose(m, m2, 'm', 1e-7);
    expectClose(v, v2, 'v', 1e-9);
    const x = array(1000);
    assert.ok(Math.abs(wasm.sumSquares(x) / jsElementwise.sumSquares(x) - 1) < 1e-6);
    const y = copy(x);
    wasm.scale(x, 0.5);
    jsElementwise.scale(y, 0.5);
    expectClose(x, y, 'scale', 0);
  });

  it('RoPE forward and backward give the TypeScript op`s bits (tables and positions outside the memory)', () => {
    // D 12: a 4-pair block and a 2-pair tail; D 8: blocks only; D 6 (odd half): the TypeScript fallback
    for (const D of [12, 8, 6]) {
      const [N, heads, maxPositions] = [7, 3, 20];
      const tables = ropeTables(10_000, D, maxPositions);
      const positions = Int32Array.from({ length: N }, (_, n) => (n * 3) % maxPositions);
      const x = array(N * heads * D, 2);
      const original = Float32Array.from(x);
      const want = Float32Array.from(x);
      wasm.ropeForward(x, positions, N, heads, D, tables);
      ropeForward(want, positions, N, heads, D, tables);
      assert.deepEqual(x, want, `forward D=${D}`);
      assert.ok(Math.abs(x[heads * D] - original[heads * D]) > 1e-3, 'row 1 (position 3) is rotated');
      wasm.ropeBackward(x, positions, N, heads, D, tables);
      ropeBackward(want, positions, N, heads, D, tables);
      assert.deepEqual(x, want, `backward D=${D}`);
      expectClose(x, original, `round trip D=${D}`, 1e-5);
    }
  });

  it('decode attention equals softmax(q·Kᵀ/√D)·V per head over each row`s cached span', () => {
    // groups of 2 (the paired path), 3 (a pair and a single) and 1 (singles); D 8 and 20 (4-wide tails)
    for (const [A, H, KVH, D, capacity] of [
      [3, 4, 2, 8, 6],
      [3, 6, 2, 20, 7],
      [3, 2, 2, 8, 6],
    ]) {
      const KVD = KVH * D;
      const cacheRows = 5;
      const keys = array(cacheRows * capacity * KVD);
      const values = array(cacheRows * capacity * KVD);
      const q = array(A * H * D);
      const y = array(A * H * D);
      const scores = array(H * capacity); // every head of a row is scored before any is weighted
      const rowsF = array(2 * A);
      const rows = new Int32Array(rowsF.buffer, rowsF.byteOffset, 2 * A);
      const cacheRowOf = [4, 0, 2];
      const spans = [capacity, 1, 5]; // 6 and 7 exercise the 4-wide path and a tail
      for (let a = 0; a < A; a++) {
        rows[2 * a] = cacheRowOf[a] * capacity * KVD;
        rows[2 * a + 1] = spans[a];
      }
      const scale = 1 / Math.sqrt(D);
      wasm.decodeAttention(q, y, keys, values, rows, A, H, KVH, D, scale, scores);
      for (let a = 0; a < A; a++)
        for (let h = 0; h < H; h++) {
          const kv = Math.floor(h / (H / KVH)) * D;
          const base = cacheRowOf[a] * capacity * KVD;
          const s = Array.from({ length: spans[a] }, (_, t) => {
            let sum = 0;
            for (let d = 0; d < D; d++) sum += q[(a * H + h) * D + d] * keys[base + t * KVD + kv + d];
            return sum * scale;
          });
          const max = Math.max(...s);
          const e = s.map((x) => Math.exp(x - max));
          const z = e.reduce((u, w) => u + w, 0);
          const want = Array.from({ length: D }, (_, d) =>
            e.reduce((sum, p, t) => sum + (p / z) * values[base + t * KVD + kv + d], 0),
          );
          const where = `H ${H} KVH ${KVH} D ${D}: row ${a} head ${h}`;
          expectClose(y.subarray((a * H + h) * D, (a * H + h + 1) * D), want, where, 1e-5);
        }
    }
  });

  it('token log-probabilities, forward only and fused with the in-place backward (targets, dlogprobs outside the memory)', () => {
    const [R, V] = [4, 37];
    const logits = array(R * V, 3);
    const targets = Int32Array.from([0, 36, 5, 17]);
    const dlogprobs = Float32Array.from([0.5, -1, 2, 0]);
    const [a, b] = [new Float32Array(R), new Float32Array(R)];
    wasm.tokenLogprobs(a, logits, undefined, targets, R, V);
    jsElementwise.tokenLogprobs(b, logits, undefined, targets, R, V);
    expectClose(a, b, 'logprobs', 1e-5);
    const grad = copy(logits);
    wasm.tokenLogprobs(a, logits, dlogprobs, targets, R, V);
    jsElementwise.tokenLogprobs(b, grad, dlogprobs, targets, R, V);
    expectClose(a, b, 'fused logprobs', 1e-5);
    expectClose(logits, grad, 'dlogits', 1e-6);
  });

  it('sampling weights and stats match pickToken`s, tempered and not', () => {
    const [A, V] = [3, 37];
    const logits = array(A * V, 3);
    const weights = array(A * V);
    const stats = array(4 * A);
    for (const T of [1, 0.7]) {
      wasm.tokenWeights(logits, weights, stats, A, V, 1 / T);
      for (let a = 0; a < A; a++) {
        const row = logits.subarray(a * V, (a + 1) * V);
        const max = Math.max(...row);
        assert.equal(stats[4 * a], max);
        assert.equal(row[stats[4 * a + 1]], max);
        const sumExp = row.reduce((s, l) => s + Math.exp(l - max), 0);
        const want = Array.from(row, (l) => Math.exp((l - max) / T));
        expectClose(weights.subarray(a * V, (a + 1) * V), want, `weights T=${T}`, 1e-6);
        assert.ok(Math.abs(stats[4 * a + 2] / sumExp - 1) < 1e-6);
        assert.ok(Math.abs(stats[4 * a + 3] / want.reduce((s, w) => s + w, 0) - 1) < 1e-6);
        // greedy agrees with pickToken
        assert.equal(stats[4 * a + 1], pickToken(row, { temperature: 0, topP: 1 }, new Rng(0)).token);
      }
    }
  });
});
