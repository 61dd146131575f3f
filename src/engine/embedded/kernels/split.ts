/**
 * How a GEMM is divided between threads: contiguous blocks of output rows or columns, in whole
 * register tiles, along whichever dimension has more tiles. Each part is an independent GEMM.
 */

/** Output block [row0, row0 + rows) × [col0, col0 + cols) of C. */
export interface SgemmPart {
  row0: number;
  rows: number;
  col0: number;
  cols: number;
}

// The WebAssembly kernel's register tile is 4 rows × 8 columns.
const ROW_TILE = 4;
const COL_TILE = 8;

function blocks(length: number, tile: number, parts: number): Array<[number, number]> {
  const tiles = Math.ceil(length / tile);
  const used = Math.max(1, Math.min(parts, tiles));
  const out: Array<[number, number]> = [];
  for (let p = 0; p < used; p++) {
    const start = Math.min(length, Math.floor((p * tiles) / used) * tile);
    const end = Math.min(length, Math.floor(((p + 1) * tiles) / used) * tile);
    if (end > start) out.push([start, end - start]);
  }
  return out;
}

/** At most `parts` non-empty blocks covering C[M×N] exactly once. */
export function splitSgemm(M: number, N: number, parts: number): SgemmPart[] {
  if (M <= 0 || N <= 0) return [];
  if (Math.ceil(M / ROW_TILE) >= Math.ceil(N / COL_TILE)) {
    return blocks(M, ROW_TILE, parts).map(([row0, rows]) => ({ row0, rows, col0: 0, cols: N }));
  }
  return blocks(N, COL_TILE, parts).map(([col0, cols]) => ({ row0: 0, rows: M, col0, cols }));
}
