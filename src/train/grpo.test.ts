import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { SampleOptions, StepBatch } from '../core/engine.ts';
import { CascadeError } from '../core/errors.ts';
import { Rng } from '../core/rng.ts';
import { failed, scored, type Verifier } from '../core/verdict.ts';
import { loadKernels } from '../engine/embedded/kernels/select.ts';
import { createByteTokenizer } from '../tokenizer/index.ts';
import { latestCheckpoint } from './checkpointing.ts';
import { type GrpoConfigInput, type GrpoRunOptions, runGrpo } from './grpo.ts';
import type { TrainerMetrics } from './metrics.ts';
import type { RolloutPrompt } from './rollout.ts';
import { FakeEngine, type FakeResponse } from './testing/fake-engine.ts';
import {
  boxedVerifier,
  DIGIT_GRPO_CONFIG,
  digitPrompts,
  sampledAccuracy,
  warmStartedPolicy,
} from './testing/tiny.ts';

const tokenizer = createByteTokenizer();
const root = mkdtempSync(join(tmpdir(), 'grpo-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

const digitOf = (promptIds: number[]) => {
  // the user turn of the qwen3 template is "<|im_start|>user\n<digit><|im_end|>"
  const text = tokenizer.decode(promptIds);
  return Number(/user\n(\d)/.exec(text)?.[1]);
};

const baseConfig = (overrides: Partial<GrpoConfigInput> = {}): GrpoConfigInput => ({
  subStages: [{ name: 'a', steps: 1, maxResponseLength: 16 }],
  promptsPerStep: 2,
  groupSize: 4,
  thinkingMode: 'no_think',
  schedule: { learningRate: 1e-3 },
  ...overrides,
});

async function run(
  respond: (promptIds: number[], sample: number, call: number, options: SampleOptions) => FakeResponse,
  config: GrpoConfigInput,
  extra: Partial<GrpoRunOptions> = {},
) {
  const engine = new FakeEngine({ tokenizer, respond });
  const metrics: TrainerMetrics[] = [];
  await runGrpo({
    engine,
    tokenizer,
    family: 'qwen3',
    prompts: digitPrompts(),
    verifiers: { digit: boxedVerifier },
    config,
    rng: new Rng(1),
    onMetrics: (m) => metrics.push(m),
    ...extra,
  });
  return { engine, metrics };
}

/** Response-token weights of each row of a step (prompt positions must all be 0). */
function responseWeights(batch: StepBatch, promptLengths: number[]): number[][] {
  return batch.weights.map((w, i) => {
    for (let t = 0; t < promptLengths[i]; t++)
      assert.equal(w[t], 0, `prompt token ${t} of row ${i} has weight`);
    return Array.from(w.slice(promptLengths[i]));
  });
}

const close = (actual: number, expected: number, label: string, tolerance = 1e-5) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label}: ${actual} vs ${expected}`);

describe('GRPO on a recording engine', () => {
  it('weights every response token by (r − mean)/std of its group; token-mean over all response tokens', async () => {
    // prompt 7's group: two right, two wrong; every other prompt all right (no signal)
    const respond = (ids: number[], sample: number) => ({
      text: digitOf(ids) === 7 && sample >= 2 ? '\\boxed{3}' : '\\boxed{7}',
    });
    const prompts: RolloutPrompt[] = digitPrompts().filter((p) => p.id === 'digit-7' || p.id === 'digit-1');
    const { engine } = await run(respond, baseConfig(), { prompts });
    assert.equal(engine.steps.length, 1);
    const [batch] = engine.steps;
    // rewards [1, 1, 0, 0]: mean 0.5, sample std √(1/3); rows with all-zero weight are left out
    assert.equal(batch.sequences.length, 4);
    const promptLength = engine.samples[0].prompts[0].length;
    const rows = responseWeights(batch, [promptLength, promptLength, promptLength, promptLength]);
    const advantage = 0.5 / Math.sqrt(1 / 3);
    for (const [i, row] of rows.entries())
      for (const w of row) close(w, i < 2 ? advantage : -advantage, `row ${i}`, 1e-4);
    // "\boxed{7}" + <|im_end|> = 10 tokens, 8 rollouts in the batch
    assert.equal(batch.normalizer, 80);
    assert.equal(batch.learningRate, 1e-3);
  });

  it('sequence-mean divides each rollout by its own length and the batch by its sequence count', async () => {
    const respond = (_ids: number[], sample: number) => ({
      text: sample === 0 ? '\\boxed{7} right' : '\\boxed{1}',
    });
    const prompts = digitPrompts().slice(0, 1);
    const { engine } = await run(
      respond,
      baseConfig({ promptsPerStep: 1, lossAggregation: 'sequence-mean' }),
      {
        prompts,
      },
    );
    const [batch] = engine.steps;
    const promptLength = engine.samples[0].prompts[0].length;
    const rows = responseWeights(batch, Array(4).fill(promptLength));
    // rewards [1, 0, 0, 0]: mean 0.25, sample std 0.5
    const advantages = [1.5, -0.5, -0.5, -0.5];
    close(rows[0][0], advantages[0] / 16, 'row 0 (16 tokens)', 1e-4);
    close(rows[1][0], advantages[1] / 10, 'row 1 (10 tokens)', 1e-4);
    assert.equal(batch.normalizer, 4);
  });

  it('overlong filtering drops truncated rollouts from the gradient but keeps them in the group statistics', async () => {
    const respond = (_ids: number[], sample: number) =>
      sample === 0
        ? { text: '\\boxed{7}', truncated: true }
        : { text: sample === 1 ? '\\boxed{7}' : '\\boxed{2}' };
    const prompts = digitPrompts().slice(0, 1);
    const filter = await run(
      respond,
      baseConfig({
        promptsPerStep: 1,
        subStages: [{ name: 'a', steps: 1, maxResponseLength: 16, overlong: 'filter' }],
      }),
      { prompts },
    );
    // rewards [1, 1, 0, 0]; the truncated row carries nothing
    const [batch] = filter.engine.steps;
    const promptLength = filter.engine.samples[0].prompts[0].length;
    assert.equal(batch.sequences.length, 3);
    assert.deepEqual(batch.sequences[0].slice(promptLength), tokenizer.encode('\\boxed{7}<|im_end|>'));
    close(batch.weights[0][promptLength], 0.5 / Math.sqrt(1 / 3), 'kept correct row', 1e-4);
    assert.equal(batch.normalizer, 10 + 10 + 10);
    assert.equal(filter.metrics[0].values['response/truncation_rate'], 0.25);

    // zero reward instead: rewards [0, 1, 0, 0], the truncated row is pushed down
    const zero = await run(
      respond,
      baseConfig({
        promptsPerStep: 1,
        subStages: [{ name: 'a', steps: 1, maxResponseLength: 16, overlong: 'zero-reward' }],
      }),
      { prompts },
    );
    const [zeroBatch] = zero.engine.steps;
    assert.equal(zeroBatch.sequences.length, 4);
    close(zeroBatch.weights[0][promptLength], -0.25 / Math.sqrt(0.25), 'truncated row', 1e-4);
    close(zero.metrics[0].values['reward/mean'], 0.25, 'reward mean');
  });

  it('batch-level dynamic filtering drops all-equal groups and samples more prompts until the batch is full', async () => {
    // even digits: every rollout right (no signal); odd digits: half right
    const respond = (ids: number[], sample: number) => ({
      text: digitOf(ids) % 2 === 0 || sample % 2 === 0 ? '\\boxed{7}' : '\\boxed{0}',
    });
    const { engine, metrics } = await run(
      respond,
      baseConfig({ promptsPerStep: 3, dynamicFilter: 'batch', maxSamplingRounds: 10 }),
    );
    const [batch] = engine.steps;
    assert.equal(batch.sequences.length, 12, 'three kept groups of four');
    const sampledPrompts = engine.samples.flatMap((call) => call.prompts).map(digitOf);
    const keptDigits = new Set(batch.sequences.map((sequence) => digitOf(sequence)));
    assert.ok(
      [...keptDigits].every((d) => d % 2 === 1),
      `kept ${[...keptDigits]}`,
    );
    const dropped = sampledPrompts.filter((d) => d % 2 === 0).length;
    assert.ok(dropped > 0, 'the shuffled stream should have produced some even prompts');
    const values = metrics[0].values;
    assert.equal(values['batch/groups'], 3);
    close(values['filter/groups_dropped_fraction'], dropped / sampledPrompts.length, 'dropped fraction');
    assert.ok(values['batch/sampling_rounds'] >= 2);
  });

  it('epoch-level filtering plans an epoch from every result of the last, even one in a batch that spans both', async () => {
    // digits 0–2 always right (dropped when the epoch ends, readmission off), digit 3 half right
    const respond = (ids: number[], sample: number) => ({
      text: digitOf(ids) < 3 || sample % 2 === 0 ? '\\boxed{7}' : '\\boxed{0}',
    });
    for (const seed of [1, 2, 3, 4]) {
      const { engine, metrics } = await run(
        respond,
        baseConfig({
          subStages: [{ name: 'a', steps: 3, maxResponseLength: 16 }],
          promptsPerStep: 3,
          dynamicFilter: 'epoch',
          epochFilter: { readmitHard: 0, readmitEasy: 0 },
        }),
        { prompts: digitPrompts().slice(0, 4), rng: new Rng(seed) },
      );
      // step 2 takes epoch 0's last prompt and then epoch 1, which holds digit 3 alone
      assert.deepEqual(
        metrics.map((m) => m.values['data/active_prompts']),
        [4, 1, 1],
        `seed ${seed}`,
      );
      const drawn = engine.samples.flatMap((call) => call.prompts).map(digitOf);
      assert.deepEqual(new Set(drawn.slice(0, 4)), new Set([0, 1, 2, 3]), `seed ${seed}: epoch 0`);
      assert.deepEqual(drawn.slice(4), [3, 3, 3, 3, 3], `seed ${seed}: epoch 1 onwards`);
    }
  });

  it('half-half thinking mode splits each batch evenly between think and no_think prompts', async () => {
    const respond = () => ({ text: '\\boxed{7}' });
    const { engine } = await run(respond, baseConfig({ promptsPerStep: 4, thinkingMode: 'half-half' }));
    const texts = engine.samples.flatMap((call) => call.prompts).map((ids) => tokenizer.decode(ids));
    const noThink = texts.filter((text) => text.endsWith('<think>\n\n</think>\n\n')).length;
    assert.equal(texts.length, 4);
    assert.equal(noThink, 2);
  });

  it('code-switch penalty: a fixed value, or min(batch) − 10 for RLHF', async () => {
    // sample 0 switches to Chinese but is right; sample 2 right; others wrong → verifier rewards [1, 0, 1, 0]
    const respond = (_ids: number[], sample: number) => ({
      text: sample === 0 ? '答案 \\boxed{7}' : sample === 2 ? '\\boxed{7}' : '\\boxed{5}',
    });
    const prompts = digitPrompts().slice(0, 1);
    const math = await run(
      respond,
      baseConfig({ promptsPerStep: 1, codeSwitchPenalty: { kind: 'fixed', reward: -1 } }),
      {
        prompts,
      },
    );
    close(math.metrics[0].values['reward/mean'], (-1 + 0 + 1 + 0) / 4, 'math −1');
    const rlhf = await run(
      respond,
      baseConfig({ promptsPerStep: 1, codeSwitchPenalty: { kind: 'batch-min-minus', margin: 10 } }),
      { prompts },
    );
    close(rlhf.metrics[0].values['reward/mean'], (-10 + 0 + 1 + 0) / 4, 'rlhf min − 10');
  });

  it('IF-RL reward: R_IF + sigmoid(z_RM) when every constraint passes, else 0', async () => {
    const respond = (_ids: number[], sample: number) => ({ text: sample < 2 ? '\\boxed{7}' : '\\boxed{5}' });
    const rmScores = [3, 1, 5, 5];
    const { metrics } = await run(respond, baseConfig({ promptsPerStep: 1, rewardComposition: 'if-rm' }), {
      prompts: digitPrompts().slice(0, 1),
      rewardModel: async (pairs) => pairs.map((_, i) => rmScores[i]),
    });
    // z over the group with the sample std: mean 3.5, std √(11/3)
    const std = Math.sqrt(11 / 3);
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    const expected = (1 + sigmoid((3 - 3.5) / std) + 1 + sigmoid((1 - 3.5) / std)) / 4;
    close(metrics[0].values['reward/mean'], expected, 'IF-RL reward');
    await assert.rejects(run(respond, baseConfig({ rewardComposition: 'if-rm' })), CascadeError);
  });

  it('verifiers read the whole response: tool calls kept, the prompt’s <think> restored, unfinished ones whole', async () => {
    // cascade-v2 thinking: the prompt ends "<think>\n"; the model writes "reasoning</think>answer"
    const call =
      '\n<tool_call>\n<function=lookup>\n<parameter=q>\nx\n</parameter>\n</function>\n</tool_call>';
    const texts = [`plan</think>${call}`, 'still thinking about \\boxed{7}'];
    const respond = (_ids: number[], sample: number) => ({ text: texts[sample] });
    const seen: string[] = [];
    const recording: Verifier<unknown> = async (_task, response) => {
      seen.push(response);
      return scored(response.includes('<tool_call>') ? 1 : 0, false, '');
    };
    const rmInputs: string[] = [];
    const config = baseConfig({
      promptsPerStep: 1,
      groupSize: 2,
      thinkingMode: 'think',
      rewardComposition: 'if-rm',
    });
    await run(respond, config, {
      family: 'cascade-v2',
      prompts: [{ id: 't', domain: 'tool', messages: [{ role: 'user', content: 'find x' }], task: {} }],
      verifiers: { tool: recording },
      rewardModel: async (pairs) => {
        rmInputs.push(...pairs.map((pair) => pair.answer));
        return pairs.map(() => 0);
      },
    });
    assert.deepEqual(seen.sort(), [`<think>\nplan</think>${call}`, `<think>\n${texts[1]}`].sort());
    // the reward model sees the answer after </think>, or the whole unfinished response (paper-spec §4.1)
    assert.deepEqual(rmInputs.sort(), [call.trim(), `<think>\n${texts[1]}`].sort());
  });

  it('KL to a reference adds −β(1 − π_ref/π) to every token weight (C2 RLHF: β = 0.03)', async () => {
    const respond = (_ids: number[], sample: number) => ({ text: sample < 2 ? '\\boxed{7}' : '\\boxed{5}' });
    const prompts = digitPrompts().slice(0, 1);
    await assert.rejects(run(respond, baseConfig({ klCoefficient: 0.03 }), { prompts }), /referenceEngine/);
    const reference = new FakeEngine({ tokenizer, respond, logprob: -2 });
    const { engine, metrics } = await run(respond, baseConfig({ promptsPerStep: 1, klCoefficient: 0.03 }), {
      prompts,
      referenceEngine: reference,
    });
    const [batch] = engine.steps;
    const promptLength = engine.samples[0].prompts[0].length;
    // the fake policy gives every token log π = −1, the reference −2
    const kl = 0.03 * (1 - Math.exp(-1));
    close(batch.weights[0][promptLength], 0.5 / Math.sqrt(1 / 3) - kl, 'positive row', 1e-4);
    close(batch.weights[2][promptLength], -0.5 / Math.sqrt(1 / 3) - kl, 'negative row', 1e-4);
    close(metrics[0].values['kl/mean'], Math.exp(-1) - -1 - 1, 'k3 estimate');
  });

  it('routes each prompt to its domain verifier and reports metrics per domain', async () => {
    const prompts: RolloutPrompt[] = [
      { id: 'a', domain: 'alpha', messages: [{ role: 'user', content: '1' }], task: {} },
      { id: 'b', domain: 'beta', messages: [{ role: 'user', content: '2' }], task: {} },
    ];
    const always =
      (reward: number): Verifier<unknown> =>
      async () =>
        scored(reward, reward === 1, 'fixed');
    const { metrics } = await run(() => ({ text: 'x' }), baseConfig(), {
      prompts,
      verifiers: { alpha: always(1), beta: always(0) },
    });
    assert.equal(metrics[0].values['alpha/accuracy'], 1);
    assert.equal(metrics[0].values['beta/accuracy'], 0);
    assert.equal(metrics[0].values['update/skipped'], 1, 'no group had a learning signal');
    await assert.rejects(
      run(() => ({ text: 'x' }), baseConfig(), { prompts, verifiers: { alpha: always(1) } }),
      /beta/,
    );
  });

  it('a verifier that hangs times out for that sample only, and errors are verdicts', async () => {
    let calls = 0;
    const slow: Verifier<unknown> = (task, response) => {
      calls++;
      if (calls === 1) return new Promise(() => {});
      if (calls === 2) return Promise.reject(new Error('boom'));
      return boxedVerifier(task, response);
    };
    const started = performance.now();
    const { metrics } = await run(() => ({ text: '\\boxed{7}' }), baseConfig({ verifyTimeoutMs: 50 }), {
      verifiers: { digit: slow },
    });
    assert.ok(performance.now() - started < 2000);
    assert.equal(metrics[0].values['verify/timeouts'], 1);
    assert.equal(metrics[0].values['verify/errors'], 1);
    assert.equal(metrics[0].values.accuracy, 6 / 8);
    assert.deepEqual(failed('timeout', 'x').reward, 0);
  });

  it('response-length curriculum: each sub-stage samples with its own limit, temperature and top-p', async () => {
    const { engine, metrics } = await run(
      () => ({ text: '\\boxed{7}' }),
      baseConfig({
        promptsPerStep: 1,
        subStages: [
          { name: '24k', steps: 2, maxResponseLength: 24, temperature: 1, topP: 0.95 },
          { name: '32k', steps: 1, maxResponseLength: 32, temperature: 0.8, topP: 0.9 },
        ],
      }),
    );
    assert.deepEqual(
      engine.samples.map((call) => [call.options.maxNewTokens, call.options.temperature, call.options.topP]),
      [
        [24, 1, 0.95],
        [24, 1, 0.95],
        [32, 0.8, 0.9],
      ],
    );
    assert.deepEqual(
      metrics.map((m) => m.stage),
      ['24k', '24k', '32k'],
    );
  });

  it('resuming from a checkpoint takes the same steps as the uninterrupted run', async () => {
    // responses depend on the sampling seed, so any drift in RNG or data position shows up
    // (sample 0 is always right and sample 1 always wrong, so every group carries a gradient)
    const respond = (_ids: number[], sample: number, _call: number, options: { seed?: number }) => ({
      text: `\\boxed{${sample === 0 ? 7 : sample === 1 ? 0 : ((options.seed ?? 0) + sample) % 10}}`,
    });
    const config = baseConfig({
      subStages: [{ name: 'a', steps: 5, maxResponseLength: 16 }],
      promptsPerStep: 3,
      dynamicFilter: 'epoch',
      checkpointEvery: 2,
      keepCheckpoints: 0,
    });
    const whole = await run(respond, config, { checkpointDir: join(root, 'whole') });
    const found = latestCheckpoint(join(root, 'whole'));
    assert.equal(found?.state.step, 5);
    const checkpoint = join(root, 'whole', 'step-00000002');
    const { readTrainerState } = await import('./checkpointing.ts');
    const resumed = await run(respond, config, { resume: readTrainerState(checkpoint) });
    assert.equal(whole.engine.steps.length, 5);
    assert.deepEqual(resumed.engine.steps, whole.engine.steps.slice(2));
  });
});

const slow = process.env.CASCADE_SLOW_TESTS ? describe : describe.skip;

describe('GRPO on the embedded engine', () => {
  it('raises the reward of a tiny SFT model within 20 steps', async () => {
    const kernels = await loadKernels('auto', { threads: 1 });
    try {
      const { before, after, rewards } = await trainTiny(1, kernels);
      assert.ok(
        after >= before + 0.3,
        `accuracy ${before} → ${after}; rewards ${rewards.map((r) => r.toFixed(2))}`,
      );
    } finally {
      await kernels.dispose();
    }
  });
});

slow('GRPO on the embedded engine, several seeds', () => {
  it('raises sampled accuracy by at least 0.3 for every seed', async () => {
    const kernels = await loadKernels('auto', { threads: 1 });
    try {
      const lines: string[] = [];
      for (const seed of [2, 3, 4]) {
        const { before, after } = await trainTiny(seed, kernels);
        lines.push(`seed ${seed}: ${before.toFixed(3)} → ${after.toFixed(3)}`);
        assert.ok(after >= before + 0.3, lines.join('; '));
      }
      console.log(`GRPO accuracy before → after 20 steps: ${lines.join('; ')}`);
    } finally {
      await kernels.dispose();
    }
  });
});

async function trainTiny(seed: number, kernels: Awaited<ReturnType<typeof loadKernels>>) {
  const engine = await warmStartedPolicy(seed, kernels);
  const prompts = digitPrompts();
  const before = await sampledAccuracy(engine, prompts, boxedVerifier, 32, 1000 + seed);
  const rewards: number[] = [];
  await runGrpo({
    engine,
    tokenizer,
    family: 'qwen3',
    prompts,
    verifiers: { digit: boxedVerifier },
    config: DIGIT_GRPO_CONFIG,
    rng: new Rng(seed),
    onMetrics: (m) => rewards.push(m.values['reward/mean']),
  });
  const after = await sampledAccuracy(engine, prompts, boxedVerifier, 32, 2000 + seed);
  return { before, after, rewards };
}
