/**
 * Typed access to the WebAssembly global. Node has it, but this project's TypeScript libraries
 * (ES2023 + @types/node, no DOM) do not declare it; these are the few members the kernels use.
 */

export interface WasmMemory {
  /** A SharedArrayBuffer for the shared memories used here; replaced (not detached) on growth. */
  readonly buffer: ArrayBufferLike;
  /** Adds `pages` 64 KiB pages; returns the previous size in pages. */
  grow(pages: number): number;
}

/** A compiled module; it can be posted to worker threads. */
export type WasmModule = object;

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export interface WasmGlobal {
  readonly value: unknown;
}

interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  validate(bytes: Uint8Array): boolean;
}

export const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
