import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { expectTensor, loadCheckpoint, type SaveOptions, saveCheckpoint } from './checkpoint.ts';

const root = mkdtempSync(join(tmpdir(), 'checkpoint-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

const contents = (value: number): SaveOptions => ({
  config: { model_type: 'qwen3', hidden_size: 2 },
  tensors: { 'model.norm.weight': { shape: [2], data: Float32Array.from([value, value + 1]) } },
  generationConfig: { eos_token_id: 3 },
  optimizerState: {
    step: 5,
    expAvg: { 'model.norm.weight': { shape: [2], data: Float32Array.from([0.1, 0.2]) } },
    expAvgSq: { 'model.norm.weight': { shape: [2], data: Float32Array.from([0.3, 0.4]) } },
  },
  rngState: [1, 2, 3, 4],
  extra: { stage: 'sft' },
});

describe('checkpoint save/load', () => {
  it('round-trips every part, including tokenizer files', () => {
    const tokenizer = join(root, 'tokenizer-source.json');
    writeFileSync(tokenizer, '{"model":{}}');
    const dir = join(root, 'a', 'step-1');
    saveCheckpoint(dir, { ...contents(1), tokenizerFiles: { 'tokenizer.json': tokenizer } });
    const loaded = loadCheckpoint(dir);
    assert.deepEqual(loaded.config, { model_type: 'qwen3', hidden_size: 2 });
    assert.deepEqual(Array.from(loaded.tensors['model.norm.weight'].data), [1, 2]);
    assert.deepEqual(loaded.generationConfig, { eos_token_id: 3 });
    assert.equal(loaded.optimizerState?.step, 5);
    assert.deepEqual(
      Array.from(loaded.optimizerState?.expAvgSq['model.norm.weight'].data ?? []),
      [0.30000001192092896, 0.4000000059604645],
    );
    assert.deepEqual(loaded.rngState, [1, 2, 3, 4]);
    assert.deepEqual(loaded.extra, { stage: 'sft' });
    assert.equal(readFileSync(loaded.tokenizerFiles['tokenizer.json'], 'utf8'), '{"model":{}}');
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'trainer_state.json'), 'utf8')).global_step, 5);
  });

  it('replaces an existing checkpoint whole, leaving no temporary folders', () => {
    const dir = join(root, 'b', 'latest');
    saveCheckpoint(dir, { ...contents(1), tokenizerFiles: {} });
    writeFileSync(join(dir, 'stale.txt'), 'from the old checkpoint');
    saveCheckpoint(dir, { config: { v: 2 }, tensors: contents(2).tensors });
    assert.ok(!existsSync(join(dir, 'stale.txt')), 'nothing of the old checkpoint survives');
    assert.ok(!existsSync(join(dir, 'optimizer.safetensors')));
    assert.deepEqual(Array.from(loadCheckpoint(dir).tensors['model.norm.weight'].data), [2, 3]);
    assert.deepEqual(readdirSync(join(root, 'b')), ['latest']);
  });

  it('a save that fails midway leaves the previous checkpoint intact', () => {
    const dir = join(root, 'c', 'latest');
    saveCheckpoint(dir, contents(1));
    const before = readFileSync(join(dir, 'model.safetensors'));
    // model.safetensors and the optimizer state are written before the tokenizer copy fails
    assert.throws(
      () =>
        saveCheckpoint(dir, {
          ...contents(9),
          tokenizerFiles: { 'tokenizer.json': join(root, 'missing.json') },
        }),
      /cannot copy tokenizer file tokenizer\.json/,
    );
    assert.deepEqual(readFileSync(join(dir, 'model.safetensors')), before);
    assert.deepEqual(Array.from(loadCheckpoint(dir).tensors['model.norm.weight'].data), [1, 2]);
    assert.deepEqual(readdirSync(join(root, 'c')), ['latest'], 'the temporary folder is cleaned up');
  });

  it('errors name the file and the key', () => {
    assert.throws(() => loadCheckpoint(join(root, 'nowhere')), /nowhere[/\\]config\.json: file not found/);
    const dir = join(root, 'd');
    saveCheckpoint(dir, contents(1));
    const { tensors } = loadCheckpoint(dir);
    assert.throws(
      () => expectTensor(tensors, 'lm_head.weight', [2], 'model.safetensors'),
      /model\.safetensors: lm_head\.weight: tensor is missing/,
    );
    assert.throws(
      () => expectTensor(tensors, 'model.norm.weight', [3], 'model.safetensors'),
      /model\.safetensors: model\.norm\.weight: expected shape \[3\], found \[2\]/,
    );
    writeFileSync(join(dir, 'rng_state.json'), '{"rng": [1, 2]}');
    assert.throws(() => loadCheckpoint(dir), /rng_state\.json: rng: rng must be four integers/);
  });
});
