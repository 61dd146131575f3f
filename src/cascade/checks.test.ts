import assert from 'node:assert/strict';
import { it } from 'node:test';
import { cascadeChecks, change } from './checks.ts';
import type { DomainScore, Lineage, StageRecord } from './lineage.ts';

const cell = (
  domain: string,
  mode: 'think' | 'no_think',
  score: number,
  tokens = 10,
  rm = 0,
): DomainScore => ({
  domain,
  mode,
  score,
  meanResponseTokens: tokens,
  detail: { rm_score: rm },
});

/** scores[stage][domain] = [think, no_think] */
function lineage(
  seed: number,
  stages: [string, StageRecord['kind'], string[], Record<string, [number, number]>][],
): Lineage {
  return {
    recipe: 't',
    recipeHash: '',
    seed,
    profile: 'full',
    createdAt: '',
    stages: stages.map(([name, kind, domains, scores]) => ({
      name,
      kind,
      domains,
      configHash: '',
      status: 'done',
      steps: 1,
      wallSeconds: 1,
      startedAt: '',
      evaluation: Object.entries(scores).flatMap(([domain, [think, instruct]]) => [
        cell(domain, 'think', think, name === 'rlhf' ? 8 : 10),
        cell(domain, 'no_think', instruct, name === 'rlhf' ? 8 : 10),
      ]),
    })),
  };
}

it('each RL stage is judged on its own domain in its trained modes; forgetting past the margin fails', () => {
  const run = lineage(1, [
    ['sft', 'sft', ['chat', 'math'], { chat: [0.2, 0.2], math: [0.3, 0.1], code: [0.1, 0.1] }],
    ['rm', 'reward-model', [], { chat: [0.2, 0.2], math: [0.3, 0.1], code: [0.1, 0.1] }],
    ['rlhf', 'grpo', ['chat'], { chat: [0.3, 0.3], math: [0.3, 0.1], code: [0.1, 0.1] }],
    ['math-rl', 'grpo', ['math'], { chat: [0.2, 0.2], math: [0.5, 0.05], code: [0.1, 0.1] }],
    ['code-rl', 'grpo', ['code'], { chat: [0.28, 0.28], math: [0.5, 0.05], code: [0.1, 0.1] }],
  ]);
  const checks = cascadeChecks([run], { rlhf: 'half-half', 'math-rl': 'think', 'code-rl': 'think' });
  const byClaim = Object.fromEntries(checks.map((check) => [check.claim, check.holds]));
  assert.equal(byClaim['rlhf raises chat (think+no_think)'], true);
  assert.equal(byClaim['math-rl raises math (think)'], true, 'think 0.3 → 0.5, though instruct fell');
  assert.equal(byClaim['code-rl raises code (think)'], false);
  assert.equal(byClaim['math-rl lowers no earlier RL domain by more than 0.05'], false, 'chat fell 0.1');
  assert.equal(byClaim['code-rl lowers no earlier RL domain by more than 0.05'], true);
  assert.equal(byClaim['thinking mode beats instruct mode on math (final model)'], true);
  assert.equal(byClaim['RLHF shortens chat responses or raises the reward model score'], true);
});

it('claims use the mean over seeds', () => {
  const up = lineage(1, [
    ['sft', 'sft', ['math'], { math: [0.2, 0] }],
    ['math-rl', 'grpo', ['math'], { math: [0.4, 0] }],
  ]);
  const down = lineage(2, [
    ['sft', 'sft', ['math'], { math: [0.2, 0] }],
    ['math-rl', 'grpo', ['math'], { math: [0.1, 0] }],
  ]);
  const [raise] = cascadeChecks([up, down], { 'math-rl': 'think' });
  assert.equal(raise.holds, true, 'mean 0.2 → 0.25');
  assert.equal(raise.detail, '0.200 → 0.250');
});

it('a change too small for three digits is printed with six, so a held claim never reads x → x', () => {
  assert.equal(change(0.0461, 0.0462), '0.046100 → 0.046200');
  assert.equal(change(0.25, 0.5), '0.250 → 0.500');
  assert.equal(change(0.1, 0.1), '0.100 → 0.100');
});
