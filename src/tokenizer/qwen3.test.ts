// The real Qwen3 tokenizer through loadHfTokenizer, checked against ids that HF's Rust tokenizer
// produced once (golden/make-expected.mjs). Loads the 11 MB tokenizer.json once for the whole file.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeCorpus } from './golden/make-corpus.ts';
import { loadHfTokenizer } from './hf-tokenizer.ts';
import { qwen3TokenizerPath } from './qwen3-path.ts';

interface Expected {
  tokenizerSha256: string;
  corpusFile: string;
  corpusSha256: string;
  idCount: number;
  idsSha256: string;
  firstIds: number[];
  probes: { text: string; ids: number[] }[];
}

const golden = (name: string) => new URL(`./golden/${name}`, import.meta.url);
const expected: Expected = JSON.parse(readFileSync(golden('qwen3-corpus.expected.json'), 'utf8'));
const corpusBytes = readFileSync(golden(expected.corpusFile));
const corpus = corpusBytes.toString('utf8');
const qwen = await loadHfTokenizer(qwen3TokenizerPath());

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

function idsSha256(ids: readonly number[]): string {
  const bytes = new Uint8Array(ids.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < ids.length; i++) view.setUint32(i * 4, ids[i], true);
  return sha256(bytes);
}

function firstDifference(actual: readonly number[], wanted: readonly number[]): string {
  const at = wanted.findIndex((id, i) => actual[i] !== id);
  if (at < 0) return `the first ${wanted.length} ids agree; the difference is later`;
  return `first difference at id ${at}: got ${JSON.stringify(actual.slice(at, at + 8))}, want ${JSON.stringify(wanted.slice(at, at + 8))}`;
}

const CHAT_TOKENS: Record<string, number> = {
  '<|endoftext|>': 151643,
  '<|im_start|>': 151644,
  '<|im_end|>': 151645,
  '<tool_call>': 151657,
  '</tool_call>': 151658,
  '<tool_response>': 151665,
  '</tool_response>': 151666,
  '<think>': 151667,
  '</think>': 151668,
};

describe('Qwen3 tokenizer: vocabulary and special tokens', () => {
  it('has 151,643 BPE tokens plus 26 added tokens, and ends turns with <|im_end|>', () => {
    assert.equal(qwen.vocabSize, 151669);
    assert.equal(Object.keys(qwen.specialTokens).length, 26);
    assert.equal(qwen.eosTokenId, 151645);
  });

  it('round-trips each chat token as one id', () => {
    for (const [token, id] of Object.entries(CHAT_TOKENS)) {
      assert.deepEqual(qwen.encode(token), [id], token);
      assert.equal(qwen.decode([id]), token);
      assert.equal(qwen.tokenId(token), id);
      assert.equal(qwen.idToToken(id), token);
      assert.equal(qwen.specialTokens[token], id);
    }
  });

  it('skipSpecialTokens drops <|im_start|>-style tokens and keeps <think> and tool tags', () => {
    const ids = qwen.encode(
      '<|im_start|>assistant\n<think>\nok\n</think>\n\n<tool_call>\n{}\n</tool_call><|im_end|>\n<|endoftext|>',
    );
    assert.equal(
      qwen.decode(ids, { skipSpecialTokens: true }),
      'assistant\n<think>\nok\n</think>\n\n<tool_call>\n{}\n</tool_call>\n',
    );
    assert.equal(
      qwen.decode([151665, 151666], { skipSpecialTokens: true }),
      '<tool_response></tool_response>',
    );
    assert.equal(qwen.decode([151644, 151645, 151643], { skipSpecialTokens: true }), '');
  });

  it('adds no BOS or EOS when encoding', () => {
    assert.deepEqual(qwen.encode(''), []);
    const ids = qwen.encode('Hello');
    assert.equal(ids.length, 1);
    assert.equal(qwen.idToToken(ids[0]), 'Hello');
  });

  it('normalises to NFC, as tokenizer.json says', () => {
    assert.equal(qwen.decode(qwen.encode('cafe\u0301')), 'caf\u00e9');
  });
});

describe('Qwen3 tokenizer: golden ids from the HF Rust tokenizer', () => {
  it('uses the files the golden ids were made from', () => {
    assert.equal(
      sha256(readFileSync(join(qwen3TokenizerPath(), 'tokenizer.json'))),
      expected.tokenizerSha256,
      'Qwen3 tokenizer.json differs from the one the expected ids came from',
    );
    assert.equal(
      sha256(corpusBytes),
      expected.corpusSha256,
      'corpus changed: regenerate the expected ids with golden/make-expected.mjs',
    );
    assert.ok(corpusBytes.length >= 100_000);
  });

  it('has a corpus that golden/make-corpus.ts regenerates byte for byte', () => {
    assert.ok(makeCorpus() === corpus, 'make-corpus.ts no longer produces qwen3-corpus.txt');
  });

  it('encodes the corpus to the same ids (count and sha256)', () => {
    const ids = qwen.encode(corpus);
    const detail = firstDifference(ids, expected.firstIds);
    assert.equal(ids.length, expected.idCount, `id count differs; ${detail}`);
    assert.equal(idsSha256(ids), expected.idsSha256, `id hash differs; ${detail}`);
    assert.equal(qwen.decode(ids), corpus);
  });

  it('encodes the probe strings (every added token, NFC, contractions, whitespace) to the same ids', () => {
    assert.ok(expected.probes.length > 0);
    assert.ok(
      expected.probes[0].text.includes('<|im_start|>') && expected.probes[0].text.includes('<|file_sep|>'),
    );
    for (const probe of expected.probes) {
      assert.deepEqual(qwen.encode(probe.text), probe.ids, JSON.stringify(probe.text));
    }
  });
});
