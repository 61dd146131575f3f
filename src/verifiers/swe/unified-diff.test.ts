// Expected values computed once with Python 3.11: SWE-RL's generate_unified_diff (difflib.unified_diff
// over str.splitlines(), fromfile="old", tofile="new", lineterm="", n=3, first two lines dropped).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizedChange, pythonSplitlines, unifiedDiffLines } from './unified-diff.ts';

describe('pythonSplitlines', () => {
  it('splits on every boundary str.splitlines() knows, with no trailing empty line', () => {
    // "ab\r\ncd\x1c\x85e\n\n".splitlines() == ['ab', 'cd', '', 'e', '']
    assert.deepEqual(pythonSplitlines('ab\r\ncd\x1c\x85e\n\n'), ['ab', 'cd', '', 'e', '']);
    assert.deepEqual(pythonSplitlines(''), []);
    assert.deepEqual(pythonSplitlines('x'), ['x']);
  });
});

describe('normalizedChange', () => {
  const cases: [note: string, oldText: string, newText: string, expected: string][] = [
    [
      'two changes 6 equal lines apart share one hunk',
      'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n',
      'a\nB\nc\nd\ne\nf\ng\nh\nI\nj\n',
      '@@ -1,10 +1,10 @@\n a\n-b\n+B\n c\n d\n e\n f\n g\n h\n-i\n+I\n j',
    ],
    [
      'two changes 7 equal lines apart make two hunks',
      'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n',
      'a\nB\nc\nd\ne\nf\ng\nh\ni\nJ\nk\n',
      '@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -7,5 +7,5 @@\n g\n h\n i\n-j\n+J\n k',
    ],
    ['a new file: empty old range is 0,0', '', 'new\nfile\n', '@@ -0,0 +1,2 @@\n+new\n+file'],
    ['everything deleted', 'x\ny', '', '@@ -1,2 +0,0 @@\n-x\n-y'],
    ['one-line ranges print without a length', 'one', 'two', '@@ -1 +1 @@\n-one\n+two'],
    ['a final newline alone is no change (splitlines)', 'same\n', 'same', ''],
    [
      'CRLF, form feed and U+2028 are line breaks',
      'l1\r\nl2\fl3\u2028l4\n',
      'l1\nL2\nl3\nl4',
      '@@ -1,4 +1,4 @@\n l1\n-l2\n+L2\n l3\n l4',
    ],
  ];
  for (const [note, oldText, newText, expected] of cases) {
    it(note, () => assert.equal(normalizedChange(oldText, newText), expected));
  }
});

describe('unifiedDiffLines', () => {
  it('uses autojunk on lines as difflib.unified_diff does (blank lines are popular in 300 lines)', () => {
    const old = Array.from({ length: 300 }, (_, index) => (index % 3 === 0 ? '' : `x${index}`));
    const edited = [...old];
    edited.splice(150, 0, '', '', '');
    edited.splice(40, 3);
    const expected = [
      '--- old',
      '+++ new',
      '@@ -38,9 +38,6 @@',
      ' x37',
      ' x38',
      ' ',
      '-x40',
      '-x41',
      '-',
      ' x43',
      ' x44',
      ' ',
      '@@ -149,6 +146,9 @@',
      ' x148',
      ' x149',
      ' ',
      '+',
      '+',
      '+',
      ' x151',
      ' x152',
      ' ',
    ];
    assert.deepEqual(unifiedDiffLines(old, edited, { fromFile: 'old', toFile: 'new', context: 3 }), expected);
  });
  it('is empty for equal inputs (no headers)', () => {
    assert.deepEqual(unifiedDiffLines(['a'], ['a'], { fromFile: 'old', toFile: 'new', context: 3 }), []);
  });
});
