/**
 * Parses unified diffs (git's `diff --git` form, plain `---`/`+++` form, or a model's rough copy of
 * either) into per-file hunks. Hunk headers' line counts are honoured while they last and then
 * recounted from the body, because models miscount them; a parse failure is an EditFormatError.
 * It does not handle binary patches, copies, or mode-only changes (they carry no text hunks).
 */
import { EditFormatError } from './edit-error.ts';

export interface HunkLine {
  kind: ' ' | '-' | '+';
  text: string;
}

export interface Hunk {
  /** 1-based first old line as the header says (0 for an insertion before line 1 / a new file). */
  oldStart: number;
  lines: HunkLine[];
}

export interface FilePatch {
  /** Path before the change; null for a new file (`/dev/null`). */
  oldPath: string | null;
  /** Path after the change; null for a deleted file. */
  newPath: string | null;
  hunks: Hunk[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** `a/src/x.py\t2024-01-01` → `src/x.py`; `/dev/null` → null. */
function cleanPath(raw: string, prefix: 'a/' | 'b/'): string | null {
  let path = raw.split('\t')[0].trim();
  if (path.startsWith('"') && path.endsWith('"')) path = path.slice(1, -1);
  if (path === '/dev/null') return null;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

function isFileHeader(lines: readonly string[], index: number): boolean {
  return lines[index]?.startsWith('--- ') === true && lines[index + 1]?.startsWith('+++ ') === true;
}

function isBodyLine(line: string): boolean {
  return line.startsWith(' ') || line.startsWith('-') || line.startsWith('+') || line.startsWith('\\');
}

/** Whether a hunk body line (not a file header) comes next, skipping blank lines. */
function continuesHunk(lines: readonly string[], from: number): boolean {
  let index = from;
  while (index < lines.length && lines[index] === '') index += 1;
  return index < lines.length && isBodyLine(lines[index]) && !isFileHeader(lines, index);
}

/** Reads one hunk starting at its header line; returns the hunk and the index after it. */
function readHunk(lines: readonly string[], start: number): { hunk: Hunk; next: number } {
  const header = HUNK_HEADER.exec(lines[start]);
  if (!header) throw new EditFormatError(`malformed hunk header: ${lines[start]}`);
  let oldLeft = header[2] === undefined ? 1 : Number(header[2]);
  let newLeft = header[4] === undefined ? 1 : Number(header[4]);
  const hunk: Hunk = { oldStart: Number(header[1]), lines: [] };
  let index = start + 1;
  for (; index < lines.length; index++) {
    const line = lines[index];
    const counted = oldLeft > 0 || newLeft > 0;
    if (!counted && (!isBodyLine(line) || isFileHeader(lines, index))) break;
    // inside the counted body an empty line is a context line whose space was stripped, unless
    // no more hunk lines follow it (then the header miscounted and the hunk has ended)
    if (line === '' && counted && continuesHunk(lines, index + 1)) {
      hunk.lines.push({ kind: ' ', text: '' });
      oldLeft -= 1;
      newLeft -= 1;
      continue;
    }
    if (line.startsWith('\\')) continue; // "\ No newline at end of file": see patch-apply
    if (!isBodyLine(line)) break;
    const kind = line[0] as HunkLine['kind'];
    hunk.lines.push({ kind, text: line.slice(1) });
    if (kind !== '+') oldLeft -= 1;
    if (kind !== '-') newLeft -= 1;
  }
  if (hunk.lines.length === 0) throw new EditFormatError(`empty hunk: ${lines[start]}`);
  return { hunk, next: index };
}

/** All file patches in `text` (text outside file sections is ignored); none is an EditFormatError. */
export function parseUnifiedDiff(text: string): FilePatch[] {
  const lines = text.split('\n');
  const files: FilePatch[] = [];
  let gitPaths: { oldPath: string; newPath: string } | undefined;
  let current: FilePatch | undefined;
  let index = 0;
  while (index < lines.length) {
    const line = lines[index];
    const git = /^diff --git a\/(\S+) b\/(\S+)/.exec(line);
    if (git) {
      gitPaths = { oldPath: git[1], newPath: git[2] };
      current = undefined;
      index += 1;
    } else if (isFileHeader(lines, index)) {
      current = {
        oldPath: cleanPath(line.slice(4), 'a/'),
        newPath: cleanPath(lines[index + 1].slice(4), 'b/'),
        hunks: [],
      };
      files.push(current);
      gitPaths = undefined;
      index += 2;
    } else if (line.startsWith('@@')) {
      if (!current) {
        if (!gitPaths) throw new EditFormatError('hunk before any file header (--- / +++)');
        current = { ...gitPaths, hunks: [] };
        files.push(current);
      }
      const { hunk, next } = readHunk(lines, index);
      current.hunks.push(hunk);
      index = next;
    } else {
      index += 1;
    }
  }
  const withHunks = files.filter((file) => file.hunks.length > 0);
  if (withHunks.length === 0) throw new EditFormatError('no diff hunks found');
  return withHunks;
}
