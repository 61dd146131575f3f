import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { specialTokenSplitter } from './special-split.ts';

describe('specialTokenSplitter', () => {
  it('cuts plain text around special strings', () => {
    const split = specialTokenSplitter(['<|im_start|>', '<|im_end|>']);
    assert.deepEqual(split('a<|im_start|>b<|im_end|><|im_end|>'), [
      { text: 'a', special: false },
      { text: '<|im_start|>', special: true },
      { text: 'b', special: false },
      { text: '<|im_end|>', special: true },
      { text: '<|im_end|>', special: true },
    ]);
  });

  it('prefers the longest special at a position, whatever the list order', () => {
    for (const specials of [
      ['<a>', '<a>b'],
      ['<a>b', '<a>'],
    ]) {
      const split = specialTokenSplitter(specials);
      assert.deepEqual(split('x<a>bc<a>'), [
        { text: 'x', special: false },
        { text: '<a>b', special: true },
        { text: 'c', special: false },
        { text: '<a>', special: true },
      ]);
    }
  });

  it('treats regular-expression characters literally', () => {
    const split = specialTokenSplitter(['a.b', '(x|y)']);
    assert.deepEqual(split('axb(x|y)a.b'), [
      { text: 'axb', special: false },
      { text: '(x|y)', special: true },
      { text: 'a.b', special: true },
    ]);
  });

  it('returns no pieces for empty text and one plain piece without specials', () => {
    assert.deepEqual(specialTokenSplitter(['<s>'])(''), []);
    assert.deepEqual(specialTokenSplitter([])('abc'), [{ text: 'abc', special: false }]);
    assert.deepEqual(specialTokenSplitter(['<s>'])('<s'), [{ text: '<s', special: false }]);
  });
});
