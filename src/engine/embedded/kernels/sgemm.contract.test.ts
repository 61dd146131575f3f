import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kernels } from './kernels.ts';
import { referenceKernels } from './reference.ts';
import {
  checkSgemmCase,
  checkSgemmCases,
  naiveSgemm64,
  type SgemmCase,
  sgemmContractCases,
} from './sgemm.contract.ts';

const plain = (floats: number) => new Float32Array(floats);

describe('sgemm contract', () => {
  it('computes a 2×3 · 3×2 product by hand', () => {
    const c: SgemmCase = {
      label: 'hand',
      transA: false,
      transB: false,
      M: 2,
      N: 2,
      K: 3,
      alpha: 2,
      beta: 1,
      padA: 0,
      padB: 0,
      padC: 0,
    };
    const A = new Float32Array([1, 2, 3, 4, 5, 6]);
    const B = new Float32Array([7, 8, 9, 10, 11, 12]);
    const C = new Float32Array([1, 0, 0, 1]);
    // A·B = [[58, 64], [139, 154]]
    assert.deepEqual(Array.from(naiveSgemm64(c, A, 3, B, 2, C, 2).value), [117, 128, 278, 309]);
  });

  it('passes the reference kernels on every case', () => {
    checkSgemmCases(referenceKernels, sgemmContractCases(1, 24), plain, 100);
  });

  it('rejects a backend that ignores beta', () => {
    const noBeta: Kernels = {
      name: 'no-beta',
      sgemm: (ta, tb, M, N, K, alpha, A, lda, B, ldb, _beta, C, ldc) =>
        referenceKernels.sgemm(ta, tb, M, N, K, alpha, A, lda, B, ldb, 0, C, ldc),
    };
    const c = sgemmContractCases(1, 0).find((x) => x.label === 'K = 1 outer product')!;
    assert.throws(() => checkSgemmCase(noBeta, c, plain, 7), /no-beta K = 1 outer product/);
  });

  it('rejects a backend that writes the padding between rows of C', () => {
    const sloppy: Kernels = {
      name: 'sloppy',
      sgemm: (ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc) => {
        referenceKernels.sgemm(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
        if (ldc > N) C[N] = 0;
      },
    };
    const c = sgemmContractCases(1, 0).find((x) => x.label === 'column vector')!;
    assert.throws(() => checkSgemmCase(sloppy, c, plain, 7), /padding C\[0\]\[1\]/);
  });
});
