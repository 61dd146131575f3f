import { Rng } from '../../../core/rng.ts';
import type { RunReportInput } from '../types.ts';

const STAGES: RunReportInput['stages'] = [
  { name: 'sft', kind: 'sft', steps: 40, wallSeconds: 61.2 },
  { name: 'reward-model', kind: 'reward-model', steps: 20, wallSeconds: 18.4 },
  { name: 'rlhf', kind: 'grpo', domain: 'preference', steps: 30, wallSeconds: 140.9 },
  { name: 'if-rl', kind: 'grpo', domain: 'instruction', steps: 30, wallSeconds: 120.3 },
  { name: 'math-rl', kind: 'grpo', domain: 'math', steps: 30, wallSeconds: 133.0 },
  { name: 'code-rl', kind: 'grpo', domain: 'code', steps: 30, wallSeconds: 210.7 },
];
const DOMAINS = ['math', 'code', 'instruction', 'preference', 'mcq'];

/**
 * A made-up but plausible run: 6 stages, 5 domains, both modes, per-step metrics for the RL stages.
 * Scores climb in the stage's own domain and drift a little elsewhere; `seeds` sets the replicate count.
 */
export function syntheticRunInput(seeds: number[] = [1, 2, 3]): RunReportInput {
  const rng = new Rng(7);
  const evaluations: RunReportInput['evaluations'] = [];
  const metrics: RunReportInput['metrics'] = [];
  const level = new Map(DOMAINS.map((d, i) => [d, 0.2 + 0.05 * i]));
  for (const stage of ['base', ...STAGES.map((s) => s.name)]) {
    const trained = STAGES.find((s) => s.name === stage)?.domain;
    for (const domain of DOMAINS) {
      const shift = domain === trained ? 0.12 : stage === 'sft' ? 0.1 : (rng.next() - 0.6) * 0.04;
      level.set(domain, Math.min(0.95, Math.max(0.02, level.get(domain)! + shift)));
      for (const mode of ['think', 'no_think'] as const) {
        const centre = level.get(domain)! - (mode === 'no_think' ? 0.08 : 0);
        evaluations.push({
          stage,
          domain,
          mode,
          scores: seeds.map(() => Math.min(1, Math.max(0, centre + rng.normal() * 0.02))),
          meanResponseTokens:
            (mode === 'think' ? 900 : 250) * (1 - 0.03 * STAGES.findIndex((s) => s.name === stage)),
          ...(domain === 'code' ? { detail: { 'pass@1': centre, 'pass@4': Math.min(1, centre + 0.1) } } : {}),
        });
      }
    }
  }
  for (const stage of STAGES.filter((s) => s.kind === 'grpo')) {
    for (const seed of seeds) {
      for (let step = 1; step <= stage.steps; step++) {
        metrics.push({
          stage: stage.name,
          seed,
          step,
          values: {
            'reward/mean': 0.3 + 0.4 * (step / stage.steps) + rng.normal() * 0.03,
            'response/length_mean': 800 - 5 * step + rng.normal() * 20,
          },
        });
      }
    }
  }
  return {
    name: 'tiny',
    createdAt: '2026-11-23T15:00:00.000Z',
    seeds,
    profile: 'quick',
    stages: STAGES,
    domains: DOMAINS,
    evaluations,
    metrics,
    checks: [
      {
        claim: 'Each RL stage improves its own domain',
        holds: true,
        detail: '4 of 4 stages, smallest gain 9.8 points',
      },
      {
        claim: 'No earlier domain drops by more than 5 points',
        holds: false,
        detail: 'mcq fell 6.1 after if-rl',
      },
    ],
  };
}
