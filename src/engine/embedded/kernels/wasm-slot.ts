/**
 * The control block through which the main thread hands one sgemm part to one worker: a few int32
 * words in the shared memory, written by the main thread and signalled with Atomics.notify. The
 * worker (wasm-worker.js) receives this layout in its workerData, so it is defined only here.
 */
export const slotLayout = {
  seq: 0, // bumped by the main thread for each new job
  done: 1, // the seq the worker last finished
  op: 2, // opRun or opStop
  status: 3, // 0 ok, 1 the worker caught an error
  transA: 4,
  transB: 5,
  M: 6,
  N: 7,
  K: 8,
  A: 9,
  lda: 10,
  B: 11,
  ldb: 12,
  C: 13,
  ldc: 14,
  work: 15,
  alpha: 16, // float32 bits
  beta: 17, // float32 bits
  words: 32, // 128 bytes per slot, so two slots never share a cache line
  opRun: 0,
  opStop: 1,
} as const;

export type SlotLayout = typeof slotLayout;

/** One sgemm call in WebAssembly terms: operands as byte addresses in the shared memory. */
export interface WasmSgemmJob {
  transA: boolean;
  transB: boolean;
  M: number;
  N: number;
  K: number;
  alpha: number;
  A: number;
  lda: number;
  B: number;
  ldb: number;
  beta: number;
  C: number;
  ldc: number;
}

export function writeJob(ints: Int32Array, floats: Float32Array, job: WasmSgemmJob, work: number): void {
  const s = slotLayout;
  ints[s.op] = s.opRun;
  ints[s.transA] = job.transA ? 1 : 0;
  ints[s.transB] = job.transB ? 1 : 0;
  ints[s.M] = job.M;
  ints[s.N] = job.N;
  ints[s.K] = job.K;
  ints[s.A] = job.A;
  ints[s.lda] = job.lda;
  ints[s.B] = job.B;
  ints[s.ldb] = job.ldb;
  ints[s.C] = job.C;
  ints[s.ldc] = job.ldc;
  ints[s.work] = work;
  floats[s.alpha] = job.alpha;
  floats[s.beta] = job.beta;
}
