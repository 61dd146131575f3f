/**
 * Applies parsed unified-diff hunks to file contents, as `patch` does without fuzz: each hunk's old
 * lines must appear exactly (or equal up to trailing whitespace), searched outward from the line the
 * header names; a hunk that matches nowhere is an EditFormatError. A file's trailing newline is kept
 * as it was (new files get one): the reward compares `splitlines()`, which cannot see it.
 */
import { EditFormatError } from './edit-error.ts';
import type { FilePatch, Hunk } from './patch-parse.ts';

function splitContent(content: string): string[] {
  if (content === '') return [];
  const lines = content.split('\n');
  if (content.endsWith('\n')) lines.pop();
  return lines;
}

function matchesAt(lines: readonly string[], wanted: readonly string[], at: number, loose: boolean): boolean {
  if (at < 0 || at + wanted.length > lines.length) return false;
  for (let offset = 0; offset < wanted.length; offset++) {
    const have = lines[at + offset];
    const want = wanted[offset];
    if (loose ? have.trimEnd() !== want.trimEnd() : have !== want) return false;
  }
  return true;
}

/** Where `wanted` starts in `lines` at or after `from`, nearest to `expected`; exact before loose. */
function locate(lines: readonly string[], wanted: readonly string[], expected: number, from: number): number {
  for (const loose of [false, true]) {
    for (let distance = 0; distance <= lines.length + Math.abs(expected); distance++) {
      for (const at of distance === 0 ? [expected] : [expected - distance, expected + distance]) {
        if (at >= from && matchesAt(lines, wanted, at, loose)) return at;
      }
    }
  }
  return -1;
}

function applyHunks(lines: string[], hunks: readonly Hunk[], path: string): string[] {
  let result = [...lines];
  let from = 0;
  let shift = 0;
  for (const hunk of hunks) {
    const oldLines = hunk.lines.filter((line) => line.kind !== '+').map((line) => line.text);
    const newLines = hunk.lines.filter((line) => line.kind !== '-').map((line) => line.text);
    // a pure insertion's header names the line it goes after (0 = top of file)
    const expected = Math.max(0, (oldLines.length === 0 ? hunk.oldStart : hunk.oldStart - 1) + shift);
    const at =
      oldLines.length === 0 ? Math.min(expected, result.length) : locate(result, oldLines, expected, from);
    if (at < 0) throw new EditFormatError(`hunk @@ -${hunk.oldStart} @@ does not apply to ${path}`);
    // context lines keep the file's own text (they may differ from the hunk's in trailing whitespace)
    let cursor = at;
    const replacement: string[] = [];
    for (const line of hunk.lines) {
      if (line.kind === '+') replacement.push(line.text);
      else if (line.kind === ' ') replacement.push(result[cursor++]);
      else cursor += 1;
    }
    result = [...result.slice(0, at), ...replacement, ...result.slice(at + oldLines.length)];
    from = at + newLines.length;
    shift += newLines.length - oldLines.length;
  }
  return result;
}

/**
 * The new contents of every file a patch touches (a deleted file becomes ''). `files` holds the
 * original contents; a path missing there counts as an empty file only for a new-file patch.
 */
export function applyUnifiedDiff(
  files: Readonly<Record<string, string>>,
  patches: readonly FilePatch[],
): Record<string, string> {
  const changed: Record<string, string> = {};
  for (const patch of patches) {
    const path = patch.newPath ?? patch.oldPath;
    if (path === null) throw new EditFormatError('a file patch with neither old nor new path');
    const sourcePath = patch.oldPath ?? path;
    const original = sourcePath in changed ? changed[sourcePath] : files[sourcePath];
    if (original === undefined && patch.oldPath !== null) {
      throw new EditFormatError(`patch edits ${sourcePath}, which is not among the given files`);
    }
    const base = original ?? '';
    const lines = applyHunks(splitContent(base), patch.hunks, path);
    if (patch.newPath === null) {
      changed[sourcePath] = '';
      continue;
    }
    const trailingNewline = base === '' || base.endsWith('\n');
    changed[path] = lines.length === 0 ? '' : lines.join('\n') + (trailingNewline ? '\n' : '');
    // a rename empties the old path
    if (patch.oldPath !== null && patch.oldPath !== path) changed[patch.oldPath] = '';
  }
  return changed;
}
