/**
 * The sgemm contract every kernels backend passes: random cases (odd sizes, vectors, K = 1, all
 * transposes, padded strides, alpha ≠ 1, beta 0 / 1 / other, blocks larger than the WebAssembly
 * kernel's tiles) compared with a float64 triple loop written straight from the definition.
 */
import assert from 'node:assert/strict';
import { Rng } from '../../../core/rng.ts';
import type { Kernels } from './kernels.ts';

export interface SgemmCase {
  label: string;
  transA: boolean;
  transB: boolean;
  M: number;
  N: number;
  K: number;
  alpha: number;
  beta: number;
  /** Extra floats per row beyond each operand's width. */
  padA: number;
  padB: number;
  padC: number;
}

/** C = alpha · op(A) · op(B) + beta · C in float64, plus Σ_k |alpha · a · b| + |beta · c| per entry. */
export function naiveSgemm64(
  c: SgemmCase,
  A: Float32Array,
  lda: number,
  B: Float32Array,
  ldb: number,
  C: Float32Array,
  ldc: number,
): { value: Float64Array; magnitude: Float64Array } {
  const value = new Float64Array(c.M * c.N);
  const magnitude = new Float64Array(c.M * c.N);
  for (let i = 0; i < c.M; i++) {
    for (let j = 0; j < c.N; j++) {
      let sum = 0;
      let abs = 0;
      for (let k = 0; k < c.K; k++) {
        const a = c.transA ? A[k * lda + i] : A[i * lda + k];
        const b = c.transB ? B[j * ldb + k] : B[k * ldb + j];
        sum += a * b;
        abs += Math.abs(a * b);
      }
      // beta = 0 ignores C entirely (BLAS), so a NaN there must not reach the result
      const old = c.beta === 0 ? 0 : c.beta * C[i * ldc + j];
      value[i * c.N + j] = c.alpha * sum + old;
      magnitude[i * c.N + j] = Math.abs(c.alpha) * abs + Math.abs(old);
    }
  }
  return { value, magnitude };
}

type Row = [
  label: string,
  trans: 'NN' | 'NT' | 'TN' | 'TT',
  M: number,
  N: number,
  K: number,
  alpha: number,
  beta: number,
  pads: [number, number, number],
];

// label, op(A)op(B), M, N, K, alpha, beta, extra floats per row of [A, B, C]
const fixedRows: Row[] = [
  ['1×1×1', 'NN', 1, 1, 1, 1, 0, [0, 0, 0]],
  ['row vector', 'NT', 1, 37, 19, 1, 0, [0, 3, 0]],
  ['row vector NN', 'NN', 1, 45, 21, 0.5, 1, [2, 1, 5]],
  ['column vector', 'TN', 23, 1, 17, 1, 0, [1, 0, 2]],
  ['K = 1 outer product', 'NT', 13, 11, 1, -2, 1, [0, 0, 1]],
  ['K = 0 scales C', 'NN', 5, 6, 0, 1, 0.5, [0, 0, 2]],
  ['alpha 0 scales C', 'TT', 6, 9, 7, 0, -1, [0, 0, 0]],
  ['few rows TT', 'TT', 3, 29, 33, 1.5, 0, [1, 2, 0]],
  ['few rows NT', 'NT', 3, 13, 11, 1, 0.5, [2, 1, 1]],
  ['tile edges', 'NN', 9, 17, 5, 1, 0, [0, 0, 0]],
  // Beyond the WebAssembly blocking (MC 128, KC 256, NC 1024), one dimension at a time.
  ['rows > MC', 'NT', 133, 9, 20, 0.75, 1, [3, 1, 2]],
  ['cols > NC', 'TN', 6, 1031, 7, 1, 0, [0, 5, 1]],
  ['depth > KC', 'NN', 7, 10, 523, -1, 0.5, [1, 0, 0]],
  ['rows > MC, depth > KC', 'TT', 131, 12, 261, 1, 0, [2, 2, 3]],
];

const fixedCases: SgemmCase[] = fixedRows.map(([label, trans, M, N, K, alpha, beta, [padA, padB, padC]]) => ({
  label,
  transA: trans[0] === 'T',
  transB: trans[1] === 'T',
  M,
  N,
  K,
  alpha,
  beta,
  padA,
  padB,
  padC,
}));

/** The fixed cases plus `count` random ones (sizes up to 70, every transpose pair and beta). */
export function sgemmContractCases(seed: number, count: number): SgemmCase[] {
  const rng = new Rng(seed);
  const size = () => 1 + rng.int(rng.next() < 0.3 ? 8 : 70);
  const betas = [0, 1, 0.5, -1.25];
  const random: SgemmCase[] = Array.from({ length: count }, (_, i) => ({
    label: `random ${i}`,
    transA: (i & 1) === 1,
    transB: (i & 2) === 2,
    M: size(),
    N: size(),
    K: size(),
    alpha: rng.next() < 0.5 ? 1 : rng.next() * 4 - 2,
    beta: betas[i % betas.length],
    padA: rng.next() < 0.5 ? 0 : rng.int(9),
    padB: rng.next() < 0.5 ? 0 : rng.int(9),
    padC: rng.next() < 0.5 ? 0 : rng.int(9),
  }));
  return [...fixedCases, ...random];
}

/** Allocates one operand: plain arrays, or the backend's own memory. */
export type Allocate = (floats: number) => Float32Array;

function filled(allocate: Allocate, floats: number, rng: Rng): Float32Array {
  const out = allocate(floats);
  for (let i = 0; i < floats; i++) out[i] = rng.next() * 2 - 1;
  return out;
}

/**
 * Runs one case on `kernels` and asserts every C entry is within the float32 accumulation bound
 * (K + 2)·ε·Σ|terms| of the float64 result, and that C's padding between rows is left untouched.
 */
export function checkSgemmCase(kernels: Kernels, c: SgemmCase, allocate: Allocate, seed: number): void {
  const rng = new Rng(seed);
  const [aRows, aCols] = c.transA ? [c.K, c.M] : [c.M, c.K];
  const [bRows, bCols] = c.transB ? [c.N, c.K] : [c.K, c.N];
  const lda = Math.max(1, aCols + c.padA);
  const ldb = Math.max(1, bCols + c.padB);
  const ldc = c.N + c.padC;
  const A = filled(allocate, Math.max(0, (aRows - 1) * lda + aCols), rng);
  const B = filled(allocate, Math.max(0, (bRows - 1) * ldb + bCols), rng);
  const C = filled(allocate, (c.M - 1) * ldc + c.N, rng);
  // A NaN in C must vanish when beta = 0.
  if (c.beta === 0) C[0] = Number.NaN;
  const before = C.slice();
  const expected = naiveSgemm64(c, A, lda, B, ldb, before, ldc);
  kernels.sgemm(c.transA, c.transB, c.M, c.N, c.K, c.alpha, A, lda, B, ldb, c.beta, C, ldc);
  const epsilon = 2 ** -23;
  for (let i = 0; i < c.M; i++) {
    for (let j = 0; j < ldc && i * ldc + j < C.length; j++) {
      const at = i * ldc + j;
      if (j >= c.N) {
        assert.equal(C[at], before[at], `${kernels.name} ${c.label}: padding C[${i}][${j}] was written`);
        continue;
      }
      const want = expected.value[i * c.N + j];
      const tolerance = (c.K + 2) * epsilon * expected.magnitude[i * c.N + j] + 1e-30;
      const diff = Math.abs(C[at] - want);
      assert.ok(
        diff <= tolerance,
        `${kernels.name} ${c.label} (${c.transA ? 'T' : 'N'}${c.transB ? 'T' : 'N'} M${c.M} N${c.N} K${c.K} ` +
          `alpha ${c.alpha} beta ${c.beta}): C[${i}][${j}] = ${C[at]}, want ${want}, diff ${diff} > ${tolerance}`,
      );
    }
  }
}

/** Checks every case in turn; case i gets data seed `seed + i`. */
export function checkSgemmCases(
  kernels: Kernels,
  cases: SgemmCase[],
  allocate: Allocate,
  seed: number,
): void {
  for (const [i, c] of cases.entries()) checkSgemmCase(kernels, c, allocate, seed + i);
}
