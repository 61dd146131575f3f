/**
 * A bump allocator over one shared WebAssembly.Memory. Every array it returns lives inside the
 * memory, so WebAssembly kernels (on any thread) address it by byte offset with no copy. Memory
 * grows on demand; views made before a growth stay valid, because a shared memory never detaches.
 */
import { CascadeError } from '../../../core/errors.ts';
import { type WasmMemory, webAssembly } from './webassembly.ts';

const PAGE_BYTES = 65536;
// One cache line, and a multiple of the 16-byte SIMD width.
const ALIGN_BYTES = 64;

function alignUp(bytes: number, to: number): number {
  return Math.ceil(bytes / to) * to;
}

export interface SharedMemoryOptions {
  /** Bytes reserved up front (rounded up to 64 KiB pages). */
  initialBytes: number;
  /** Hard limit; wasm32 addresses at most 4 GiB. */
  maxBytes: number;
}

export class WasmArena {
  readonly memory: WasmMemory;
  readonly maxBytes: number;
  private top = 0;
  // Each growth gives memory.buffer a new SharedArrayBuffer object over the same bytes.
  private readonly buffers = new WeakSet<ArrayBufferLike>();

  /**
   * A WebAssembly module instantiated on `memory` keeps its first `__heap_base` bytes: claim them
   * with `allocate` before anything else.
   */
  constructor(options: SharedMemoryOptions) {
    const maxPages = Math.max(1, Math.min(65536, Math.floor(options.maxBytes / PAGE_BYTES)));
    const initialPages = Math.max(1, Math.min(maxPages, Math.ceil(options.initialBytes / PAGE_BYTES)));
    this.memory = new webAssembly.Memory({ initial: initialPages, maximum: maxPages, shared: true });
    this.maxBytes = maxPages * PAGE_BYTES;
    this.buffers.add(this.memory.buffer);
  }

  /** Bytes handed out so far, including the module's reserved start. */
  get usedBytes(): number {
    return this.top;
  }

  /** A zero-filled array of `floats` elements inside the memory, 64-byte aligned. */
  allocate(floats: number): Float32Array {
    if (!Number.isInteger(floats) || floats < 0) {
      throw new CascadeError('kernels-bad-args', `cannot allocate ${floats} floats`, {
        where: 'kernels/wasm',
      });
    }
    const start = this.top;
    const end = alignUp(start + floats * 4, ALIGN_BYTES);
    this.reserve(end);
    this.top = end;
    const buffer = this.memory.buffer;
    this.buffers.add(buffer);
    return new Float32Array(buffer, start, floats);
  }

  /** Whether `view` lies in this memory, so its byteOffset is its WebAssembly address. */
  owns(view: ArrayBufferView): boolean {
    return this.buffers.has(view.buffer);
  }

  private reserve(endBytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (endBytes <= have) return;
    if (endBytes > this.maxBytes) {
      throw new CascadeError(
        'kernels-out-of-memory',
        `the arena needs ${endBytes} bytes but its maximum is ${this.maxBytes}`,
        { where: 'kernels/wasm' },
      );
    }
    // Grow by at least a quarter, so many small allocations do not grow page by page.
    const wantBytes = Math.min(this.maxBytes, Math.max(endBytes, have + Math.floor(have / 4)));
    this.memory.grow(Math.ceil((wantBytes - have) / PAGE_BYTES));
  }
}
