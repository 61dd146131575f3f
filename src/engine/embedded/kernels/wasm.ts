/**
 * The WebAssembly SIMD sgemm backend: the packed kernel of native/wasm/sgemm.c (built into
 * wasm/sgemm.wasm, committed), run on one shared memory by the calling thread plus `threads - 1`
 * workers, each computing a block of C's rows or columns. Arrays from `allocate` live in that memory
 * and are used in place; any other Float32Array is copied in (and C back out) on each call.
 */
import { readFileSync } from 'node:fs';
import { CascadeError } from '../../../core/errors.ts';
import type { KernelsBackend } from './backend.ts';
import { checkSgemmArgs, sgemmExtent, sgemmStoredShapes } from './sgemm-args.ts';
import { type SgemmPart, splitSgemm } from './split.ts';
import { WasmArena } from './wasm-arena.ts';
import { WasmWorkerPool } from './wasm-pool.ts';
import { slotLayout, type WasmSgemmJob } from './wasm-slot.ts';
import { type WasmGlobal, type WasmModule, webAssembly } from './webassembly.ts';

export const sgemmWasmUrl = new URL('./wasm/sgemm.wasm', import.meta.url);

export interface WasmKernelsOptions {
  /** Threads per sgemm call, the caller's included; 1 starts no workers. */
  threads: number;
  /** Memory reserved up front; it grows on demand up to `maxBytes`. Default 64 MiB. */
  initialBytes?: number;
  /** Default and wasm32 limit 4 GiB. */
  maxBytes?: number;
  /**
   * Products with fewer multiply-adds stay on the calling thread. Default 2^21: per-head attention
   * products (128×128×64 = 2^20) stay whole, since parallelising them coarsely (by head) pays better.
   */
  parallelMinMacs?: number;
  /** Atomics polls a worker spins before sleeping. Default 20000 (tens of µs). */
  spinChecks?: number;
  /** The module's bytes; default the committed wasm/sgemm.wasm. */
  wasmBytes?: Uint8Array;
}

interface SgemmExports {
  sgemm(...args: number[]): void;
  sgemm_work_floats(): number;
  __heap_base: WasmGlobal;
}

/** The part of `job` that computes block `part` of C. */
function partJob(job: WasmSgemmJob, part: SgemmPart): WasmSgemmJob {
  const aOffset = job.transA ? part.row0 : part.row0 * job.lda;
  const bOffset = job.transB ? part.col0 * job.ldb : part.col0;
  return {
    ...job,
    M: part.rows,
    N: part.cols,
    A: job.A + 4 * aOffset,
    B: job.B + 4 * bOffset,
    C: job.C + 4 * (part.row0 * job.ldc + part.col0),
  };
}

function loadModule(bytes: Uint8Array): WasmModule {
  if (!webAssembly.validate(bytes)) {
    throw new CascadeError(
      'kernels-wasm-unsupported',
      'this runtime cannot compile the sgemm module (it needs WebAssembly SIMD and threads)',
      { where: 'kernels/wasm' },
    );
  }
  return new webAssembly.Module(bytes);
}

export async function createWasmKernels(options: WasmKernelsOptions): Promise<KernelsBackend> {
  const threads = Math.max(1, Math.floor(options.threads));
  const parallelMinMacs = options.parallelMinMacs ?? 2 ** 21;
  const module = loadModule(options.wasmBytes ?? readFileSync(sgemmWasmUrl));
  const arena = new WasmArena({
    initialBytes: options.initialBytes ?? 64 * 2 ** 20,
    maxBytes: options.maxBytes ?? 2 ** 32,
  });
  const exports = new webAssembly.Instance(module, { env: { memory: arena.memory } })
    .exports as unknown as SgemmExports;
  arena.allocate(Math.ceil((exports.__heap_base.value as number) / 4));
  const workFloats = exports.sgemm_work_floats();
  const mainWork = arena.allocate(workFloats).byteOffset;
  const slots = Array.from({ length: threads - 1 }, () => ({
    slotByte: arena.allocate(slotLayout.words).byteOffset,
    workByte: arena.allocate(workFloats).byteOffset,
  }));
  const pool =
    slots.length > 0
      ? await WasmWorkerPool.start({
          module,
          memory: arena.memory,
          slots,
          spinChecks: options.spinChecks ?? 20000,
        })
      : undefined;
  let staging: Float32Array = new Float32Array(0);
  let disposed = false;

  const runMain = (job: WasmSgemmJob): void => {
    exports.sgemm(
      job.transA ? 1 : 0,
      job.transB ? 1 : 0,
      job.M,
      job.N,
      job.K,
      job.alpha,
      job.A,
      job.lda,
      job.B,
      job.ldb,
      job.beta,
      job.C,
      job.ldc,
      mainWork,
    );
  };

  const run = (job: WasmSgemmJob): void => {
    const parts =
      pool && job.M * job.N * job.K >= parallelMinMacs ? splitSgemm(job.M, job.N, pool.size + 1) : [];
    if (!pool || parts.length < 2) {
      runMain(job);
      return;
    }
    for (let p = 1; p < parts.length; p++) pool.post(p - 1, partJob(job, parts[p]));
    try {
      runMain(partJob(job, parts[0]));
    } finally {
      for (let p = 1; p < parts.length; p++) pool.wait(p - 1);
    }
  };

  return {
    name: 'wasm',
    threads,
    memory: arena.memory,
    allocate: (floats) => arena.allocate(floats),
    sgemm(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc) {
      if (disposed) throw new CascadeError('kernels-disposed', 'the WebAssembly kernels were disposed');
      checkSgemmArgs('wasm', transA, transB, M, N, K, A, lda, B, ldb, C, ldc);
      if (M === 0 || N === 0) return;
      const shapes = sgemmStoredShapes(transA, transB, M, N, K);
      const arrays = [A, B, C];
      const extents = [
        sgemmExtent(shapes.a[0], shapes.a[1], lda),
        sgemmExtent(shapes.b[0], shapes.b[1], ldb),
        sgemmExtent(M, N, ldc),
      ];
      // Operands outside the memory are copied into one staging array, each 16-byte aligned.
      const padded = extents.map((extent, i) => (arena.owns(arrays[i]) ? 0 : Math.ceil(extent / 4) * 4));
      const need = padded[0] + padded[1] + padded[2];
      if (need > staging.length) staging = arena.allocate(Math.max(need, 2 * staging.length));
      const starts = [0, padded[0], padded[0] + padded[1]];
      const address = (i: number): number => {
        if (padded[i] === 0) return arrays[i].byteOffset;
        staging.set(arrays[i].subarray(0, extents[i]), starts[i]);
        return staging.byteOffset + 4 * starts[i];
      };
      run({
        transA,
        transB,
        M,
        N,
        K,
        alpha,
        A: address(0),
        lda,
        B: address(1),
        ldb,
        beta,
        C: address(2),
        ldc,
      });
      if (padded[2] > 0) C.set(staging.subarray(starts[2], starts[2] + extents[2]));
    },
    async dispose() {
      disposed = true;
      await pool?.dispose();
    },
  };
}
