import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Tokenizer } from '@huggingface/tokenizers';
import fc from 'fast-check';
import { byteLevelAlphabet } from './byte-alphabet.ts';
import { createByteTokenizer } from './byte-tokenizer.ts';
import { byteTokenizerFiles, saveByteTokenizer } from './byte-tokenizer-files.ts';
import { hfTokenizerFromJson, loadHfTokenizer } from './hf-tokenizer.ts';
import { trickyText } from './text-arbitrary.ts';

const ours = createByteTokenizer();
const files = byteTokenizerFiles();
// Hugging Face's own loader straight on the JSON, with none of our wrapper in between.
const hf = new Tokenizer(files.tokenizerJson, files.tokenizerConfigJson);
const hfIds = (text: string) => hf.encode(text, { add_special_tokens: false }).ids;

const scratch = await mkdtemp(join(tmpdir(), 'cascade-byte-tok-'));
after(() => rm(scratch, { recursive: true, force: true }));

describe('byte-level alphabet', () => {
  it('is the GPT-2 byte-to-character map', () => {
    const alphabet = byteLevelAlphabet();
    assert.equal(alphabet.length, 256);
    assert.equal(new Set(alphabet).size, 256);
    assert.equal(alphabet[0x21], '!');
    assert.equal(alphabet[0x7e], '~');
    assert.equal(alphabet[0xa1], '¡');
    assert.equal(alphabet[0xff], 'ÿ');
    assert.equal(alphabet[0x00], '\u0100'); // 'Ā'
    assert.equal(alphabet[0x20], '\u0120'); // 'Ġ'
    assert.equal(alphabet[0x7f], '\u0121'); // 'ġ'
    assert.equal(alphabet[0xad], '\u0143'); // 'Ń', the last shifted byte
  });
});

describe('byte tokenizer saved as Hugging Face files', () => {
  it('maps vocab entry for byte b to id b', () => {
    const vocab = (files.tokenizerJson.model as { vocab: Record<string, number> }).vocab;
    const alphabet = byteLevelAlphabet();
    assert.equal(Object.keys(vocab).length, 256);
    for (let byte = 0; byte < 256; byte++) assert.equal(vocab[alphabet[byte]], byte);
  });

  it('gives the same ids as @huggingface/tokenizers on fixed tricky strings', () => {
    for (const text of [
      'hello world',
      '  leading and trailing  ',
      '<|im_start|>user\nhi<|im_end|>\n<think>\n\n</think>\n\n',
      '<tool_call>{"name": "f"}</tool_call><tool_response>ok</tool_response><|endoftext|>',
      '\u0000\u0001\u001b\u007f\u0085 \ufeff\u200b\u00a0',
      '👨‍👩‍👧‍👦 🇯🇵 中文 日本語 한국어 العربية हिंदी e\u0301',
      'a'.repeat(5000),
    ]) {
      assert.deepEqual(ours.encode(text), hfIds(text), JSON.stringify(text.slice(0, 40)));
    }
  });

  it('gives the same ids and the same decoded text as @huggingface/tokenizers on random text (fast-check)', () => {
    fc.assert(
      fc.property(trickyText(), (text) => {
        const ids = ours.encode(text);
        assert.deepEqual(hfIds(text), ids);
        if (ids.length > 0) assert.equal(hf.decode(ids, { clean_up_tokenization_spaces: false }), text);
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with @huggingface/tokenizers on decoding arbitrary id sequences, cut characters included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 264 }), { minLength: 1, maxLength: 40 }), (ids) => {
        assert.equal(ours.decode(ids), hf.decode(ids, { clean_up_tokenization_spaces: false }));
        assert.equal(
          ours.decode(ids, { skipSpecialTokens: true }),
          hf.decode(ids, { skip_special_tokens: true, clean_up_tokenization_spaces: false }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('saves to a directory that loadHfTokenizer reads back with the same ids, specials and eos', async () => {
    const dir = join(scratch, 'nested', 'tok');
    await saveByteTokenizer(dir, { chat_template: '{{ messages }}' });
    const loaded = await loadHfTokenizer(dir);
    assert.equal(loaded.vocabSize, ours.vocabSize);
    assert.equal(loaded.eosTokenId, ours.eosTokenId);
    assert.deepEqual(loaded.specialTokens, ours.specialTokens);
    const text = 'x<|im_start|>ünïcödé 🎉<think>\t\r\n</think><|im_end|>';
    assert.deepEqual(loaded.encode(text), ours.encode(text));
    assert.equal(loaded.decode(ours.encode(text)), text);
    assert.equal(
      loaded.decode(ours.encode(text), { skipSpecialTokens: true }),
      'xünïcödé 🎉<think>\t\r\n</think>',
    );
    for (let id = 0; id < ours.vocabSize; id++) assert.equal(loaded.idToToken(id), ours.idToToken(id));
    const config = JSON.parse(await readFile(join(dir, 'tokenizer_config.json'), 'utf8'));
    assert.equal(config.chat_template, '{{ messages }}');
    assert.equal(config.eos_token, '<|im_end|>');
  });

  it('keeps the token fields when extra config tries to override them', () => {
    const { tokenizerConfigJson } = byteTokenizerFiles({ eos_token: '<|endoftext|>', chat_template: 't' });
    assert.equal(tokenizerConfigJson.eos_token, '<|im_end|>');
    assert.equal(tokenizerConfigJson.chat_template, 't');
    const wrapped = hfTokenizerFromJson({ ...byteTokenizerFiles(), name: 'in-memory' });
    assert.equal(wrapped.eosTokenId, 258);
  });
});
