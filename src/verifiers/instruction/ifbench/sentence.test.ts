import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { follows } from './follows.ts';
import { alliterationIncrement, increment, keyword } from './sentence.ts';

describe('sentence:alliteration_increment', () => {
  it('needs a longer alliterative run in each sentence', () => {
    // 0, then "big bad" = 2, then "silly snakes slither" = 3
    assert.equal(follows(alliterationIncrement, 'No run here. A big bad dog. Silly snakes slither.'), true);
  });
  it('fails when a sentence does not beat the one before', () => {
    assert.equal(follows(alliterationIncrement, 'A big bad dog. A red rose.'), false);
    assert.equal(follows(alliterationIncrement, 'Silly snakes slither. A big bad dog.'), false);
  });
  it('counts a first sentence with no alliteration as 0, which beats the start', () => {
    assert.equal(follows(alliterationIncrement, 'No run here.'), true);
  });
});

describe('sentence:keyword', () => {
  it('needs the keyword as a whole word of the N-th sentence, any case', () => {
    assert.equal(follows(keyword, 'First one. The Apple is red.', { word: 'apple', N: 2 }), true);
    assert.equal(follows(keyword, 'An apple. Nothing here.', { word: 'apple', N: 2 }), false);
    assert.equal(follows(keyword, 'First one. Pineapples here.', { word: 'apple', N: 2 }), false);
  });
  it('takes the keyword literally, hyphens and regex characters included', () => {
    assert.equal(follows(keyword, 'A well-known fact.', { word: 'well-known', N: 1 }), true);
    assert.equal(follows(keyword, 'I code in C++ daily.', { word: 'C++', N: 1 }), false);
    assert.equal(follows(keyword, 'I code in C.', { word: 'C.', N: 1 }), false);
  });
  it('fails when there are fewer than N sentences', () => {
    assert.equal(follows(keyword, 'Only apple here.', { word: 'apple', N: 2 }), false);
  });
});

describe('sentence:increment', () => {
  it('needs exactly small_n more words in each sentence', () => {
    assert.equal(follows(increment, 'One two. One two three. One two three four.', { small_n: 1 }), true);
    assert.equal(follows(increment, 'One two. One two three four.', { small_n: 1 }), false);
    assert.equal(follows(increment, 'One two. One two three four.', { small_n: 2 }), true);
  });
  it('passes a single sentence', () => {
    assert.equal(follows(increment, 'Just one sentence here.', { small_n: 3 }), true);
  });
});
