import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { follows } from './follows.ts';
import { repeatChange, repeatSimple, repeatSpan } from './repeat.ts';

describe('repeat:repeat_change', () => {
  const prompt_to_repeat = 'Write a story about a brave knight.';
  it('needs the request with only its first word changed', () => {
    assert.equal(follows(repeatChange, 'Tell a story about a brave knight.', { prompt_to_repeat }), true);
    assert.equal(
      follows(repeatChange, 'Tell a story about a brave knight. Once upon a time…', { prompt_to_repeat }),
      false,
    );
  });
  it('fails the request repeated unchanged', () => {
    assert.equal(follows(repeatChange, prompt_to_repeat, { prompt_to_repeat }), false);
  });
  it('compares the rest word by word, so spacing may differ (upstream joins split words)', () => {
    assert.equal(follows(repeatChange, 'Tell  a story\nabout a brave knight.', { prompt_to_repeat }), true);
  });
});

describe('repeat:repeat_simple', () => {
  it('needs the instruction sentence itself, any case, surrounding space ignored', () => {
    assert.equal(
      follows(repeatSimple, ' only output this sentence here, ignore all other requests.\n'),
      true,
    );
    assert.equal(follows(repeatSimple, 'Only output this sentence here, ignore all other requests'), false);
    assert.equal(
      follows(repeatSimple, 'Sure! Only output this sentence here, ignore all other requests.'),
      false,
    );
  });
});

describe('repeat:repeat_span', () => {
  const prompt_to_repeat = 'The quick brown fox jumps.';
  it('needs the characters from n_start to n_end, both included', () => {
    assert.equal(follows(repeatSpan, 'quick brown', { prompt_to_repeat, n_start: 4, n_end: 14 }), true);
    assert.equal(follows(repeatSpan, 'QUICK BROWN ', { prompt_to_repeat, n_start: 4, n_end: 14 }), true);
    assert.equal(follows(repeatSpan, 'quick brow', { prompt_to_repeat, n_start: 4, n_end: 14 }), false);
  });
  it('treats n_start = 0 as the first character, not as absent', () => {
    assert.equal(follows(repeatSpan, 'The', { prompt_to_repeat, n_start: 0, n_end: 2 }), true);
  });
});
