import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createByteTokenizer } from '../../tokenizer/index.ts';
import { decodeOutput, findStopString, tokenPieces } from './output.ts';
import { thinkingMode } from './thinking.ts';

const tokenizer = createByteTokenizer();
const imEnd = tokenizer.tokenId('<|im_end|>') as number;
const options = {
  stopTokenIds: [imEnd, 300],
  requestStopTokenIds: [300],
  stopStrings: [] as string[],
  includeStopString: false,
  skipSpecialTokens: true,
};

describe('tokenPieces', () => {
  it('gives a multi-byte character to the token that completes it', () => {
    // "é" is two bytes, "€" three
    const ids = tokenizer.encode('aé€b');
    assert.deepEqual(tokenPieces(tokenizer, ids, false), ['a', '', 'é', '', '', '€', 'b']);
  });
  it('keeps a trailing incomplete character on the last token (as the replacement character)', () => {
    const ids = tokenizer.encode('x€').slice(0, 3);
    const pieces = tokenPieces(tokenizer, ids, false);
    assert.equal(pieces.join(''), tokenizer.decode(ids));
    assert.equal(pieces[0], 'x');
  });
  it('drops special tokens when asked', () => {
    const ids = [...tokenizer.encode('hi'), imEnd];
    assert.deepEqual(tokenPieces(tokenizer, ids, true), ['h', 'i', '']);
    assert.deepEqual(tokenPieces(tokenizer, ids, false), ['h', 'i', '<|im_end|>']);
  });
});

describe('decodeOutput', () => {
  it('keeps the stop token in the ids, not in the text; EOS has no stop_reason', () => {
    const tokens = [...tokenizer.encode('ok'), imEnd];
    const out = decodeOutput(tokenizer, { tokens, logprobs: [-1, -2, -3], finishReason: 'stop' }, options);
    assert.deepEqual(out.tokens, tokens);
    assert.equal(out.text, 'ok');
    assert.deepEqual(out.pieces, ['o', 'k', '']);
    assert.equal(out.stopReason, null);
    assert.equal(out.finishReason, 'stop');
  });
  it('reports a stop token the request named as stop_reason', () => {
    const tokens = [...tokenizer.encode('ok'), 300];
    const out = decodeOutput(tokenizer, { tokens, logprobs: [-1, -2, -3], finishReason: 'stop' }, options);
    assert.equal(out.stopReason, 300);
  });
  it('cuts at the earliest stop string, at the token that completes it', () => {
    const tokens = tokenizer.encode('one. two. three');
    const logprobs = tokens.map((_, i) => -i);
    const out = decodeOutput(
      tokenizer,
      { tokens, logprobs, finishReason: 'length' },
      { ...options, stopStrings: ['three', '. t'] },
    );
    assert.equal(out.text, 'one');
    assert.equal(out.finishReason, 'stop');
    assert.equal(out.stopReason, '. t');
    // "one. t" is 6 bytes: the sixth token completes the stop string
    assert.equal(out.tokens.length, 6);
    assert.deepEqual(out.logprobs, [-0, -1, -2, -3, -4, -5]);
    const kept = decodeOutput(
      tokenizer,
      { tokens, logprobs, finishReason: 'length' },
      { ...options, stopStrings: ['. t'], includeStopString: true },
    );
    assert.equal(kept.text, 'one. t');
  });
  it('findStopString finds nothing when nothing matches', () => {
    assert.equal(findStopString('abc', ['x', 'yz']), undefined);
    assert.deepEqual(findStopString('abcabc', ['c', 'b']), { index: 1, stop: 'b' });
  });
});

describe('thinkingMode', () => {
  const user = (content: string) => ({ role: 'user', content });
  it('enable_thinking decides when given', () => {
    assert.equal(thinkingMode([user('x /think')], false), 'no_think');
    assert.equal(thinkingMode([user('x /no_think')], true), 'think');
  });
  it('otherwise the last flag in system or user messages, else thinking', () => {
    assert.equal(thinkingMode([user('hello')], undefined), 'think');
    assert.equal(thinkingMode([user('hello /no_think')], null), 'no_think');
    assert.equal(thinkingMode([{ role: 'system', content: '/no_think' }, user('q')], undefined), 'no_think');
    assert.equal(
      thinkingMode([user('a /no_think'), { role: 'assistant', content: 'b' }, user('c /think')], undefined),
      'think',
    );
    assert.equal(
      thinkingMode([user('a /no_think'), { role: 'assistant', content: '/think' }], undefined),
      'no_think',
    );
    // a path that merely contains the word is not a flag
    assert.equal(thinkingMode([user('see /usr/no_think.txt')], undefined), 'think');
  });
});
