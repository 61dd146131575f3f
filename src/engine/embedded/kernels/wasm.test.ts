import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isCascadeError } from '../../../core/errors.ts';
import type { KernelsBackend } from './backend.ts';
import { checkSgemmCases, sgemmContractCases } from './sgemm.contract.ts';
import { createWasmKernels, sgemmWasmUrl } from './wasm.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const cases = sgemmContractCases(7, 40);
const plain = (floats: number) => new Float32Array(floats);

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

describe('wasm kernels, one thread', () => {
  let kernels: KernelsBackend;
  before(async () => {
    kernels = await createWasmKernels({ threads: 1 });
  });
  after(() => kernels.dispose());

  it('passes the sgemm contract on arrays from allocate (no copies)', () => {
    checkSgemmCases(kernels, cases, (n) => kernels.allocate(n), 0);
  });

  it('passes the sgemm contract on plain Float32Arrays (copied in and out)', () => {
    checkSgemmCases(kernels, cases, plain, 1000);
  });

  it('works on subarray views of one arena, as the model uses it', () => {
    const arena = kernels.allocate(1 + 6 + 1 + 6 + 3 + 4);
    const A = arena.subarray(1, 7); // 2×3
    const B = arena.subarray(8, 14); // 3×2
    const C = arena.subarray(17, 21); // 2×2
    A.set([1, 2, 3, 4, 5, 6]);
    B.set([7, 8, 9, 10, 11, 12]);
    kernels.sgemm(false, false, 2, 2, 3, 1, A, 3, B, 2, 0, C, 2);
    assert.deepEqual(Array.from(C), [58, 64, 139, 154]);
    assert.equal(arena[0], 0);
    assert.deepEqual(Array.from(arena.subarray(14, 17)), [0, 0, 0]);
  });

  it('mixes operands inside and outside its memory', () => {
    const A = kernels.allocate(6);
    A.set([1, 2, 3, 4, 5, 6]);
    const B = new Float32Array([7, 8, 9, 10, 11, 12]);
    const C = new Float32Array([1, 1, 1, 1]);
    kernels.sgemm(false, false, 2, 2, 3, 1, A, 3, B, 2, 1, C, 2);
    assert.deepEqual(Array.from(C), [59, 65, 140, 155]);
  });

  it('rejects a stride that would read past an operand', () => {
    const A = kernels.allocate(6);
    assert.throws(
      () => kernels.sgemm(false, false, 2, 2, 3, 1, A, 4, A, 2, 0, kernels.allocate(4), 2),
      (e: unknown) => isCascadeError(e) && /A is 2×3 with row stride 4/.test(e.message),
    );
  });
});

describe('wasm kernels, two threads', () => {
  let kernels: KernelsBackend;
  before(async () => {
    // parallelMinMacs 0 splits even the smallest product between the two threads.
    kernels = await createWasmKernels({ threads: 2, parallelMinMacs: 0 });
  });
  after(() => kernels.dispose());

  it('passes the sgemm contract with every product split between threads', () => {
    assert.equal(kernels.threads, 2);
    checkSgemmCases(kernels, cases, (n) => kernels.allocate(n), 2000);
    checkSgemmCases(kernels, cases.slice(0, 12), plain, 3000);
  });

  it('throws after dispose instead of waiting for stopped workers', async () => {
    const short = await createWasmKernels({ threads: 2 });
    await short.dispose();
    const x = short.allocate(1);
    assert.throws(() => short.sgemm(false, false, 1, 1, 1, 1, x, 1, x, 1, 0, x, 1), /disposed/);
  });
});

describe('wasm kernels, process lifetime and build', () => {
  it('lets the process exit while workers are running and never disposed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-kernels-'));
    try {
      const script = join(dir, 'exit.mts');
      const wasmModule = new URL('./wasm.ts', import.meta.url).href;
      writeFileSync(
        script,
        `import { createWasmKernels } from '${wasmModule}';\n` +
          'const k = await createWasmKernels({ threads: 2, parallelMinMacs: 0 });\n' +
          'const a = k.allocate(64 * 64).fill(1);\n' +
          'const c = k.allocate(64 * 64);\n' +
          'k.sgemm(false, false, 64, 64, 64, 1, a, 64, a, 64, 0, c, 64);\n' +
          'console.log(c[0]);\n',
      );
      const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 20_000,
      });
      assert.equal(child.signal, null, 'the child process hung');
      assert.equal(child.status, 0, child.stderr);
      assert.equal(child.stdout.trim(), '64');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ships a sgemm.wasm that native/build-wasm.sh rebuilds byte for byte', (t) => {
    if (!hasCommand('clang-16') || !hasCommand('wasm-ld-16')) {
      t.skip('clang-16 / lld-16 not installed: cannot rebuild the kernel to compare');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'cascade-wasm-'));
    try {
      const built = spawnSync('sh', [join(repoRoot, 'native', 'build-wasm.sh')], {
        env: { ...process.env, OUT_DIR: dir },
        encoding: 'utf8',
      });
      assert.equal(built.status, 0, built.stderr);
      assert.ok(
        readFileSync(join(dir, 'sgemm.wasm')).equals(readFileSync(sgemmWasmUrl)),
        'the committed sgemm.wasm is stale: run native/build-wasm.sh',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
