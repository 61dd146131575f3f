import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sentTokenize } from './punkt.ts';

describe('sentTokenize (nltk.sent_tokenize, English Punkt)', () => {
  it('breaks after . ? ! followed by whitespace and a token', () => {
    assert.deepEqual(sentTokenize("Hello world. How are you? I'm fine!"), [
      'Hello world.',
      'How are you?',
      "I'm fine!",
    ]);
  });
  it('keeps text without a final mark as one sentence, drops trailing space, and returns nothing for ""', () => {
    assert.deepEqual(sentTokenize('Hello there'), ['Hello there']);
    assert.deepEqual(sentTokenize('Hi.  '), ['Hi.']);
    assert.deepEqual(sentTokenize(''), []);
  });
  it('does not break inside a number, without a following space, or on a bare newline', () => {
    assert.deepEqual(sentTokenize('It costs 3.50 dollars. Cheap'), ['It costs 3.50 dollars.', 'Cheap']);
    assert.deepEqual(sentTokenize('Hi.There'), ['Hi.There']);
    assert.deepEqual(sentTokenize('First line\nsecond line.'), ['First line\nsecond line.']);
  });
  it('moves a closing quote or bracket to the sentence it ends', () => {
    assert.deepEqual(sentTokenize('He said "Hi." Then left.'), ['He said "Hi."', 'Then left.']);
    assert.deepEqual(sentTokenize('(Really.) Next one.'), ['(Really.)', 'Next one.']);
  });
  it('keeps a run of end marks together', () => {
    assert.deepEqual(sentTokenize('What?! No.'), ['What?!', 'No.']);
  });
  it('does not break after a known abbreviation', () => {
    assert.deepEqual(sentTokenize('Mr. Smith went to Washington. He liked it.'), [
      'Mr. Smith went to Washington.',
      'He liked it.',
    ]);
  });
  it('does not break after a number when the next word is lowercase', () => {
    assert.deepEqual(sentTokenize('It was 1999. then we left.'), ['It was 1999. then we left.']);
  });
  it('keeps leading whitespace in the first sentence, as Punkt does', () => {
    assert.deepEqual(sentTokenize('  Leading space. Next one'), ['  Leading space.', 'Next one']);
  });
});
