import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type CascadeError, isCascadeError } from '../core/errors.ts';
import { byteTokenizerFiles, saveByteTokenizer } from './byte-tokenizer-files.ts';
import { hfTokenizerFromJson, loadHfTokenizer } from './hf-tokenizer.ts';

const scratch = await mkdtemp(join(tmpdir(), 'cascade-hf-tok-'));
after(() => rm(scratch, { recursive: true, force: true }));

async function dirWith(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(scratch, name);
  await mkdir(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
  return dir;
}

async function rejectsWith(promise: Promise<unknown>, code: string, where: string): Promise<CascadeError> {
  let caught: unknown;
  await promise.catch((error) => {
    caught = error;
  });
  assert.ok(isCascadeError(caught), `expected a CascadeError, got ${String(caught)}`);
  assert.equal(caught.code, code);
  assert.equal(caught.where, where);
  assert.ok(caught.message.includes(where), caught.message);
  return caught;
}

const byteFiles = byteTokenizerFiles();
const byteJson = JSON.stringify(byteFiles.tokenizerJson);

describe('loadHfTokenizer: errors name the path', () => {
  it('fails on a directory that does not exist', async () => {
    const missing = join(scratch, 'no-such-dir');
    await rejectsWith(loadHfTokenizer(missing), 'tokenizer_missing', missing);
  });

  it('fails on a directory without tokenizer.json', async () => {
    const dir = await dirWith('empty', {});
    await rejectsWith(loadHfTokenizer(dir), 'tokenizer_missing', join(dir, 'tokenizer.json'));
  });

  it('fails on invalid JSON in tokenizer.json, naming that file', async () => {
    const dir = await dirWith('bad-json', { 'tokenizer.json': '{"version": "1.0",' });
    await rejectsWith(loadHfTokenizer(dir), 'bad_json', join(dir, 'tokenizer.json'));
  });

  it('fails on invalid JSON in tokenizer_config.json, naming that file', async () => {
    const dir = await dirWith('bad-config', {
      'tokenizer.json': byteJson,
      'tokenizer_config.json': 'eos_token: x',
    });
    await rejectsWith(loadHfTokenizer(dir), 'bad_json', join(dir, 'tokenizer_config.json'));
  });

  it('fails on a tokenizer_config.json that is not an object, naming that file', async () => {
    const dir = await dirWith('array-config', {
      'tokenizer.json': byteJson,
      'tokenizer_config.json': '[1, 2]',
    });
    await rejectsWith(loadHfTokenizer(dir), 'bad_tokenizer', join(dir, 'tokenizer_config.json'));
  });

  it('fails on JSON that is not a tokenizer', async () => {
    const dir = await dirWith('not-tokenizer', { 'tokenizer.json': '{"hello": "world"}' });
    await rejectsWith(loadHfTokenizer(dir), 'bad_tokenizer', join(dir, 'tokenizer.json'));
    const noModel = await dirWith('no-model', { 'tokenizer.json': '{"added_tokens": []}' });
    await rejectsWith(loadHfTokenizer(noModel), 'bad_tokenizer', join(noModel, 'tokenizer.json'));
  });

  it('fails when the end-of-sequence token is not in the vocabulary', async () => {
    const dir = await dirWith('bad-eos', {
      'tokenizer.json': byteJson,
      'tokenizer_config.json': JSON.stringify({ eos_token: '</s>' }),
    });
    const error = await rejectsWith(loadHfTokenizer(dir), 'bad_tokenizer', join(dir, 'tokenizer.json'));
    assert.match(error.message, /<\/s>/);
  });
});

describe('loadHfTokenizer: paths and defaults', () => {
  it('accepts the directory or the tokenizer.json path', async () => {
    const dir = join(scratch, 'saved');
    await saveByteTokenizer(dir);
    const fromDir = await loadHfTokenizer(dir);
    const fromFile = await loadHfTokenizer(join(dir, 'tokenizer.json'));
    assert.equal(fromDir.name, join(dir, 'tokenizer.json'));
    assert.deepEqual(fromFile.encode('<|im_start|>é'), [257, 0xc3, 0xa9]);
    assert.deepEqual(fromDir.encode('<|im_start|>é'), [257, 0xc3, 0xa9]);
  });

  it('works without tokenizer_config.json, taking <|endoftext|> as eos', async () => {
    const dir = await dirWith('no-config', { 'tokenizer.json': byteJson });
    const tokenizer = await loadHfTokenizer(dir);
    assert.equal(tokenizer.eosTokenId, 256);
    assert.equal(tokenizer.vocabSize, 265);
  });

  it('reads eos_token given as an AddedToken object', () => {
    const tokenizer = hfTokenizerFromJson({
      tokenizerJson: byteFiles.tokenizerJson,
      tokenizerConfigJson: { eos_token: { content: '<|im_end|>', special: true } },
      name: 'inline',
    });
    assert.equal(tokenizer.eosTokenId, 258);
  });

  it('decodes [] to "" and rejects unknown ids, naming the tokenizer', () => {
    const tokenizer = hfTokenizerFromJson({ ...byteFiles, name: 'inline-byte' });
    assert.equal(tokenizer.decode([]), '');
    assert.throws(
      () => tokenizer.decode([1, 265]),
      (error) => isCascadeError(error) && error.code === 'bad_token_id' && error.where === 'inline-byte',
    );
  });

  it('does not clean up spaces before punctuation unless the config asks (lossless decode)', () => {
    const text = "a , b . c ! d ? e n't";
    const lossless = hfTokenizerFromJson({ ...byteFiles, tokenizerConfigJson: {}, name: 'x' });
    assert.equal(lossless.decode(lossless.encode(text)), text);
    const cleaning = hfTokenizerFromJson({
      ...byteFiles,
      tokenizerConfigJson: { clean_up_tokenization_spaces: true },
      name: 'y',
    });
    assert.equal(cleaning.decode(cleaning.encode(text)), "a, b. c! d? en't");
  });
});
