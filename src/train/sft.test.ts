import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { renderTokens } from '../chat/index.ts';
import type { Message } from '../core/messages.ts';
import { Rng } from '../core/rng.ts';
import { createEmbeddedEngine } from '../engine/embedded/engine.ts';
import { loadKernels } from '../engine/embedded/kernels/select.ts';
import { createByteTokenizer } from '../tokenizer/index.ts';
import { readTrainerState } from './checkpointing.ts';
import type { TrainerMetrics } from './metrics.ts';
import { runSft, type SftConfigInput, type SftExample, type SftRunOptions } from './sft.ts';
import { FakeEngine } from './testing/fake-engine.ts';
import { digitSftExamples, successor, TINY_MODEL, TINY_OPTIMIZER } from './testing/tiny.ts';

const tokenizer = createByteTokenizer();
const root = mkdtempSync(join(tmpdir(), 'sft-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

const chat = (user: string, answer: string, reasoning?: string): SftExample => ({
  messages: [
    { role: 'user', content: user },
    { role: 'assistant', content: answer, reasoning_content: reasoning },
  ] as Message[],
});

async function runFake(
  data: SftRunOptions['data'],
  config: SftConfigInput,
  extra: Partial<SftRunOptions> = {},
) {
  const engine = new FakeEngine({ tokenizer, respond: () => ({ text: '' }) });
  const metrics: TrainerMetrics[] = [];
  await runSft({
    engine,
    tokenizer,
    family: 'cascade-v2',
    data,
    config,
    rng: new Rng(3),
    onMetrics: (m) => metrics.push(m),
    ...extra,
  });
  return { engine, metrics };
}

const stage = (overrides: Record<string, unknown> = {}) => ({
  name: 's1',
  maxSequenceLength: 200,
  tokensPerStep: 200,
  mix: { a: 1 },
  schedule: { learningRate: 1e-3 },
  ...overrides,
});

describe('SFT plan and loss weights', () => {
  it('trains on assistant tokens only, normalised by their count in the batch', async () => {
    const example = chat('hello', 'world');
    const { engine } = await runFake({ a: [example] }, { stages: [stage()] });
    const [batch] = engine.steps;
    const rendered = renderTokens('cascade-v2', tokenizer, example.messages, { mode: 'no_think' });
    assert.deepEqual(batch.sequences, [rendered.ids]);
    assert.deepEqual(Array.from(batch.weights[0]), Array.from(rendered.lossMask));
    // "world<|im_end|>" after the prefilled "<think></think>"
    assert.equal(batch.normalizer, 6);
    assert.equal(
      tokenizer.decode(rendered.ids.filter((_, t) => rendered.lossMask[t] === 1)),
      'world<|im_end|>',
    );
  });

  it('renders thinking and non-thinking responses to the same prompt in their own modes', async () => {
    const { engine } = await runFake(
      { a: [chat('q', 'short answer'), chat('q', 'long answer', 'step by step')] },
      { stages: [stage({ tokensPerStep: 400 })] },
    );
    const texts = engine.steps[0].sequences.map((ids) => tokenizer.decode(ids));
    assert.equal(texts.length, 2);
    assert.ok(texts.some((text) => text.includes('<think></think>short answer')));
    assert.ok(texts.some((text) => text.includes('<think>\nstep by step</think>long answer')));
    // the reasoning is trained on in the thinking example
    const thinking = engine.steps[0].sequences.findIndex((ids) =>
      tokenizer.decode(ids).includes('step by step'),
    );
    const trained = engine.steps[0].sequences[thinking].filter(
      (_, t) => engine.steps[0].weights[thinking][t] === 1,
    );
    assert.equal(tokenizer.decode(trained), 'step by step</think>long answer<|im_end|>');
  });

  it('packs consecutive examples up to the token budget, drops overlong ones, upsamples by source weight', async () => {
    const a = Array.from({ length: 6 }, (_, i) => chat(`a${i}`, 'x'));
    const b = [chat('b', 'y'.repeat(300))];
    const c = Array.from({ length: 2 }, (_, i) => chat(`c${i}`, 'z'));
    const length = renderTokens('cascade-v2', tokenizer, a[0].messages, { mode: 'no_think' }).ids.length;
    const { engine, metrics } = await runFake(
      { a, b, c },
      {
        stages: [
          stage({ maxSequenceLength: 3 * length, tokensPerStep: 3 * length, mix: { a: 1, b: 1, c: 2 } }),
        ],
      },
    );
    const all = engine.steps.flatMap((batch) => batch.sequences.map((ids) => tokenizer.decode(ids)));
    // 6 of a, the long b dropped, c twice each: 10 examples in batches of at most 3
    assert.equal(all.length, 10);
    assert.ok(engine.steps.every((batch) => batch.sequences.length <= 3));
    assert.equal(engine.steps.length, 4);
    assert.equal(all.filter((text) => text.includes('c0')).length, 2);
    assert.equal(all.filter((text) => text.includes('yyy')).length, 0);
    assert.equal(metrics[0].values['data/dropped_overlong'], 1);
  });

  it('runs stages in order with their own length limit, epochs and cosine schedule with warm-up', async () => {
    const short = Array.from({ length: 4 }, (_, i) => chat(`s${i}`, 'x'));
    const long = [chat('l', 'y'.repeat(100))];
    const { engine, metrics } = await runFake(
      { short, long },
      {
        stages: [
          stage({
            name: '16k',
            maxSequenceLength: 80,
            maxSequencesPerStep: 1,
            mix: { short: 1, long: 1 },
            epochs: 2,
            schedule: { kind: 'cosine', learningRate: 1, warmupSteps: 2, minLearningRate: 0 },
          }),
          stage({ name: '32k', maxSequenceLength: 200, maxSequencesPerStep: 1, mix: { long: 1 } }),
        ],
      },
    );
    // stage 1: 4 short examples × 2 epochs, one per step (long dropped); stage 2: the long one
    assert.deepEqual(
      metrics.map((m) => m.stage),
      [...Array(8).fill('16k'), '32k'],
    );
    const rates = engine.steps.slice(0, 8).map((batch) => batch.learningRate);
    const expected = [0, 0.5, 1, ...[1, 2, 3, 4, 5].map((k) => 0.5 * (1 + Math.cos((Math.PI * k) / 6)))];
    for (const [i, rate] of rates.entries())
      assert.ok(Math.abs(rate - expected[i]) < 1e-12, `step ${i}: ${rate}`);
    assert.ok(tokenizer.decode(engine.steps[8].sequences[0]).includes('yyyy'));
  });

  it('resumes mid-stage with the same batches as the uninterrupted run', async () => {
    const data = { a: Array.from({ length: 12 }, (_, i) => chat(`p${i}`, `answer ${i}`)) };
    const config = {
      stages: [stage({ maxSequencesPerStep: 1 }), stage({ name: 's2', maxSequencesPerStep: 1, epochs: 0.5 })],
      checkpointEvery: 5,
      keepCheckpoints: 0,
    };
    const whole = await runFake(data, config, { checkpointDir: join(root, 'sft') });
    assert.equal(whole.engine.steps.length, 18);
    for (const at of [5, 15]) {
      const resumed = await runFake(data, config, {
        resume: readTrainerState(join(root, 'sft', `step-000000${String(at).padStart(2, '0')}`)),
      });
      assert.deepEqual(resumed.engine.steps, whole.engine.steps.slice(at), `resume at ${at}`);
    }
  });
});

describe('SFT on the embedded engine', () => {
  it('drives the loss of a tiny model down on a synthetic task', async () => {
    const kernels = await loadKernels('auto', { threads: 1 });
    try {
      const engine = await createEmbeddedEngine({
        config: TINY_MODEL,
        optimizer: TINY_OPTIMIZER,
        seed: 5,
        kernels,
      });
      const losses: number[] = [];
      await runSft({
        engine,
        tokenizer,
        family: 'qwen3',
        data: { digits: digitSftExamples(300, 5, (n) => successor(n)) },
        config: {
          stages: [
            {
              name: 'digits',
              maxSequenceLength: 64,
              tokensPerStep: 1200,
              epochs: 3,
              mix: { digits: 1 },
              schedule: { kind: 'cosine', learningRate: 1e-2, warmupSteps: 3 },
            },
          ],
        },
        rng: new Rng(5),
        onMetrics: (m) => losses.push(m.values.loss),
      });
      const first = losses[0];
      const last = losses.slice(-5).reduce((a, b) => a + b, 0) / 5;
      // from uniform over 265 tokens (ln 265 ≈ 5.6) to well under the format's uncertainty
      assert.ok(first > 5, `first loss ${first}`);
      assert.ok(last < first / 5, `last loss ${last} (first ${first})`);
    } finally {
      await kernels.dispose();
    }
  });
});

describe('SFT and interrupts', () => {
  it('a stop asked for by a timer (or a signal handler) lands between steps, not after the stage', async () => {
    const controller = new AbortController();
    const examples = Array.from({ length: 400 }, (_, index) => chat(`q${index}`, `a${index}`));
    setTimeout(() => controller.abort(new Error('interrupted')), 0);
    const engine = new FakeEngine({ tokenizer, respond: () => ({ text: '' }) });
    await assert.rejects(
      runSft({
        engine,
        tokenizer,
        family: 'cascade-v2',
        data: { a: examples },
        config: { stages: [stage({ maxSequenceLength: 40, tokensPerStep: 40, epochs: 5 })] },
        rng: new Rng(3),
        signal: controller.signal,
      }),
      /interrupted/,
    );
    assert.ok(engine.steps.length < 10, `${engine.steps.length} steps ran after the stop was asked for`);
  });
});
