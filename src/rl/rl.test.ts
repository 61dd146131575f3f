import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../core/rng.ts';
import { groupAdvantages, groupZScores, mean, standardDeviation } from './advantages.ts';
import { epochFilter, hasLearningSignal, overlongKeepMask } from './filters.ts';
import { klK3, policyGradientWeights } from './loss.ts';
import { distillationWeights, truncatedImportanceWeight } from './mopd.ts';
import {
  applyCodeSwitchPenalty,
  CODE_SWITCH_PENALTIES,
  instructionFollowingReward,
  shapeGroupRewards,
  sigmoid,
  zeroRewardIfTruncated,
} from './rewards.ts';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('group advantages: (r − mean) / std with the unbiased std, zero for degenerate groups', () => {
  // rewards 1,0,0,0: mean 0.25, sample std sqrt(0.25) = 0.5
  const a = groupAdvantages([1, 0, 0, 0], { epsilon: 0 });
  assert.deepEqual(a, [1.5, -0.5, -0.5, -0.5]);
  close(mean(a), 0);
  assert.deepEqual(groupAdvantages([1, 1, 1]), [0, 0, 0]);
  assert.deepEqual(groupAdvantages([0.5, 1.5], { normalizeByStd: false }), [-0.5, 0.5]);
  close(standardDeviation([1, 2, 3, 4], 'population'), Math.sqrt(1.25));
  assert.deepEqual(groupZScores([2, 2]), [0, 0]);
});

test('IF-RL reward: R_IF + sigmoid(z_RM) when all constraints pass, else 0', () => {
  const rm = [3, 1, 2, 2];
  const z = groupZScores(rm); // mean 2, sample std sqrt(2/3)
  const r = instructionFollowingReward([1, 1, 0, 1], rm);
  close(r[0], 1 + sigmoid(1 / Math.sqrt(2 / 3)));
  close(r[1], 1 + sigmoid(z[1]));
  assert.equal(r[2], 0);
  close(r[3], 1.5);
  for (const x of r) assert.ok(x === 0 || (x > 1 && x < 2));
});

test('code-switch penalty per stage: −1 (math), 0 (code), min(batch) − 10 (RLHF)', () => {
  const rewards = [0.7, -2, 1.5];
  const switched = [false, false, true];
  assert.deepEqual(applyCodeSwitchPenalty(rewards, switched, CODE_SWITCH_PENALTIES.math), [0.7, -2, -1]);
  assert.deepEqual(applyCodeSwitchPenalty(rewards, switched, CODE_SWITCH_PENALTIES.code), [0.7, -2, 0]);
  assert.deepEqual(applyCodeSwitchPenalty(rewards, switched, CODE_SWITCH_PENALTIES.rlhf), [0.7, -2, -12]);
  assert.deepEqual(
    applyCodeSwitchPenalty(rewards, [false, false, false], CODE_SWITCH_PENALTIES.rlhf),
    rewards,
  );
});

test('group reward shaping is tanh of the z-score; truncated rollouts can score 0', () => {
  const shaped = shapeGroupRewards([1, 3]);
  close(shaped[0], Math.tanh(-1 / Math.SQRT2));
  close(shaped[1], Math.tanh(1 / Math.SQRT2));
  assert.deepEqual(zeroRewardIfTruncated([1, 1], [true, false]), [0, 1]);
  assert.deepEqual(overlongKeepMask([true, false]), [false, true]);
});

test('dynamic filtering: all-equal groups carry no signal', () => {
  assert.equal(hasLearningSignal([1, 1, 1, 1]), false);
  assert.equal(hasLearningSignal([0, 0, 0]), false);
  assert.equal(hasLearningSignal([0, 1, 0]), true);
});

test('epoch-level filter: 0% and 100% prompts dropped, re-admitted at about 10% and 1%', () => {
  const stats = [];
  for (let i = 0; i < 20_000; i++)
    stats.push({ id: `h${i}`, passRate: 0 }, { id: `e${i}`, passRate: 1 }, { id: `m${i}`, passRate: 0.5 });
  const kept = epochFilter(stats, new Rng(3));
  const count = (prefix: string) => [...kept].filter((id) => id.startsWith(prefix)).length / 20_000;
  assert.equal(count('m'), 1);
  assert.ok(Math.abs(count('h') - 0.1) < 0.01, `hard readmission ${count('h')}`);
  assert.ok(Math.abs(count('e') - 0.01) < 0.004, `easy readmission ${count('e')}`);
});

test('loss weights: token-mean divides by all trained tokens, sequence-mean by sequences', () => {
  const rollouts = [
    { advantage: 1, mask: [1, 1, 1, 0], keep: true },
    { advantage: -1, mask: [1, 0, 0, 0], keep: true },
    { advantage: 5, mask: [1, 1], keep: false },
  ];
  const tokenMean = policyGradientWeights(rollouts, { aggregation: 'token-mean' });
  assert.deepEqual(Array.from(tokenMean.weights[0]), [1, 1, 1, 0]);
  assert.deepEqual(Array.from(tokenMean.weights[2]), [0, 0]);
  assert.equal(tokenMean.normalizer, 4);
  const seqMean = policyGradientWeights(rollouts, { aggregation: 'seq-mean-token-mean' });
  close(seqMean.weights[0][0], 1 / 3, 1e-7);
  close(seqMean.weights[1][0], -1);
  assert.equal(seqMean.normalizer, 2);
});

// A one-position softmax policy over 4 tokens: the weighted log-prob loss must have the same
// gradient as the real objective (PPO-clipped surrogate, k3 KL) at the current parameters.
function logSoftmax(theta: number[]): number[] {
  const m = Math.max(...theta);
  const z = Math.log(theta.reduce((s, x) => s + Math.exp(x - m), 0)) + m;
  return theta.map((x) => x - z);
}

function numericGradient(f: (theta: number[]) => number, theta: number[], h = 1e-6): number[] {
  return theta.map((_, i) => {
    const plus = [...theta];
    const minus = [...theta];
    plus[i] += h;
    minus[i] -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

test('PPO clipping and the KL penalty as weights give the exact gradient (finite differences)', () => {
  const theta0 = [0.3, -0.2, 0.9, 0.1];
  const tokens = [0, 2, 3, 2, 1];
  const oldLogp = logSoftmax([0.5, 0.1, 0.2, -0.4]);
  const refLogp = logSoftmax([0, 0, 0, 0]);
  const beta = 0.03;
  for (const advantage of [0.8, -0.8]) {
    const epsilon = 0.2;
    const objective = (theta: number[]) => {
      const lp = logSoftmax(theta);
      let sum = 0;
      for (const y of tokens) {
        const ratio = Math.exp(lp[y] - oldLogp[y]);
        const clipped = Math.min(Math.max(ratio, 1 - epsilon), 1 + epsilon);
        sum += -Math.min(ratio * advantage, clipped * advantage) + beta * klK3(lp[y], refLogp[y]);
      }
      return sum / tokens.length;
    };
    const lp0 = logSoftmax(theta0);
    const { weights, normalizer } = policyGradientWeights(
      [
        {
          advantage,
          mask: tokens.map(() => 1),
          keep: true,
          logprobs: tokens.map((y) => lp0[y]),
          oldLogprobs: tokens.map((y) => oldLogp[y]),
          refLogprobs: tokens.map((y) => refLogp[y]),
        },
      ],
      { aggregation: 'token-mean', clipEpsilon: epsilon, klCoefficient: beta },
    );
    const w = Array.from(weights[0]);
    const surrogate = (theta: number[]) => {
      const lp = logSoftmax(theta);
      return -tokens.reduce((s, y, t) => s + w[t] * lp[y], 0) / normalizer;
    };
    const expected = numericGradient(objective, theta0);
    const actual = numericGradient(surrogate, theta0);
    expected.forEach((g, i) => {
      close(actual[i], g, 1e-6);
    });
    // The clip binds for some tokens here, so the test would notice a missing clip.
    assert.ok(w.some((x) => Math.abs(x) < 0.05));
  }
});

test('MOPD: reverse-KL advantage on sampled tokens, IS weights truncated to [0.5, 2]', () => {
  close(truncatedImportanceWeight(Math.log(0.3), Math.log(0.2)), 1.5);
  assert.equal(truncatedImportanceWeight(Math.log(0.5), Math.log(0.2)), 0);
  assert.equal(truncatedImportanceWeight(Math.log(0.09), Math.log(0.2)), 0);
  const out = distillationWeights([
    {
      mask: [1, 1, 0],
      trainLogprobs: [Math.log(0.5), Math.log(0.25), 0],
      inferenceLogprobs: [Math.log(0.5), Math.log(0.05), 0],
      teacherLogprobs: [Math.log(0.8), Math.log(0.5), 0],
    },
  ]);
  // token 0: ρ = 1, a = log(0.8/0.5), |V| = 2; token 1: ρ = 5 → truncated to weight 0
  close(out.weights[0][0], Math.log(0.8 / 0.5) / 2, 1e-6);
  assert.equal(out.weights[0][1], 0);
  assert.equal(out.weights[0][2], 0);
  assert.equal(out.normalizer, 1);
  close(out.truncatedFraction, 0.5);
  // Pulling toward the teacher: weight > 0 where the teacher likes the token more than the student.
  assert.ok(out.weights[0][0] > 0);
});
