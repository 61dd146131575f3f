import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wordTokenize } from './treebank.ts';

describe('wordTokenize (nltk.word_tokenize)', () => {
  it('splits clitics and punctuation off words', () => {
    assert.deepEqual(wordTokenize("I don't know, said he."), [
      'I',
      'do',
      "n't",
      'know',
      ',',
      'said',
      'he',
      '.',
    ]);
    assert.deepEqual(wordTokenize("They're here"), ['They', "'re", 'here']);
  });
  it("turns double quotes into `` and ''", () => {
    assert.deepEqual(wordTokenize('"Hello," she said.'), ['``', 'Hello', ',', "''", 'she', 'said', '.']);
  });
  it('splits "cannot", keeps 1,000 whole and splits brackets', () => {
    assert.deepEqual(wordTokenize('I cannot go.'), ['I', 'can', 'not', 'go', '.']);
    assert.deepEqual(wordTokenize("It's 1,000 (roughly)."), ['It', "'s", '1,000', '(', 'roughly', ')', '.']);
  });
  it('splits the final period of each sentence only', () => {
    assert.deepEqual(wordTokenize('Mr. Smith left. He ran!'), [
      'Mr.',
      'Smith',
      'left',
      '.',
      'He',
      'ran',
      '!',
    ]);
  });
});
