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
