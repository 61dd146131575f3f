import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { follows } from './follows.ts';
import { overlap, sentenceBalance, sentenceType, sentenceWords, stopWords } from './ratio.ts';

describe('ratio:stop_words', () => {
  it('allows stop words up to the percentage, inclusive', () => {
    // the, on, the: 3 of 6 words
    assert.equal(follows(stopWords, 'the cat sat on the mat', { percentage: 50 }), true);
    assert.equal(follows(stopWords, 'the cat sat on the mat', { percentage: 49 }), false);
  });
  it('fails a response with no words', () => {
    assert.equal(follows(stopWords, '!!!', { percentage: 100 }), false);
  });
});

describe('ratio:sentence_type', () => {
  it('needs twice as many sentences ending in "." as in "?"', () => {
    assert.equal(follows(sentenceType, 'It rains. It pours. Why?'), true);
    assert.equal(follows(sentenceType, 'It rains. Why? How?'), false);
    assert.equal(follows(sentenceType, 'It rains. It pours. It snows. Why?'), false);
  });
  it('passes with neither kind of sentence, as 0 = 2 × 0 (upstream)', () => {
    assert.equal(follows(sentenceType, 'Hello there'), true);
  });
});

describe('ratio:sentence_balance', () => {
  it('needs as many "." as "?" as "!" sentences', () => {
    assert.equal(follows(sentenceBalance, 'Yes. Why? Wow!'), true);
    assert.equal(follows(sentenceBalance, 'Yes. No. Why? Wow!'), false);
  });
});

describe('ratio:overlap', () => {
  it('compares character trigrams with a ±2 point tolerance, inclusive', () => {
    // abc bcd: both in the reference, 100 %
    assert.equal(follows(overlap, 'abcd', { reference_text: 'abcdef', percentage: 98 }), true);
    assert.equal(follows(overlap, 'abcd', { reference_text: 'abcdef', percentage: 97 }), false);
    // abc bcx cxy xyz: one of four, 25 %
    assert.equal(follows(overlap, 'abcxyz', { reference_text: 'abcdef', percentage: 23 }), true);
    assert.equal(follows(overlap, 'abcxyz', { reference_text: 'abcdef', percentage: 22 }), false);
    assert.equal(follows(overlap, 'abcxyz', { reference_text: 'abcdef', percentage: 27 }), true);
    assert.equal(follows(overlap, 'abcxyz', { reference_text: 'abcdef', percentage: 28 }), false);
  });
  it('fails a response too short for one trigram', () => {
    assert.equal(follows(overlap, 'ab', { reference_text: 'ab', percentage: 0 }), false);
  });
});

describe('ratio:sentence_words', () => {
  it('needs three sentences of the same length', () => {
    assert.equal(follows(sentenceWords, 'Cats nap. Dogs run. Cows moo.'), true);
    assert.equal(follows(sentenceWords, 'Cats nap. Dogs run. Horses neigh.'), false);
    assert.equal(follows(sentenceWords, 'Cats nap. Dogs run.'), false);
  });
  it('does not check that the words differ (upstream checks lengths only)', () => {
    assert.equal(follows(sentenceWords, 'Cats nap. Cats nap. Cats nap.'), true);
  });
});
