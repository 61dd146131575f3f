/**
 * The native backend: native/addon/ (OpenBLAS sgemm split over the addon's own threads, and decode
 * attention), built by `node native/build.js` (the optional install step) when libopenblas-dev is
 * present. It works on any typed array in place; `allocate` still hands out arrays of a shared
 * WebAssembly memory, so one arena layout serves every backend and WebAssembly elementwise kernels
 * can share it.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { KernelsBackend } from './backend.ts';
import { checkSgemmArgs } from './sgemm-args.ts';
import { WasmArena } from './wasm-arena.ts';

export const defaultAddonPath = fileURLToPath(
  new URL('../../../../native/build/Release/cascade_blas.node', import.meta.url),
);

/** The addon's exports (native/addon/binding.c). */
interface BlasAddon {
  sgemm(
    transA: boolean,
    transB: boolean,
    M: number,
    N: number,
    K: number,
    alpha: number,
    A: Float32Array,
    lda: number,
    B: Float32Array,
    ldb: number,
    beta: number,
    C: Float32Array,
    ldc: number,
  ): void;
  decodeAttention(
    q: Float32Array,
    y: Float32Array,
    keys: Float32Array,
    values: Float32Array,
    rows: Int32Array,
    A: number,
    H: number,
    KVH: number,
    D: number,
    scale: number,
  ): void;
  /** The addon's threads (the caller plus helpers); OpenBLAS itself runs single-threaded inside. */
  setThreads(threads: number): void;
  getThreads(): number;
  config(): string;
}

export interface NativeKernelsOptions {
  /** Threads one kernel call may use (the caller plus helper threads). */
  threads: number;
  addonPath?: string;
  /** Arena limits, as for the WebAssembly backend. */
  initialBytes?: number;
  maxBytes?: number;
}

export type NativeLoad =
  | { ok: true; backend: KernelsBackend; config: string }
  | { ok: false; reason: string };

/** Loads the addon, or says why it cannot (not built, or built for another Node). */
export function loadNativeKernels(options: NativeKernelsOptions): NativeLoad {
  const path = options.addonPath ?? defaultAddonPath;
  let addon: BlasAddon;
  try {
    addon = createRequire(import.meta.url)(path) as BlasAddon;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, reason: `cannot load ${path}: ${detail}` };
  }
  const threads = Math.max(1, Math.floor(options.threads));
  addon.setThreads(threads);
  const arena = new WasmArena({
    initialBytes: options.initialBytes ?? 2 ** 20,
    maxBytes: options.maxBytes ?? 2 ** 32,
  });
  const backend: KernelsBackend = {
    name: 'native',
    threads,
    memory: arena.memory,
    allocate: (floats) => arena.allocate(floats),
    sgemm(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc) {
      checkSgemmArgs('native', transA, transB, M, N, K, A, lda, B, ldb, C, ldc);
      // The addon's thread count is process-wide: another backend may have changed it.
      if (addon.getThreads() !== threads) addon.setThreads(threads);
      addon.sgemm(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    },
    decodeAttention(q, y, keys, values, rows, A, H, KVH, D, scale) {
      if (addon.getThreads() !== threads) addon.setThreads(threads);
      addon.decodeAttention(q, y, keys, values, rows, A, H, KVH, D, scale);
    },
    async dispose() {},
  };
  return { ok: true, backend, config: addon.config() };
}
