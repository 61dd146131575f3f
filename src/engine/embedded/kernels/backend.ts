/**
 * What a loaded kernels backend offers beyond the `Kernels` seam: an allocator whose arrays its
 * sgemm uses in place, its thread count, and a way to stop its threads.
 */
import type { Kernels } from './kernels.ts';
import type { WasmMemory } from './webassembly.ts';

export type KernelsChoice = 'auto' | 'wasm' | 'native' | 'reference';
export const kernelsChoices: readonly KernelsChoice[] = ['auto', 'wasm', 'native', 'reference'];

export interface KernelsBackend extends Kernels {
  /** Threads one sgemm call may use (1 = the calling thread only). */
  readonly threads: number;
  /**
   * The shared WebAssembly memory that `allocate` carves arrays from, when the backend has one; other
   * WebAssembly kernels can be instantiated on it to work on the same arena without copies.
   */
  readonly memory?: WasmMemory;
  /**
   * A zero-filled array of `floats` elements that sgemm reads and writes without copying. Allocate the
   * model's whole arena (parameters, gradients, optimizer state, activations) once through this and
   * hand subarray views of it to sgemm. Allocation is a bump pointer: arrays are never freed.
   */
  allocate(floats: number): Float32Array;
  /** Stops worker threads; sgemm throws afterwards. Arrays already allocated stay readable. */
  dispose(): Promise<void>;
}
