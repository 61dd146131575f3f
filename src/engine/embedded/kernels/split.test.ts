import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitSgemm } from './split.ts';

function coverage(M: number, N: number, parts: number): Uint8Array {
  const hits = new Uint8Array(M * N);
  for (const p of splitSgemm(M, N, parts)) {
    for (let i = p.row0; i < p.row0 + p.rows; i++)
      for (let j = p.col0; j < p.col0 + p.cols; j++) hits[i * N + j]++;
  }
  return hits;
}

describe('splitSgemm', () => {
  it('covers every entry of C exactly once', () => {
    for (const [M, N, parts] of [
      [1024, 256, 2],
      [8, 768, 2],
      [1, 1, 4],
      [13, 3, 3],
      [5, 1000, 7],
      [130, 130, 2],
    ]) {
      assert.ok(
        coverage(M, N, parts).every((h) => h === 1),
        `M${M} N${N} parts ${parts}`,
      );
    }
  });

  it('splits the dimension with more tiles, on tile boundaries', () => {
    assert.deepEqual(splitSgemm(1024, 256, 2), [
      { row0: 0, rows: 512, col0: 0, cols: 256 },
      { row0: 512, rows: 512, col0: 0, cols: 256 },
    ]);
    assert.deepEqual(splitSgemm(8, 768, 2), [
      { row0: 0, rows: 8, col0: 0, cols: 384 },
      { row0: 0, rows: 8, col0: 384, cols: 384 },
    ]);
    for (const p of splitSgemm(101, 30, 3)) assert.equal(p.row0 % 4, 0);
  });

  it('never returns more parts than tiles, nor empty parts', () => {
    assert.equal(splitSgemm(3, 5, 2).length, 1);
    assert.deepEqual(splitSgemm(0, 5, 2), []);
    assert.ok(splitSgemm(9, 9, 8).every((p) => p.rows > 0 && p.cols > 0));
  });
});
