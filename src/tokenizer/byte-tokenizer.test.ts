import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isCascadeError } from '../core/errors.ts';
import { BYTE_VOCAB_SIZE, createByteTokenizer } from './byte-tokenizer.ts';
import { trickyText } from './text-arbitrary.ts';

const tokenizer = createByteTokenizer();

describe('byte tokenizer: ids', () => {
  it('has 256 byte ids and the nine chat specials at 256…264 in the documented order', () => {
    assert.equal(tokenizer.vocabSize, 265);
    assert.equal(BYTE_VOCAB_SIZE, 265);
    assert.deepEqual(tokenizer.specialTokens, {
      '<|endoftext|>': 256,
      '<|im_start|>': 257,
      '<|im_end|>': 258,
      '<think>': 259,
      '</think>': 260,
      '<tool_call>': 261,
      '</tool_call>': 262,
      '<tool_response>': 263,
      '</tool_response>': 264,
    });
    assert.equal(tokenizer.eosTokenId, 258);
    for (const [content, id] of Object.entries(tokenizer.specialTokens)) {
      assert.equal(tokenizer.tokenId(content), id);
      assert.equal(tokenizer.idToToken(id), content);
    }
  });

  it('encodes text as its UTF-8 bytes', () => {
    assert.deepEqual(tokenizer.encode('Hi!'), [0x48, 0x69, 0x21]);
    assert.deepEqual(tokenizer.encode('é'), [0xc3, 0xa9]);
    assert.deepEqual(tokenizer.encode('中'), [0xe4, 0xb8, 0xad]);
    assert.deepEqual(tokenizer.encode('😀'), [0xf0, 0x9f, 0x98, 0x80]);
    assert.deepEqual(tokenizer.encode('\u0000\n\u007f'), [0, 10, 127]);
    assert.deepEqual(tokenizer.encode(''), []);
  });

  it('encodes every special string as its single id, glued or not', () => {
    assert.deepEqual(tokenizer.encode('<|im_start|>user\n'), [257, 0x75, 0x73, 0x65, 0x72, 0x0a]);
    assert.deepEqual(
      tokenizer.encode('a<think>b</think><|im_end|><|endoftext|>'),
      [0x61, 259, 0x62, 260, 258, 256],
    );
    assert.deepEqual(
      tokenizer.encode('<tool_call></tool_call><tool_response></tool_response>'),
      [261, 262, 263, 264],
    );
    // Near misses stay bytes: '<|im_end' is 8 bytes, no id.
    assert.deepEqual(tokenizer.encode('<|im_end'), [...Buffer.from('<|im_end')]);
  });

  it('shows byte ids as their ByteLevel characters (GPT-2 mapping)', () => {
    assert.equal(tokenizer.idToToken(0x41), 'A');
    assert.equal(tokenizer.idToToken(0x20), '\u0120'); // 'Ġ'
    assert.equal(tokenizer.idToToken(0x0a), '\u010a'); // 'Ċ'
    assert.equal(tokenizer.idToToken(0), '\u0100');
    assert.equal(tokenizer.tokenId('\u0120'), 0x20);
    assert.equal(tokenizer.idToToken(265), undefined);
    assert.equal(tokenizer.tokenId('<|im_sep|>'), undefined);
  });
});

describe('byte tokenizer: decode', () => {
  it('round-trips tricky text exactly (fast-check)', () => {
    fc.assert(
      // trickyText never holds lone surrogates (fast-check's 'binary' unit makes whole code points).
      fc.property(trickyText(), (text) => {
        assert.equal(tokenizer.decode(tokenizer.encode(text)), text);
      }),
      { numRuns: 300 },
    );
  });

  it('turns a lone surrogate into U+FFFD, as UTF-8 encoding does', () => {
    assert.equal(tokenizer.decode(tokenizer.encode('a\ud83db')), 'a\ufffdb');
  });

  it('decodes a prefix that cuts a multi-byte character without throwing, with U+FFFD only at the end', () => {
    const ids = tokenizer.encode('héllo 世界 😀');
    for (let cut = 0; cut <= ids.length; cut++) {
      const text = tokenizer.decode(ids.slice(0, cut));
      const body = text.endsWith('\ufffd') ? text.slice(0, -1) : text;
      assert.ok(!body.includes('\ufffd'), `prefix ${cut} decoded to ${JSON.stringify(text)}`);
      assert.ok('héllo 世界 😀'.startsWith(body), `prefix ${cut} decoded to ${JSON.stringify(text)}`);
    }
    assert.equal(tokenizer.decode([0xe4, 0xb8]), '\ufffd');
  });

  it('skipSpecialTokens drops <|...|> tokens but keeps <think> and tool tags', () => {
    const ids = tokenizer.encode(
      '<|im_start|>assistant\n<think>x</think><tool_call>{}</tool_call><|im_end|><|endoftext|>',
    );
    assert.equal(
      tokenizer.decode(ids, { skipSpecialTokens: true }),
      'assistant\n<think>x</think><tool_call>{}</tool_call>',
    );
    assert.equal(
      tokenizer.decode(ids),
      '<|im_start|>assistant\n<think>x</think><tool_call>{}</tool_call><|im_end|><|endoftext|>',
    );
  });

  it('removes skipped tokens before decoding bytes, so a character split around one joins up', () => {
    // HF's Rust tokenizer gives U+0080 for [0xC2, <|endoftext|>, 0x80] with skip_special_tokens.
    assert.equal(tokenizer.decode([0xc2, 256, 0x80], { skipSpecialTokens: true }), '\u0080');
    assert.equal(tokenizer.decode([0xc2, 256, 0x80]), '\ufffd<|endoftext|>\ufffd');
  });

  it('rejects ids outside the vocabulary with a CascadeError', () => {
    for (const bad of [265, -1, 1.5, Number.NaN]) {
      assert.throws(
        () => tokenizer.decode([65, bad]),
        (error) =>
          isCascadeError(error) && error.code === 'bad_token_id' && error.message.includes('position 1'),
      );
    }
  });

  it('decodes an empty list to the empty string', () => {
    assert.equal(tokenizer.decode([]), '');
  });
});
