import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../core/rng.ts';
import { loadKernels } from '../engine/embedded/kernels/select.ts';
import { createByteTokenizer } from '../tokenizer/index.ts';
import { type DistillRunOptions, runDistill } from './distill.ts';
import type { TrainerMetrics } from './metrics.ts';
import type { RolloutPrompt } from './rollout.ts';
import { FakeEngine } from './testing/fake-engine.ts';
import { boxedVerifier, digitPrompts, sampledAccuracy, warmStartedPolicy } from './testing/tiny.ts';

const tokenizer = createByteTokenizer();

const twoDomains: RolloutPrompt[] = [
  { id: 'm', domain: 'math', messages: [{ role: 'user', content: '1' }], task: null },
  { id: 'c', domain: 'chat', messages: [{ role: 'user', content: '2' }], task: null },
];

async function runFake(student: FakeEngine, extra: Partial<DistillRunOptions> = {}) {
  const metrics: TrainerMetrics[] = [];
  await runDistill({
    engine: student,
    teachers: {
      math: new FakeEngine({ tokenizer, respond: () => ({ text: '' }), logprob: -0.5 }),
      chat: new FakeEngine({ tokenizer, respond: () => ({ text: '' }), logprob: -3 }),
    },
    tokenizer,
    family: 'qwen3',
    prompts: twoDomains,
    config: { steps: 2, promptsPerStep: 2, groupSize: 2, maxResponseLength: 16, thinkingMode: 'no_think' },
    rng: new Rng(1),
    onMetrics: (m) => metrics.push(m),
    ...extra,
  });
  return metrics;
}

describe('MOPD on a recording engine', () => {
  it('weights each sampled token by log π_teacher − log π_train of its domain teacher, per-sequence mean', async () => {
    const student = new FakeEngine({ tokenizer, respond: () => ({ text: 'abc' }), logprob: -1 });
    const metrics = await runFake(student);
    const [batch] = student.steps;
    assert.equal(batch.sequences.length, 4);
    assert.equal(batch.normalizer, 4, 'mean over sequences');
    for (const [i, sequence] of batch.sequences.entries()) {
      const isMath = tokenizer.decode(sequence).includes('user\n1');
      const promptLength = sequence.length - 4; // "abc" + <|im_end|>
      for (let t = 0; t < promptLength; t++) assert.equal(batch.weights[i][t], 0);
      // IS ratio exp(−1 − (−1)) = 1; advantage −0.5 − (−1) = 0.5 (math) or −3 − (−1) = −2 (chat); 4 tokens
      for (let t = promptLength; t < sequence.length; t++)
        assert.equal(batch.weights[i][t], (isMath ? 0.5 : -2) / 4);
    }
    assert.equal(metrics[0].values['math/mopd_advantage_mean'], 0.5);
    assert.equal(metrics[0].values['chat/mopd_advantage_mean'], -2);
    assert.equal(metrics[0].values['mopd/is_truncated_fraction'], 0);
  });

  it('drops tokens whose π_train/π_inf leaves [0.5, 2] and warms the learning rate up from 2e-7', async () => {
    // sampler says −2, the trainer −1: ratio e ≈ 2.72 > 2
    const student = new FakeEngine({
      tokenizer,
      respond: () => ({ text: 'abc' }),
      logprob: -1,
      sampleLogprob: -2,
    });
    const metrics = await runFake(student);
    for (const weights of student.steps[0].weights) assert.ok(weights.every((w) => w === 0));
    assert.equal(metrics[0].values['mopd/is_truncated_fraction'], 1);
    assert.equal(student.steps[0].learningRate, 2e-7);
    assert.ok(Math.abs(student.steps[1].learningRate - (2e-7 + 1.8e-6 / 30)) < 1e-15);
  });

  it('refuses a prompt whose domain has no teacher', async () => {
    const student = new FakeEngine({ tokenizer, respond: () => ({ text: 'abc' }) });
    await assert.rejects(runFake(student, { teachers: { math: student } }), /no teacher for domain "chat"/);
  });
});

describe('MOPD on the embedded engine', () => {
  it("pulls a student's log-probs toward the teacher's", async () => {
    const kernels = await loadKernels('auto', { threads: 1 });
    try {
      // teacher: a warm start that always answers \boxed{7}; student: format only, random digits
      const teacher = await warmStartedPolicy(11, kernels, () => 7);
      const student = await warmStartedPolicy(12, kernels);
      const prompts = digitPrompts();
      const before = await sampledAccuracy(student, prompts, boxedVerifier, 16, 1);
      const advantages: number[] = [];
      await runDistill({
        engine: student,
        teachers: { digit: teacher },
        tokenizer,
        family: 'qwen3',
        prompts,
        config: {
          steps: 20,
          promptsPerStep: 10,
          groupSize: 4,
          maxResponseLength: 12,
          thinkingMode: 'no_think',
          schedule: {
            kind: 'linear-warmup',
            learningRate: 5e-3,
            warmupSteps: 3,
            warmupStartLearningRate: 5e-4,
          },
        },
        rng: new Rng(12),
        onMetrics: (m) => advantages.push(m.values['mopd/advantage_mean']),
      });
      const after = await sampledAccuracy(student, prompts, boxedVerifier, 16, 2);
      // the advantage is −(reverse KL) per sampled token: it rises toward 0 as the student matches the teacher
      const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
      const early = mean(advantages.slice(0, 3));
      const late = mean(advantages.slice(-3));
      assert.ok(late - early > 0.3, `mean log π_teacher − log π_student: ${early} → ${late}`);
      assert.ok(after >= before + 0.3, `student answers 7: ${before} → ${after}`);
    } finally {
      await kernels.dispose();
    }
  });
});
