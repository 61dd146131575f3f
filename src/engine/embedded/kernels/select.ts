/**
 * Picks the kernels backend: `auto` takes the OpenBLAS addon when it loads, else WebAssembly SIMD,
 * else the plain TypeScript reference. A forced choice that cannot load is an error saying what to
 * install. Reads no environment: the CLI passes CASCADE_KERNELS / CASCADE_THREADS in as values.
 */
import { availableParallelism } from 'node:os';
import { CascadeError } from '../../../core/errors.ts';
import { type KernelsBackend, type KernelsChoice, kernelsChoices } from './backend.ts';
import { loadNativeKernels } from './native.ts';
import { referenceKernels } from './reference.ts';
import { createWasmKernels, type WasmKernelsOptions } from './wasm.ts';

export interface LoadKernelsOptions {
  /** Threads per GEMM (WebAssembly workers + caller, or OpenBLAS threads); default all cores. */
  threads?: number;
  /** Where the built addon is; default native/build/Release/cascade_blas.node. */
  addonPath?: string;
  /** Tuning of the WebAssembly backend. */
  wasm?: Omit<WasmKernelsOptions, 'threads'>;
}

/** Validates a user-given choice (e.g. CASCADE_KERNELS); undefined or '' means auto. */
export function parseKernelsChoice(value: string | undefined, where = 'CASCADE_KERNELS'): KernelsChoice {
  if (value === undefined || value === '') return 'auto';
  const choice = kernelsChoices.find((c) => c === value.trim().toLowerCase());
  if (!choice) {
    throw new CascadeError('kernels-bad-choice', `"${value}" is not one of ${kernelsChoices.join(', ')}`, {
      where,
    });
  }
  return choice;
}

function referenceBackend(): KernelsBackend {
  return {
    name: referenceKernels.name,
    threads: 1,
    sgemm: referenceKernels.sgemm,
    allocate: (floats) => new Float32Array(floats),
    async dispose() {},
  };
}

export async function loadKernels(
  choice: KernelsChoice = 'auto',
  options: LoadKernelsOptions = {},
): Promise<KernelsBackend> {
  const threads = options.threads ?? availableParallelism();
  if (choice === 'reference') return referenceBackend();
  if (choice === 'native' || choice === 'auto') {
    const native = loadNativeKernels({ threads, addonPath: options.addonPath, ...options.wasm });
    if (native.ok) return native.backend;
    if (choice === 'native') {
      throw new CascadeError(
        'kernels-unavailable',
        `the OpenBLAS kernels are not available (${native.reason}). HINT: apt-get install -y libopenblas-dev, ` +
          'then run `node native/build.js`; or choose CASCADE_KERNELS=wasm',
        { where: 'kernels/native' },
      );
    }
  }
  try {
    return await createWasmKernels({ threads, ...options.wasm });
  } catch (error) {
    if (choice === 'wasm') throw error;
    return referenceBackend();
  }
}
