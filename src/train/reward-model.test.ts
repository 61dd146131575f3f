import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { renderTokens } from '../chat/index.ts';
import { Rng } from '../core/rng.ts';
import { createEmbeddedRewardModel } from '../engine/embedded/engine.ts';
import { loadKernels } from '../engine/embedded/kernels/select.ts';
import { createByteTokenizer } from '../tokenizer/index.ts';
import { latestCheckpoint } from './checkpointing.ts';
import type { TrainerMetrics } from './metrics.ts';
import {
  createRewardScorer,
  type PairwiseRewardModel,
  type PreferencePair,
  pairAccuracy,
  rewardInputIds,
  runRewardModel,
} from './reward-model.ts';
import { TINY_MODEL, TINY_OPTIMIZER } from './testing/tiny.ts';

const tokenizer = createByteTokenizer();
const codec = { tokenizer, family: 'qwen3' as const };
const root = mkdtempSync(join(tmpdir(), 'rm-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Synthetic preferences: the chosen answer is "good", the rejected one "bad", with random padding. */
function preferencePairs(count: number, seed: number): PreferencePair[] {
  const rng = new Rng(seed);
  const word = () =>
    Array.from({ length: 1 + rng.int(4) }, () => String.fromCharCode(97 + rng.int(26))).join('');
  return Array.from({ length: count }, () => {
    const filler = word();
    const prompt = `rate ${word()}`;
    return rng.next() < 0.5
      ? { prompt, chosen: `${filler} good`, rejected: `${filler} bad` }
      : { prompt, chosen: `good ${filler}`, rejected: `bad ${filler}` };
  });
}

/** A scorer that records what it scored and gives each sequence its length. */
function lengthModel(): PairwiseRewardModel & { scored: number[][]; pairs: number } {
  const model = {
    scored: [] as number[][],
    pairs: 0,
    async score(sequences: number[][]) {
      model.scored.push(...sequences);
      return Float32Array.from(sequences, (s) => s.length);
    },
    async stepPairs(batch: { chosen: number[][]; rejected: number[][] }) {
      model.pairs += batch.chosen.length;
      return { loss: 0, gradNorm: 0, tokens: 0, accuracy: 0 };
    },
    async save() {},
  };
  return model;
}

describe('reward-model plumbing', () => {
  it('the RM reads prompt + answer in the chat template, the answer as the assistant turn', () => {
    const ids = rewardInputIds(codec, 'question', 'answer');
    const expected = renderTokens('qwen3', tokenizer, [
      { role: 'user', content: 'question' },
      { role: 'assistant', content: 'answer' },
    ]).ids;
    assert.deepEqual(ids, expected);
  });

  it('pair accuracy counts r(chosen) > r(rejected); the scorer scores in batches', async () => {
    const model = lengthModel();
    const pairs = [
      { prompt: 'p', chosen: 'longer', rejected: 'short' },
      { prompt: 'p', chosen: 'a', rejected: 'abc' },
      { prompt: 'p', chosen: 'same', rejected: 'same' },
    ];
    assert.equal(await pairAccuracy(model, codec, pairs, 2), 1 / 3);
    const scorer = createRewardScorer(model, codec, 2);
    const scores = await scorer([
      { prompt: 'p', answer: 'x' },
      { prompt: 'p', answer: 'xyz' },
      { prompt: 'p', answer: 'xy' },
    ]);
    assert.deepEqual(
      scores.map((s) => s - scores[0]),
      [0, 2, 1],
    );
  });

  it('one epoch of batches of pairsPerStep, overlong pairs dropped', async () => {
    const model = lengthModel();
    const pairs = preferencePairs(10, 1);
    pairs.push({ prompt: 'p', chosen: 'x'.repeat(500), rejected: 'y' });
    const metrics: TrainerMetrics[] = [];
    await runRewardModel({
      model,
      ...codec,
      pairs,
      config: { pairsPerStep: 4, maxSequenceLength: 100 },
      rng: new Rng(1),
      onMetrics: (m) => metrics.push(m),
    });
    assert.equal(model.pairs, 10);
    assert.deepEqual(
      metrics.map((m) => m.values['batch/pairs']),
      [4, 4, 2],
    );
    assert.equal(metrics[0].values['data/dropped_overlong'], 1);
  });
});

describe('reward model on the embedded engine', () => {
  it('reaches high pair accuracy on held-out synthetic preferences', async () => {
    const kernels = await loadKernels('auto', { threads: 1 });
    try {
      const model = await createEmbeddedRewardModel({
        config: TINY_MODEL,
        optimizer: TINY_OPTIMIZER,
        seed: 7,
        kernels,
      });
      const evalPairs = preferencePairs(100, 99);
      const before = await pairAccuracy(model, codec, evalPairs);
      const result = await runRewardModel({
        model,
        ...codec,
        pairs: preferencePairs(480, 7),
        evalPairs,
        config: { epochs: 2, pairsPerStep: 16, schedule: { learningRate: 3e-3 } },
        rng: new Rng(7),
        checkpointDir: join(root, 'rm'),
      });
      assert.ok((result.evalAccuracy ?? 0) >= 0.9, `held-out accuracy ${before} → ${result.evalAccuracy}`);
      assert.equal(latestCheckpoint(join(root, 'rm'))?.state.step, result.steps);
    } finally {
      await kernels.dispose();
    }
  });
});
