/**
 * The kernels backend seam of the embedded engine: the few operations that dominate a step.
 * Implementations: `reference.ts` (plain TypeScript loops, the ground truth), WebAssembly SIMD,
 * and a native OpenBLAS addon. All buffers are row-major Float32Array views; nothing is allocated
 * inside a kernel.
 */
export interface Kernels {
  readonly name: string;
  /**
   * C[M×N] = alpha · op(A) · op(B) + beta · C, row-major. op(A) is M×K (A stored K×M when transA),
   * op(B) is K×N (B stored N×K when transB). lda/ldb/ldc are row strides in elements.
   */
  sgemm(
    transA: boolean,
    transB: boolean,
    M: number,
    N: number,
    K: number,
    alpha: number,
    A: Float32Array,
    lda: number,
    B: Float32Array,
    ldb: number,
    beta: number,
    C: Float32Array,
    ldc: number,
  ): void;
  /**
   * Optional, for backends with a faster one than the WebAssembly kernel: decode attention for A rows
   * over a (rows, capacity, KVH·D) KV cache. rows[2a] is row a's first cache float, rows[2a+1] its span
   * (positions 0..span−1); q, y: (A, H·D); query head h reads kv head h / (H/KVH). The same contract as
   * `WasmElementwise.decodeAttention`, which keeps its scores in a caller's scratch instead.
   */
  decodeAttention?(
    q: Float32Array,
    y: Float32Array,
    keys: Float32Array,
    values: Float32Array,
    rows: Int32Array,
    A: number,
    H: number,
    KVH: number,
    D: number,
    scale: number,
  ): void;
}
