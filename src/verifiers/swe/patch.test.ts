import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EditFormatError } from './edit-error.ts';
import { applyUnifiedDiff } from './patch-apply.ts';
import { parseUnifiedDiff } from './patch-parse.ts';

const lines = (...rows: string[]) => rows.join('\n');

describe('parseUnifiedDiff', () => {
  it('reads git headers, strips a/ b/ prefixes and maps /dev/null to null', () => {
    const diff = lines(
      'diff --git a/new.py b/new.py',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/new.py',
      '@@ -0,0 +1,2 @@',
      '+x = 1',
      '+y = 2',
      '',
    );
    const [file] = parseUnifiedDiff(diff);
    assert.deepEqual([file.oldPath, file.newPath, file.hunks[0].oldStart], [null, 'new.py', 0]);
    assert.deepEqual(
      file.hunks[0].lines.map((line) => line.kind + line.text),
      ['+x = 1', '+y = 2'],
    );
  });

  it('a removed line that looks like a file header stays in the hunk while the counts last', () => {
    const diff = lines('--- a/q.sql', '+++ b/q.sql', '@@ -1,2 +1,1 @@', '--- comment', ' select 1;', '');
    const [file] = parseUnifiedDiff(diff);
    assert.deepEqual(
      file.hunks[0].lines.map((line) => line.kind + line.text),
      ['--- comment', ' select 1;'],
    );
  });

  it('an empty line inside the counted body is a context line with its space stripped', () => {
    const diff = lines('--- a/f', '+++ b/f', '@@ -1,3 +1,3 @@', ' a', '', '-b', '+c', '');
    assert.deepEqual(
      parseUnifiedDiff(diff)[0].hunks[0].lines.map((line) => line.kind + line.text),
      [' a', ' ', '-b', '+c'],
    );
  });

  it('fails on a hunk before any file header, a malformed header, or no hunks at all', () => {
    assert.throws(() => parseUnifiedDiff('@@ -1 +1 @@\n-a\n+b\n'), EditFormatError);
    assert.throws(() => parseUnifiedDiff('--- a/f\n+++ b/f\n@@ -x +1 @@\n-a\n'), EditFormatError);
    assert.throws(() => parseUnifiedDiff('just prose, no diff'), EditFormatError);
  });
});

describe('applyUnifiedDiff', () => {
  const original = { 'f.py': lines('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', '') };

  it('applies several hunks, carrying the line shift of earlier hunks', () => {
    const diff = lines(
      '--- a/f.py',
      '+++ b/f.py',
      '@@ -1,2 +1,3 @@',
      ' a',
      '+a2',
      ' b',
      '@@ -8,2 +9,1 @@',
      ' h',
      '-i',
      '',
    );
    assert.deepEqual(applyUnifiedDiff(original, parseUnifiedDiff(diff)), {
      'f.py': lines('a', 'a2', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'j', ''),
    });
  });

  it('finds a hunk whose header line number is off, and tolerates trailing whitespace', () => {
    const diff = lines('--- a/f.py', '+++ b/f.py', '@@ -1,2 +1,2 @@', ' e  ', '-f', '+F', '');
    assert.equal(
      applyUnifiedDiff(original, parseUnifiedDiff(diff))['f.py'],
      lines('a', 'b', 'c', 'd', 'e', 'F', 'g', 'h', 'i', 'j', ''),
    );
  });

  it('creates a new file and empties a deleted one', () => {
    const diff = lines(
      '--- /dev/null',
      '+++ b/g.py',
      '@@ -0,0 +1 @@',
      '+hello',
      '--- a/f.py',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-a',
      '-b',
      '',
    );
    const changed = applyUnifiedDiff({ 'f.py': 'a\nb\n' }, parseUnifiedDiff(diff));
    assert.deepEqual(changed, { 'g.py': 'hello\n', 'f.py': '' });
  });

  it('fails when a hunk matches nowhere or edits a file that was not given', () => {
    const missingLines = lines('--- a/f.py', '+++ b/f.py', '@@ -1 +1 @@', '-zzz', '+y', '');
    assert.throws(() => applyUnifiedDiff(original, parseUnifiedDiff(missingLines)), EditFormatError);
    const otherFile = lines('--- a/other.py', '+++ b/other.py', '@@ -1 +1 @@', '-a', '+b', '');
    assert.throws(() => applyUnifiedDiff(original, parseUnifiedDiff(otherFile)), /not among the given files/);
  });
});
