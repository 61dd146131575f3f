import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCascadeError } from '../../../core/errors.ts';
import { WasmArena } from './wasm-arena.ts';

describe('WasmArena', () => {
  it('hands out disjoint, aligned, zeroed views of its shared memory', () => {
    const arena = new WasmArena({ initialBytes: 65536, maxBytes: 2 ** 24 });
    const a = arena.allocate(3);
    const b = arena.allocate(5);
    assert.ok(a.buffer instanceof SharedArrayBuffer);
    assert.equal(a.byteOffset % 64, 0);
    assert.equal(b.byteOffset % 64, 0);
    assert.ok(b.byteOffset >= a.byteOffset + a.byteLength);
    assert.deepEqual(Array.from(b), [0, 0, 0, 0, 0]);
    assert.ok(arena.owns(a) && arena.owns(b.subarray(2)));
    assert.ok(!arena.owns(new Float32Array(3)));
  });

  it('grows on demand and keeps views made before the growth valid and recognised', () => {
    const arena = new WasmArena({ initialBytes: 65536, maxBytes: 2 ** 24 });
    const early = arena.allocate(4);
    early[0] = 42;
    const big = arena.allocate(200_000); // 800 KB: beyond the first page
    assert.ok(arena.memory.buffer.byteLength >= big.byteOffset + big.byteLength);
    assert.equal(early[0], 42);
    assert.ok(arena.owns(early) && arena.owns(big));
    // The same bytes, seen through the grown buffer.
    assert.equal(new Float32Array(arena.memory.buffer, early.byteOffset, 1)[0], 42);
  });

  it('refuses to grow past its maximum with an error naming the sizes', () => {
    const arena = new WasmArena({ initialBytes: 65536, maxBytes: 131072 });
    assert.throws(
      () => arena.allocate(40_000),
      (e: unknown) => isCascadeError(e) && e.code === 'kernels-out-of-memory' && /131072/.test(e.message),
    );
  });
});
