import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isCascadeError } from '../../../core/errors.ts';
import { defaultAddonPath, loadNativeKernels } from './native.ts';
import { checkSgemmCases, sgemmContractCases } from './sgemm.contract.ts';

const built = existsSync(defaultAddonPath);
const skip = built
  ? false
  : 'the OpenBLAS addon is not built (apt-get install libopenblas-dev; node native/build.js)';

describe('native OpenBLAS kernels', () => {
  it('reports why it cannot load instead of throwing', () => {
    const load = loadNativeKernels({ threads: 1, addonPath: '/nonexistent/cascade_blas.node' });
    assert.equal(load.ok, false);
    assert.match(load.ok ? '' : load.reason, /cannot load \/nonexistent\/cascade_blas\.node/);
  });

  it('passes the sgemm contract on plain and on arena arrays', { skip }, async () => {
    const load = loadNativeKernels({ threads: 2 });
    assert.ok(load.ok);
    const kernels = load.backend;
    assert.match(load.config, /OpenBLAS/);
    const cases = sgemmContractCases(11, 40);
    checkSgemmCases(kernels, cases, (n) => new Float32Array(n), 0);
    checkSgemmCases(kernels, cases, (n) => kernels.allocate(n), 500);
    await kernels.dispose();
  });

  it('works in place on subarray views (no copy)', { skip }, () => {
    const load = loadNativeKernels({ threads: 1 });
    assert.ok(load.ok);
    const arena = load.backend.allocate(32);
    const A = arena.subarray(1, 7);
    const B = arena.subarray(9, 15);
    const C = arena.subarray(17, 21);
    A.set([1, 2, 3, 4, 5, 6]);
    B.set([7, 8, 9, 10, 11, 12]);
    load.backend.sgemm(false, false, 2, 2, 3, 1, A, 3, B, 2, 0, C, 2);
    assert.deepEqual(Array.from(C), [58, 64, 139, 154]);
  });

  it('turns a bad stride into a CascadeError before native code runs', { skip }, () => {
    const load = loadNativeKernels({ threads: 1 });
    assert.ok(load.ok);
    const x = new Float32Array(6);
    assert.throws(
      () => load.backend.sgemm(false, false, 2, 2, 3, 1, x, 3, x, 2, 0, new Float32Array(3), 2),
      (e: unknown) => isCascadeError(e) && /kernels\/native/.test(e.message),
    );
  });

  it('splits sgemm over its threads (column and row splits, transposes, beta); each split agrees with one thread', {
    skip,
  }, async () => {
    const shapes: Array<[boolean, boolean, number, number, number]> = [
      [false, true, 64, 768, 256], // a decode step's projection: split by columns
      [false, false, 300, 40, 97], // taller than wide: split by rows
      [true, false, 130, 130, 60],
      [true, true, 50, 333, 70],
      // one row (batch-1 decoding goes through sgemv), every transpose
      [false, true, 1, 768, 256],
      [false, false, 1, 300, 40],
      [true, false, 1, 257, 33],
      [true, true, 1, 90, 17],
    ];
    const results: Float32Array[][] = [];
    for (const threads of [1, 2, 3]) {
      const load = loadNativeKernels({ threads });
      assert.ok(load.ok);
      const out: Float32Array[] = [];
      for (const [ta, tb, M, N, K] of shapes) {
        const a = filled((ta ? K : M) * (ta ? M : K), 1);
        const b = filled((tb ? N : K) * (tb ? K : N), 2);
        const c = filled(M * N, 3);
        load.backend.sgemm(ta, tb, M, N, K, 0.5, a, ta ? M : K, b, tb ? K : N, 0.25, c, N);
        out.push(c);
      }
      results.push(out);
      await load.backend.dispose();
    }
    for (const [i, [ta, tb, M, N, K]] of shapes.entries()) {
      const want = reference(ta, tb, M, N, K);
      assertClose(results[0][i], want, `${M}×${N}×${K}`, 1e-4);
      // OpenBLAS may pick another inner kernel for a narrower block, so agreement is to rounding, not bits
      assertClose(results[1][i], results[0][i], `2 threads vs 1, ${M}×${N}×${K}`, 1e-5);
      assertClose(results[2][i], results[0][i], `3 threads vs 1, ${M}×${N}×${K}`, 1e-5);
    }
  });

  it('decode attention equals softmax(q·Kᵀ/√D)·V per head, whatever the threads', { skip }, async () => {
    // D 64 and 8 (the vectorized path: 4-wide and single blocks), 12 (portable loops); groups 2, 3
    // (a pair and an unpaired head) and 1; spans with and without 8-wide tails, prefetch past the end
    for (const [A, H, KVH, D, capacity] of [
      [5, 4, 2, 64, 40],
      [3, 6, 2, 8, 13],
      [4, 3, 3, 12, 9],
      [2, 2, 1, 40, 150],
    ]) {
      const KVD = KVH * D;
      const keys = filled(6 * capacity * KVD, 4);
      const values = filled(6 * capacity * KVD, 5);
      const q = filled(A * H * D, 6);
      const rows = new Int32Array(2 * A);
      for (let a = 0; a < A; a++) {
        rows[2 * a] = ((a * 5 + 1) % 6) * capacity * KVD;
        rows[2 * a + 1] = a === 0 ? capacity : 1 + ((a * 7) % capacity);
      }
      const scale = 1 / Math.sqrt(D);
      const outputs: Float32Array[] = [];
      for (const threads of [1, 2]) {
        const load = loadNativeKernels({ threads });
        assert.ok(load.ok);
        const y = new Float32Array(A * H * D).fill(Number.NaN);
        load.backend.decodeAttention?.(q, y, keys, values, rows, A, H, KVH, D, scale);
        outputs.push(y);
        await load.backend.dispose();
      }
      assert.deepEqual(outputs[1], outputs[0], 'the same floats on 1 and 2 threads');
      for (let a = 0; a < A; a++)
        for (let h = 0; h < H; h++) {
          const base = rows[2 * a];
          const kv = Math.floor(h / (H / KVH)) * D;
          const s = Array.from({ length: rows[2 * a + 1] }, (_, t) => {
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
          const got = outputs[0].subarray((a * H + h) * D, (a * H + h + 1) * D);
          assertClose(got, want, `H ${H} KVH ${KVH} D ${D}: row ${a} head ${h}`, 1e-5);
        }
    }
  });

  it('calls from several threads at once all get the one-caller result (a busy pool runs the call inline)', {
    skip,
  }, async () => {
    // each worker loads the addon itself; all share its one process-wide pool
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const addon = require(workerData.path);
      addon.setThreads(2);
      const [M, N, K] = [64, 768, 256];
      const a = new Float32Array(M * K).map((_, i) => ((i * 7) % 13) / 13 - 0.5);
      const b = new Float32Array(N * K).map((_, i) => ((i * 5) % 11) / 11 - 0.5);
      const c = new Float32Array(M * N);
      const sums = new Set();
      for (let i = 0; i < 200; i++) {
        addon.sgemm(false, true, M, N, K, 1, a, K, b, K, 0, c, N);
        sums.add(Buffer.from(c.buffer).toString('base64'));
      }
      parentPort.postMessage([...sums]);`;
    const { Worker } = await import('node:worker_threads');
    const run = () =>
      new Promise<string[]>((resolve, reject) => {
        const worker = new Worker(code, { eval: true, workerData: { path: defaultAddonPath } });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    const results = await Promise.all([run(), run(), run()]);
    for (const sums of results) {
      assert.equal(sums.length, 1, 'every call of a worker gave the same bits');
      assert.equal(sums[0], results[0][0], 'and every worker the same as the others');
    }
  });

  it('decode attention refuses a row whose span runs past the cache, naming it', { skip }, () => {
    const load = loadNativeKernels({ threads: 1 });
    assert.ok(load.ok);
    const [H, KVH, D] = [2, 1, 8];
    const keys = new Float32Array(4 * D);
    const y = new Float32Array(H * D);
    const call = (rows: number[]) => () =>
      load.backend.decodeAttention?.(
        new Float32Array(H * D),
        y,
        keys,
        keys,
        Int32Array.from(rows),
        1,
        H,
        KVH,
        D,
        1,
      );
    assert.throws(call([0, 5]), /span runs past the end of keys or values/);
    assert.throws(call([-8, 1]), /negative/);
    assert.throws(call([0, 0]), /span is below 1/);
    call([0, 4])();
    assert.ok(y.every(Number.isFinite));
  });

  it('has an install step that skips with one line and exit status 0', () => {
    const script = fileURLToPath(new URL('../../../../native/build.js', import.meta.url));
    const run = spawnSync(process.execPath, [script], {
      env: { ...process.env, CASCADE_SKIP_NATIVE: '1' },
      encoding: 'utf8',
    });
    assert.equal(run.status, 0);
    assert.equal(run.stdout, 'cascade: CASCADE_SKIP_NATIVE is set; skipping the OpenBLAS addon\n');
  });
});

/** Deterministic values in [-1, 1) (a different stream per seed). */
function filled(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let x = seed * 2654435761;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out[i] = x / 1073741824 - 1;
  }
  return out;
}

/** The test's sgemm in float64: 0.5 · op(A) · op(B) + 0.25 · C with the operands `filled` gives. */
function reference(ta: boolean, tb: boolean, M: number, N: number, K: number): number[] {
  const a = filled(M * K, 1);
  const b = filled(K * N, 2);
  const c = filled(M * N, 3);
  const out: number[] = [];
  for (let m = 0; m < M; m++)
    for (let n = 0; n < N; n++) {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += a[ta ? k * M + m : m * K + k] * b[tb ? n * K + k : k * N + n];
      out.push(0.5 * sum + 0.25 * c[m * N + n]);
    }
  return out;
}

function assertClose(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  where: string,
  tolerance: number,
): void {
  assert.equal(got.length, want.length, where);
  for (let i = 0; i < want.length; i++) {
    const error = Math.abs(got[i] - want[i]);
    assert.ok(error <= tolerance * (1 + Math.abs(want[i])), `${where}: [${i}] ${got[i]} vs ${want[i]}`);
  }
}
