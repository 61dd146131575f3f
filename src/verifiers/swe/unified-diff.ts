/**
 * `difflib.unified_diff` as SWE-RL calls it (`lineterm=""`, `n=3`, headers `old`/`new`), over lines
 * split the way Python's `str.splitlines()` splits them. This is the normal form both the model's
 * and the gold edit are turned into before they are compared; it is not a patch-file writer (no
 * `a/`/`b/` paths, no "No newline at end of file" markers).
 */
import { groupedOpcodes } from './sequence-matcher.ts';

/** Every line boundary `str.splitlines()` knows: \r\n, \n, \r, \v, \f, \x1c–\x1e, \x85, \u2028, \u2029. */
const PYTHON_LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/** Python's `str.splitlines()` (no keepends): no trailing empty line for a final newline. */
export function pythonSplitlines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(PYTHON_LINE_BREAK);
  if (PYTHON_LINE_BREAK.test(text.at(-1)!)) lines.pop();
  return lines;
}

/** difflib's `_format_range_unified`: "start,length", "start" when length is 1, start-1 when empty. */
function formatRange(start: number, stop: number): string {
  let beginning = start + 1;
  const length = stop - start;
  if (length === 1) return `${beginning}`;
  if (length === 0) beginning -= 1;
  return `${beginning},${length}`;
}

export interface UnifiedDiffOptions {
  fromFile: string;
  toFile: string;
  context: number;
}

/** `difflib.unified_diff(a, b, fromfile, tofile, lineterm="", n=context)` as a list of lines. */
export function unifiedDiffLines(
  a: readonly string[],
  b: readonly string[],
  options: UnifiedDiffOptions,
): string[] {
  const out: string[] = [];
  for (const group of groupedOpcodes(a, b, options.context, { autojunk: true })) {
    if (out.length === 0) out.push(`--- ${options.fromFile}`, `+++ ${options.toFile}`);
    const first = group[0];
    const last = group[group.length - 1];
    out.push(`@@ -${formatRange(first[1], last[2])} +${formatRange(first[3], last[4])} @@`);
    for (const [tag, i1, i2, j1, j2] of group) {
      if (tag === 'equal') {
        for (const line of a.slice(i1, i2)) out.push(` ${line}`);
        continue;
      }
      if (tag === 'replace' || tag === 'delete') for (const line of a.slice(i1, i2)) out.push(`-${line}`);
      if (tag === 'replace' || tag === 'insert') for (const line of b.slice(j1, j2)) out.push(`+${line}`);
    }
  }
  return out;
}

/** SWE-RL's `generate_unified_diff`: the diff of two file texts without its two header lines; '' when equal. */
export function normalizedChange(oldContent: string, newContent: string): string {
  const lines = unifiedDiffLines(pythonSplitlines(oldContent), pythonSplitlines(newContent), {
    fromFile: 'old',
    toFile: 'new',
    context: 3,
  });
  return lines.slice(2).join('\n');
}
