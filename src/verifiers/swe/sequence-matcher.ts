/**
 * Python's `difflib.SequenceMatcher` (Ratcliff/Obershelp) with `isjunk=None`, written again so that
 * ratios and diffs match Python's to the last digit: SWE-RL's similarity is `ratio()` with
 * `autojunk=False`, and `difflib.unified_diff` groups `get_opcodes()` with the default `autojunk=True`.
 * Sequences are arrays of strings (lines, or the code points of a string: Python indexes strings by
 * code point, so use `Array.from(text)`, never UTF-16 units).
 */

export interface MatcherOptions {
  /** Python's "popular element" heuristic: in a `b` of 200+ items, items making up over 1% are ignored as match starts. */
  autojunk: boolean;
}

/** `(i, j, size)`: `a[i:i+size] == b[j:j+size]`. */
export type MatchingBlock = readonly [i: number, j: number, size: number];

export type OpcodeTag = 'replace' | 'delete' | 'insert' | 'equal';
export type Opcode = readonly [tag: OpcodeTag, i1: number, i2: number, j1: number, j2: number];

/** Index of b: element → ascending positions, without the popular elements when autojunk is on. */
function indexB(b: readonly string[], autojunk: boolean): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  b.forEach((element, index) => {
    const list = positions.get(element);
    if (list) list.push(index);
    else positions.set(element, [index]);
  });
  if (autojunk && b.length >= 200) {
    const threshold = Math.floor(b.length / 100) + 1;
    for (const [element, list] of positions) if (list.length > threshold) positions.delete(element);
  }
  return positions;
}

/** Work arrays for findLongestMatch, one slot per element of b, allocated once per comparison. */
interface Scratch {
  runLength: Int32Array;
  row: Int32Array;
}

/** Python's `find_longest_match` (no junk set: popular elements are only excluded as match starts). */
function findLongestMatch(
  a: readonly string[],
  b: readonly string[],
  positions: Map<string, number[]>,
  scratch: Scratch,
  alo: number,
  ahi: number,
  blo: number,
  bhi: number,
): MatchingBlock {
  let besti = alo;
  let bestj = blo;
  let bestsize = 0;
  // runLength[j] = length of the match ending at a[row[j]], b[j]; valid only when row[j] is the row
  // before. Walking j downwards lets one array hold both rows (j reads j-1, not yet overwritten).
  const runLength = scratch.runLength;
  const row = scratch.row;
  for (let i = alo; i < ahi; i++) {
    const list = positions.get(a[i]);
    if (!list) continue;
    let rowBestSize = 0;
    let rowBestJ = 0;
    for (let index = list.length - 1; index >= 0; index--) {
      const j = list[index];
      if (j >= bhi) continue;
      if (j < blo) break;
      // only this call's previous row counts (Python starts each call with an empty j2len)
      const k = i > alo && j > blo && row[j - 1] === i - 1 ? runLength[j - 1] + 1 : 1;
      runLength[j] = k;
      row[j] = i;
      // ties go to the smallest j, as in Python's ascending walk with a strict `>`
      if (k >= rowBestSize) {
        rowBestSize = k;
        rowBestJ = j;
      }
    }
    if (rowBestSize > bestsize) {
      besti = i - rowBestSize + 1;
      bestj = rowBestJ - rowBestSize + 1;
      bestsize = rowBestSize;
    }
  }
  // extend over equal (popular) elements on both sides, as Python does for non-junk elements
  while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
    besti -= 1;
    bestj -= 1;
    bestsize += 1;
  }
  while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) {
    bestsize += 1;
  }
  return [besti, bestj, bestsize];
}

/** Python's `get_matching_blocks()`: sorted, adjacent blocks merged, ending with `(len(a), len(b), 0)`. */
export function matchingBlocks(
  a: readonly string[],
  b: readonly string[],
  options: MatcherOptions,
): MatchingBlock[] {
  const positions = indexB(b, options.autojunk);
  const scratch: Scratch = { runLength: new Int32Array(b.length), row: new Int32Array(b.length).fill(-1) };
  const found: MatchingBlock[] = [];
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  while (queue.length > 0) {
    const [alo, ahi, blo, bhi] = queue.pop()!;
    const match = findLongestMatch(a, b, positions, scratch, alo, ahi, blo, bhi);
    const [i, j, k] = match;
    if (k === 0) continue;
    found.push(match);
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  found.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
  const merged: MatchingBlock[] = [];
  let [i1, j1, k1] = [0, 0, 0];
  for (const [i2, j2, k2] of found) {
    if (i1 + k1 === i2 && j1 + k1 === j2) k1 += k2;
    else {
      if (k1) merged.push([i1, j1, k1]);
      [i1, j1, k1] = [i2, j2, k2];
    }
  }
  if (k1) merged.push([i1, j1, k1]);
  merged.push([a.length, b.length, 0]);
  return merged;
}

/** Python's `ratio()`: 2·M / T, and 1.0 for two empty sequences. */
export function sequenceRatio(a: readonly string[], b: readonly string[], options: MatcherOptions): number {
  const total = a.length + b.length;
  if (total === 0) return 1;
  const matches = matchingBlocks(a, b, options).reduce((sum, [, , size]) => sum + size, 0);
  return (2 * matches) / total;
}

/** `SequenceMatcher(None, a, b, autojunk=…).ratio()` over two strings, by code point. */
export function stringRatio(a: string, b: string, options: MatcherOptions): number {
  return sequenceRatio(Array.from(a), Array.from(b), options);
}

/** Python's `get_opcodes()`. */
export function opcodes(a: readonly string[], b: readonly string[], options: MatcherOptions): Opcode[] {
  const codes: Opcode[] = [];
  let i = 0;
  let j = 0;
  for (const [ai, bj, size] of matchingBlocks(a, b, options)) {
    if (i < ai && j < bj) codes.push(['replace', i, ai, j, bj]);
    else if (i < ai) codes.push(['delete', i, ai, j, bj]);
    else if (j < bj) codes.push(['insert', i, ai, j, bj]);
    i = ai + size;
    j = bj + size;
    if (size) codes.push(['equal', ai, i, bj, j]);
  }
  return codes;
}

/** Python's `get_grouped_opcodes(n)`: hunks of changes with up to `n` lines of context. */
export function groupedOpcodes(
  a: readonly string[],
  b: readonly string[],
  context: number,
  options: MatcherOptions,
): Opcode[][] {
  const codes = opcodes(a, b, options);
  if (codes.length === 0) codes.push(['equal', 0, 1, 0, 1]);
  const first = codes[0];
  if (first[0] === 'equal') {
    codes[0] = [
      'equal',
      Math.max(first[1], first[2] - context),
      first[2],
      Math.max(first[3], first[4] - context),
      first[4],
    ];
  }
  const last = codes[codes.length - 1];
  if (last[0] === 'equal') {
    codes[codes.length - 1] = [
      'equal',
      last[1],
      Math.min(last[2], last[1] + context),
      last[3],
      Math.min(last[4], last[3] + context),
    ];
  }
  const groups: Opcode[][] = [];
  let group: Opcode[] = [];
  for (const code of codes) {
    let [tag, i1, i2, j1, j2] = code;
    if (tag === 'equal' && i2 - i1 > 2 * context) {
      group.push([tag, i1, Math.min(i2, i1 + context), j1, Math.min(j2, j1 + context)]);
      groups.push(group);
      group = [];
      i1 = Math.max(i1, i2 - context);
      j1 = Math.max(j1, j2 - context);
    }
    group.push([tag, i1, i2, j1, j2]);
  }
  if (group.length > 0 && !(group.length === 1 && group[0][0] === 'equal')) groups.push(group);
  return groups;
}
