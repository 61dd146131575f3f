import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCascadeError } from '../../../core/errors.ts';
import { checkSgemmArgs, sgemmExtent } from './sgemm-args.ts';

const f = (n: number) => new Float32Array(n);

describe('checkSgemmArgs', () => {
  it('measures strided extents', () => {
    assert.equal(sgemmExtent(3, 4, 10), 24);
    assert.equal(sgemmExtent(0, 4, 10), 0);
    assert.equal(sgemmExtent(1, 7, 7), 7);
  });

  it('accepts exact fits, including transposed operands', () => {
    // op(A) 2×3 stored 3×2 (lda 2); op(B) 3×4 stored 4×3 (ldb 5, last row unpadded)
    checkSgemmArgs('t', true, true, 2, 4, 3, f(6), 2, f(18), 5, f(8), 4);
  });

  it('names the operand whose stride is too small or whose array is too short', () => {
    const bad = (fn: () => void, pattern: RegExp) =>
      assert.throws(fn, (e: unknown) => isCascadeError(e) && pattern.test(e.message));
    bad(() => checkSgemmArgs('t', false, false, 2, 2, 3, f(6), 2, f(6), 2, f(4), 2), /lda = 2 < row width 3/);
    bad(() => checkSgemmArgs('t', false, false, 2, 2, 3, f(5), 3, f(6), 2, f(4), 2), /A is 2×3 .* only 5/);
    bad(() => checkSgemmArgs('t', false, true, 2, 2, 3, f(6), 3, f(6), 3, f(3), 2), /C is 2×2/);
    bad(() => checkSgemmArgs('t', false, false, 2.5, 2, 3, f(6), 3, f(6), 2, f(4), 2), /M = 2.5/);
    bad(() => checkSgemmArgs('t', false, false, -1, 2, 3, f(6), 3, f(6), 2, f(4), 2), /M = -1/);
  });
});
