import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  conjunctions,
  keywordsMultiple,
  numbers,
  personNames,
  pronouns,
  punctuation,
  uniqueWordCount,
  wordCountRange,
  wordsJapanese,
} from './count.ts';
import { follows } from './follows.ts';

describe('count:word_count_range', () => {
  const range = { min_words: 3, max_words: 5 };
  it('accepts both ends of the range', () => {
    assert.equal(follows(wordCountRange, 'one two three', range), true);
    assert.equal(follows(wordCountRange, 'one two three four five', range), true);
  });
  it('rejects one word below and one above', () => {
    assert.equal(follows(wordCountRange, 'one two', range), false);
    assert.equal(follows(wordCountRange, 'one two three four five six', range), false);
  });
  it('counts \\w+ runs, so an apostrophe splits a word', () => {
    assert.equal(follows(wordCountRange, "I don't know", { min_words: 4, max_words: 4 }), true);
  });
});

describe('count:unique_word_count', () => {
  it('ignores case and surrounding punctuation', () => {
    assert.equal(follows(uniqueWordCount, 'The the THE cat.', { N: 2 }), true);
    assert.equal(follows(uniqueWordCount, 'The the THE cat.', { N: 3 }), false);
  });
  it('counts a punctuation-only word once, as the empty word (upstream quirk)', () => {
    assert.equal(follows(uniqueWordCount, 'a b ... !!', { N: 3 }), true);
    assert.equal(follows(uniqueWordCount, 'a b ... !!', { N: 4 }), false);
  });
});

describe('count:conjunctions', () => {
  it('needs that many different coordinating conjunctions', () => {
    assert.equal(follows(conjunctions, 'tea and cake but not coffee or juice', { small_n: 3 }), true);
    assert.equal(follows(conjunctions, 'tea and cake and coffee and juice', { small_n: 2 }), false);
  });
  it('counts differently written copies of one conjunction apart (upstream keeps the raw words)', () => {
    assert.equal(follows(conjunctions, 'and And, and.', { small_n: 3 }), true);
  });
});

describe('count:person_names', () => {
  it('counts listed names as whole, case-sensitive words', () => {
    assert.equal(follows(personNames, 'Emma met Liam.', { N: 2 }), true);
    assert.equal(follows(personNames, 'Emmanuel met Liam.', { N: 2 }), false);
    assert.equal(follows(personNames, 'emma met liam.', { N: 1 }), false);
  });
  it('counts a repeated name once', () => {
    assert.equal(follows(personNames, 'Noah, Noah and Noah', { N: 2 }), false);
  });
});

describe('count:numbers', () => {
  it('needs exactly N numbers, punctuation inside a number joining it', () => {
    assert.equal(follows(numbers, 'I have 3.14 apples and 1,000 pears', { N: 2 }), true);
    assert.equal(follows(numbers, 'I have 3.14 apples and 1,000 pears', { N: 3 }), false);
    assert.equal(follows(numbers, '3 4 5', { N: 2 }), false);
  });
});

describe('count:punctuation', () => {
  it('needs . , ! ? ; : besides one interrobang', () => {
    assert.equal(follows(punctuation, 'Hi, there; note: yes. Really?! Wow! Why?'), true);
  });
  it('does not let the interrobang stand in for ? and !', () => {
    assert.equal(follows(punctuation, 'Hi, there; note: yes. Really?!'), false);
  });
  it('fails without any interrobang and accepts ‽ as one', () => {
    assert.equal(follows(punctuation, 'Hi, there; x: y. Wow! Why?'), false);
    assert.equal(follows(punctuation, 'Hi, there; x: y. Wow! Why? ‽'), true);
  });
});

describe('count:words_japanese', () => {
  it('checks every N-th whitespace word', () => {
    assert.equal(follows(wordsJapanese, 'hello 世界 world です', { N: 2 }), true);
    assert.equal(follows(wordsJapanese, 'hello world 世界', { N: 2 }), false);
  });
  it('skips numbers and punctuation-only words at those positions', () => {
    assert.equal(follows(wordsJapanese, 'a 42 b ... c', { N: 2 }), true);
  });
  it('rejects N = 0 (upstream divides by it)', () => {
    assert.throws(() => follows(wordsJapanese, 'a', { N: 0 }));
  });
});

describe('count:pronouns', () => {
  it('counts pronoun tokens, at least N', () => {
    assert.equal(follows(pronouns, 'She said he and I agreed.', { N: 3 }), true);
    assert.equal(follows(pronouns, 'She said he and I agreed.', { N: 4 }), false);
  });
  it('splits pronoun sets on "/" and contractions off their pronoun', () => {
    assert.equal(follows(pronouns, 'Use she/her/hers.', { N: 3 }), true);
    assert.equal(follows(pronouns, "I'm sure it's fine", { N: 2 }), true);
    assert.equal(follows(pronouns, "I'm sure it's fine", { N: 3 }), false);
  });
});

describe('count:keywords_multiple', () => {
  const kwargs = { keyword1: 'apple', keyword2: 'pear', keyword3: 'kiwi', keyword4: 'fig', keyword5: 'lime' };
  const text = (apples: number) =>
    [
      ...Array(apples).fill('apple'),
      ...Array(2).fill('pear'),
      ...Array(3).fill('kiwi'),
      ...Array(5).fill('fig'),
      ...Array(7).fill('lime'),
    ].join(' ');
  it('needs exactly 1, 2, 3, 5 and 7 occurrences', () => {
    assert.equal(follows(keywordsMultiple, text(1), kwargs), true);
    assert.equal(follows(keywordsMultiple, text(2), kwargs), false);
    assert.equal(follows(keywordsMultiple, text(0), kwargs), false);
  });
  it('counts case-insensitive substrings, so "Pineapple" holds an apple', () => {
    assert.equal(follows(keywordsMultiple, `Pineapple ${text(1)}`, kwargs), false);
    assert.equal(follows(keywordsMultiple, `Pineapple ${text(0)}`, kwargs), true);
  });
});
