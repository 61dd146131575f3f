// The remote-rollout path: GRPO (runGrpo) samples its rollouts from `cascade serve` through Cascade's
// OpenAI engine, while the policy is updated by an embedded engine in this process. After every
// optimizer step the trainer saves a checkpoint and POSTs /v1/admin/reload, so the next rollouts come
// from the new weights. Checked: the log-probs the server reports for every sampled token are the
// updated local policy's (and no longer the initial one's), and (slow) the reward rises.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServe } from '../../src/cli/serve.ts';
import type { Completion, StepEngine } from '../../src/core/engine.ts';
import { Rng } from '../../src/core/rng.ts';
import { scored, type Verifier } from '../../src/core/verdict.ts';
import { createEmbeddedEngine, type EmbeddedEngine } from '../../src/engine/embedded/engine.ts';
import type { KernelsBackend } from '../../src/engine/embedded/kernels/backend.ts';
import { loadKernels } from '../../src/engine/embedded/kernels/select.ts';
import { createOpenAIEngine, createOpenAIPool } from '../../src/engine/openai/index.ts';
import { createByteTokenizer } from '../../src/tokenizer/index.ts';
import { runGrpo } from '../../src/train/grpo.ts';
import {
  boxedVerifier,
  DIGIT_GRPO_CONFIG,
  digitPrompts,
  sampledAccuracy,
  warmStartedPolicy,
} from '../../src/train/testing/tiny.ts';

const slow = process.env.CASCADE_SLOW_TESTS ? false : 'slow: set CASCADE_SLOW_TESTS=1';
const tokenizer = createByteTokenizer();
const root = mkdtempSync(join(tmpdir(), 'cascade-serve-grpo-'));
let kernels: KernelsBackend;
before(async () => {
  kernels = await loadKernels('auto');
});
after(async () => {
  await kernels.dispose();
  rmSync(root, { recursive: true, force: true });
});

interface Sampled {
  sequences: number[][];
  serverLogprobs: number[][];
  localLogprobs: Float32Array[];
}

/**
 * A StepEngine whose rollouts come from the server and whose updates happen locally; each step ends
 * with save + reload. Every sample call also records the local policy's teacher-forced log-probs of
 * what the server sampled, taken at that moment.
 */
function remoteRollouts(local: EmbeddedEngine, url: string, dir: string, log: Sampled[]): StepEngine {
  const remote = createOpenAIEngine({ pool: createOpenAIPool({ baseUrls: [url] }), model: 'policy' });
  let steps = 0;
  return {
    name: 'remote-rollouts',
    async sample(prompts, options) {
      const completions: Completion[] = await remote.sample(prompts, options);
      const sequences = completions.map((c) => [...prompts[c.promptIndex], ...c.tokens]);
      log.push({
        sequences,
        serverLogprobs: completions.map((c) => c.logprobs),
        localLogprobs: await local.logprobs(sequences),
      });
      return completions;
    },
    logprobs: (sequences) => local.logprobs(sequences),
    async step(batch) {
      const result = await local.step(batch);
      steps++;
      const checkpoint = join(dir, `step-${steps}`);
      await local.save(checkpoint);
      const response = await fetch(`${url}/v1/admin/reload`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ checkpoint }),
      });
      const body = (await response.json()) as { status: string; checkpoint: string; step: number };
      assert.equal(response.status, 200, JSON.stringify(body));
      assert.deepEqual([body.status, body.checkpoint, body.step], ['reloaded', checkpoint, local.stepCount]);
      return result;
    },
    save: (target) => local.save(target),
    close: async () => {},
  };
}

async function serve(checkpoint: string) {
  const { server } = await startServe(
    {
      checkpoint,
      servedModelName: 'policy',
      tokenizer: 'byte',
      family: 'qwen3',
      port: 0,
      host: '127.0.0.1',
      maxModelLen: 128,
      seed: 0,
      maxBatchRows: 64,
      batchWindowMs: 0,
    },
    { write: () => true } as unknown as import('node:stream').Writable,
  );
  return server;
}

/** Reward = the boxed digit / 9: graded, so every group has a learning signal and every step moves the weights. */
const digitValue: Verifier<unknown> = async (_task, response) => {
  const digit = /\\boxed\{(\d)\}/.exec(response)?.[1];
  return digit === undefined
    ? scored(0, false, 'no boxed digit')
    : scored(Number(digit) / 9, digit === '9', digit);
};

/** Largest |server − local| over every sampled token of one sample call. */
function gap(sample: Sampled, local = sample.localLogprobs): number {
  let worst = 0;
  sample.serverLogprobs.forEach((lps, i) => {
    const start = sample.sequences[i].length - lps.length;
    lps.forEach((lp, t) => {
      worst = Math.max(worst, Math.abs(lp - local[i][start + t]));
    });
  });
  return worst;
}

describe('GRPO with rollouts from cascade serve', () => {
  it('every rollout after a reload is sampled from the updated weights', async () => {
    const dir = join(root, 'sync');
    const local = await warmStartedPolicy(3, kernels);
    await local.save(join(dir, 'step-0'));
    const initial = await createEmbeddedEngine({ checkpointDir: join(dir, 'step-0'), seed: 0 });
    const server = await serve(join(dir, 'step-0'));
    const log: Sampled[] = [];
    try {
      await runGrpo({
        engine: remoteRollouts(local, server.url, dir, log),
        tokenizer,
        family: 'qwen3',
        prompts: digitPrompts(),
        verifiers: { digit: digitValue },
        config: {
          subStages: [{ name: 'sync', steps: 3, maxResponseLength: 12 }],
          promptsPerStep: 4,
          groupSize: 8,
          thinkingMode: 'no_think',
          schedule: { learningRate: 1e-2 },
        },
        rng: new Rng(5),
      });
    } finally {
      await server.close();
    }
    assert.equal(log.length, 3, 'one sample call per step');
    for (const [step, sample] of log.entries())
      assert.ok(gap(sample) < 1e-4, `step ${step}: server and local policy differ by ${gap(sample)}`);
    // the steps moved the weights: the last rollouts are not what the initial checkpoint would say
    const last = log[log.length - 1];
    const stale = gap(last, await initial.logprobs(last.sequences));
    assert.ok(stale > 1e-2, `the initial weights explain the last rollouts too well (${stale})`);
    await initial.close();
    await local.close();
  });

  it('the reward rises over 20 steps of remote rollouts', { skip: slow }, async () => {
    const dir = join(root, 'learn');
    const local = await warmStartedPolicy(11, kernels);
    await local.save(join(dir, 'step-0'));
    const server = await serve(join(dir, 'step-0'));
    const remote = createOpenAIEngine({
      pool: createOpenAIPool({ baseUrls: [server.url] }),
      model: 'policy',
    });
    const log: Sampled[] = [];
    const rewards: number[] = [];
    try {
      const prompts = digitPrompts();
      const before = await sampledAccuracy(remote, prompts, boxedVerifier, 32, 1011);
      await runGrpo({
        engine: remoteRollouts(local, server.url, dir, log),
        tokenizer,
        family: 'qwen3',
        prompts,
        verifiers: { digit: boxedVerifier },
        config: DIGIT_GRPO_CONFIG,
        rng: new Rng(11),
        onMetrics: (m) => rewards.push(m.values['reward/mean']),
      });
      const afterAccuracy = await sampledAccuracy(remote, prompts, boxedVerifier, 32, 2011);
      console.log(
        `remote-rollout GRPO accuracy ${before.toFixed(3)} → ${afterAccuracy.toFixed(3)}; reward/mean per step ${rewards.map((r) => r.toFixed(2)).join(' ')}`,
      );
      assert.ok(afterAccuracy >= before + 0.3, `${before} → ${afterAccuracy}`);
      assert.ok(log.every((sample) => gap(sample) < 1e-4));
    } finally {
      await server.close();
      await local.close();
    }
  });
});
