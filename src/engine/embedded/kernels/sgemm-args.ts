/**
 * Argument checks shared by the sgemm backends: a wrong stride must become an error naming the
 * operand, not an out-of-bounds read in WebAssembly or a crash in native code.
 */
import { CascadeError } from '../../../core/errors.ts';

/** Floats a rows×cols row-major operand with row stride `ld` spans (0 when empty). */
export function sgemmExtent(rows: number, cols: number, ld: number): number {
  return rows <= 0 || cols <= 0 ? 0 : (rows - 1) * ld + cols;
}

/** Stored shape [rows, cols] of each operand: op(A) is M×K, op(B) is K×N, C is M×N. */
export function sgemmStoredShapes(
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
): { a: [number, number]; b: [number, number]; c: [number, number] } {
  return { a: transA ? [K, M] : [M, K], b: transB ? [N, K] : [K, N], c: [M, N] };
}

function isCount(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 0x7fffffff;
}

export function checkSgemmArgs(
  backend: string,
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: Float32Array,
  lda: number,
  B: Float32Array,
  ldb: number,
  C: Float32Array,
  ldc: number,
): void {
  const where = `kernels/${backend} sgemm`;
  for (const [name, value] of [
    ['M', M],
    ['N', N],
    ['K', K],
    ['lda', lda],
    ['ldb', ldb],
    ['ldc', ldc],
  ] as const) {
    if (!isCount(value)) {
      throw new CascadeError('kernels-bad-args', `${name} = ${value} is not a non-negative int32`, { where });
    }
  }
  const shapes = sgemmStoredShapes(transA, transB, M, N, K);
  const operands = [
    ['A', A, lda, shapes.a],
    ['B', B, ldb, shapes.b],
    ['C', C, ldc, shapes.c],
  ] as const;
  for (const [name, array, ld, [rows, cols]] of operands) {
    if (!(array instanceof Float32Array)) {
      throw new CascadeError('kernels-bad-args', `${name} is not a Float32Array`, { where });
    }
    if (rows > 0 && cols > 0 && ld < cols) {
      throw new CascadeError('kernels-bad-args', `ld${name.toLowerCase()} = ${ld} < row width ${cols}`, {
        where,
      });
    }
    const extent = sgemmExtent(rows, cols, ld);
    if (extent > array.length) {
      throw new CascadeError(
        'kernels-bad-args',
        `${name} is ${rows}×${cols} with row stride ${ld}, spanning ${extent} floats, but has only ${array.length}`,
        { where },
      );
    }
  }
}
