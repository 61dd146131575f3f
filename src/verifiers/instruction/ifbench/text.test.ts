import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isEmojiCodePoint } from './emoji.ts';
import { countSyllables } from './syllables.ts';
import {
  containsBoundedLiteral,
  countStopwords,
  countWords,
  isPyLower,
  isPyUpper,
  pyInt,
  pySplit,
  pyStripChars,
  removePunctuation,
  stripPunctuation,
} from './text.ts';

describe('Python string helpers', () => {
  it('split() and strip(chars) as Python does', () => {
    assert.deepEqual(pySplit('  a\tb\n\nc  '), ['a', 'b', 'c']);
    assert.deepEqual(pySplit('   '), []);
    assert.equal(pyStripChars('xxhixyx', 'xy'), 'hi');
    assert.equal(stripPunctuation('"(hello)!" '), 'hello');
    assert.equal(removePunctuation("it's-3.5!"), 'its35');
  });
  it('islower()/isupper() need a cased character', () => {
    assert.equal(isPyLower('abc1'), true);
    assert.equal(isPyLower('123'), false);
    assert.equal(isPyUpper('ABC-D'), true);
    assert.equal(isPyUpper('AbC'), false);
  });
  it('int() reads decimal digits of any script', () => {
    assert.equal(pyInt('1805'), 1805);
    assert.equal(pyInt('١٨٠٥'), 1805);
    assert.equal(pyInt('１８'), 18);
  });
  it('counts \\w+ words and NLTK English stop words', () => {
    assert.equal(countWords("It's a dog-day, 100%!"), 6);
    assert.equal(countStopwords('The cat and THE dog'), 3);
  });
});

describe('containsBoundedLiteral (re.search with \\b, Unicode)', () => {
  it('treats accented letters as word characters, as Python does', () => {
    assert.equal(containsBoundedLiteral('Emma met Liam', 'Emma', false), true);
    assert.equal(containsBoundedLiteral('Emmaé met Liam', 'Emma', false), false);
    assert.equal(containsBoundedLiteral('éEmma', 'Emma', false), false);
  });
  it('needs a word character beside a literal that ends in punctuation', () => {
    assert.equal(containsBoundedLiteral('C++ rocks', 'C++', false), false);
    assert.equal(containsBoundedLiteral('C++x', 'C++', false), true);
  });
  it('finds an overlapping later occurrence and honours ignoreCase', () => {
    assert.equal(containsBoundedLiteral('aaa-aa', 'aa', false), true);
    assert.equal(containsBoundedLiteral('EMMA', 'emma', true), true);
    assert.equal(containsBoundedLiteral('EMMA', 'emma', false), false);
  });
});

describe('countSyllables (syllapy fallback rule)', () => {
  it('counts vowel groups, silent e and consonant + le', () => {
    assert.equal(countSyllables('dog!!!!!'), 1);
    assert.equal(countSyllables('make'), 1);
    assert.equal(countSyllables('table'), 2);
    assert.equal(countSyllables('happy'), 2);
    assert.equal(countSyllables('the'), 1);
  });
  it('gives 0 for empty, punctuation-only and digit-bearing words', () => {
    assert.equal(countSyllables(''), 0);
    assert.equal(countSyllables('?!'), 0);
    assert.equal(countSyllables('abc1'), 0);
  });
});

describe('isEmojiCodePoint', () => {
  it('accepts emoji and rejects letters, digits and the variation selector', () => {
    assert.equal(isEmojiCodePoint('😀'), true);
    assert.equal(isEmojiCodePoint('☀'), true);
    assert.equal(isEmojiCodePoint('a'), false);
    assert.equal(isEmojiCodePoint('1'), false);
    assert.equal(isEmojiCodePoint('\ufe0f'), false);
  });
});
