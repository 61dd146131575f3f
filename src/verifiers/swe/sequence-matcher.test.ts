// Expected values were computed once with Python 3.11 `difflib` (commands in each note).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupedOpcodes, matchingBlocks, stringRatio } from './sequence-matcher.ts';

describe('stringRatio matches difflib.SequenceMatcher(None, a, b, autojunk=…).ratio()', () => {
  const cases: [a: string, b: string, noAutojunk: number, withAutojunk: number][] = [
    ['abcd', 'bcde', 0.75, 0.75],
    ['', '', 1.0, 1.0],
    ['a', '', 0.0, 0.0],
    [
      'private Thread currentThread;',
      'private volatile Thread currentThread;',
      0.8656716417910447,
      0.8656716417910447,
    ],
    // é, ö, ✓ and the astral 𝔘 count as one element each (Python indexes by code point)
    ['héllo wörld ✓𝔘x', 'hello world 𝔘x', 0.8275862068965517, 0.8275862068965517],
    // b has 323 items, so 'a' and 'b' (160 each > 323//100+1) are "popular" under autojunk
    ['ab'.repeat(150) + 'xyz', 'ba'.repeat(160) + 'xyz', 0.9680511182108626, 0.009584664536741214],
    ['-    return a\n+    return a + b\n', '-    return a\n+    return b + a\n', 0.9375, 0.9375],
  ];
  for (const [a, b, noAutojunk, withAutojunk] of cases) {
    it(`${JSON.stringify(a.slice(0, 24))} vs ${JSON.stringify(b.slice(0, 24))}`, () => {
      assert.equal(stringRatio(a, b, { autojunk: false }), noAutojunk);
      assert.equal(stringRatio(a, b, { autojunk: true }), withAutojunk);
    });
  }
});

describe('stringRatio on patch-like pseudo-random text', () => {
  // the same generator in Python: x = (x * 48271) % 2147483647; s += WORDS[x % len(WORDS)] until len(s) >= n
  const WORDS = [
    '    return',
    ' self.',
    'value',
    ' = ',
    'None',
    '\n',
    '+',
    '-',
    ' if ',
    'x',
    '(',
    ')',
    ':',
    '  ',
  ];
  const make = (seed: number, length: number) => {
    let text = '';
    let state = seed;
    while (text.length < length) {
      state = (state * 48271) % 2147483647;
      text += WORDS[state % WORDS.length];
    }
    return text;
  };
  it('matches Python for ~1000 characters, with and without autojunk', () => {
    const a = make(1, 1000);
    const b = make(2, 1000);
    assert.deepEqual([a.length, b.length], [1001, 1008]);
    assert.equal(stringRatio(a, b, { autojunk: false }), 0.26082628173220507);
    // every character of b is "popular" (>11 occurrences in 1008), so nothing can start a match
    assert.equal(stringRatio(a, b, { autojunk: true }), 0);
  });
});

describe('matchingBlocks', () => {
  it('matches get_matching_blocks() for the difflib documentation example', () => {
    // SequenceMatcher(None, "abxcd", "abcd").get_matching_blocks() → [(0,0,2), (3,2,2), (5,4,0)]
    assert.deepEqual(matchingBlocks(Array.from('abxcd'), Array.from('abcd'), { autojunk: true }), [
      [0, 0, 2],
      [3, 2, 2],
      [5, 4, 0],
    ]);
  });
});

describe('groupedOpcodes', () => {
  // old: 300 lines, every third blank; new: four lines inserted at the top
  const old = Array.from({ length: 300 }, (_, index) => (index % 3 === 0 ? '' : `x${index}`));
  const inserted = ['', 'x1', 'x2', '', ...old];
  it('without autojunk, sees the insertion at the top', () => {
    assert.deepEqual(groupedOpcodes(old, inserted, 3, { autojunk: false }), [
      [
        ['insert', 0, 0, 0, 4],
        ['equal', 0, 3, 4, 7],
      ],
    ]);
  });
  it('with autojunk the popular blank line is no match start, so the insertion moves (as in Python)', () => {
    const groups = groupedOpcodes(old, inserted, 3, { autojunk: true });
    assert.deepEqual(groups, [
      [
        ['equal', 1, 4, 1, 4],
        ['insert', 4, 4, 4, 8],
        ['equal', 4, 7, 8, 11],
      ],
    ]);
  });
});
