import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartSpecs } from './charts.ts';
import { reportMarkdown } from './markdown.ts';
import { tableRows } from './testing/markdown-table.ts';
import type { RunReportInput } from './types.ts';

const small: RunReportInput = {
  name: 'hand',
  createdAt: '2026-01-01T00:00:00Z',
  seeds: [1, 2, 3],
  profile: 'quick',
  stages: [
    { name: 'sft', kind: 'sft', steps: 10, wallSeconds: 30 },
    { name: 'math-rl', kind: 'grpo', domain: 'math', steps: 4, wallSeconds: 3725 },
  ],
  domains: ['math', 'code'],
  evaluations: [
    { stage: 'sft', domain: 'math', mode: 'think', scores: [0.5, 0.6, 0.7], meanResponseTokens: 1234.4 },
    { stage: 'sft', domain: 'code', mode: 'think', scores: [0.3, 0.3, 0.3], meanResponseTokens: 800 },
    { stage: 'math-rl', domain: 'math', mode: 'think', scores: [0.7, 0.7, 0.7], meanResponseTokens: 999.6 },
    { stage: 'math-rl', domain: 'code', mode: 'think', scores: [0.25, 0.25, 0.25], meanResponseTokens: 700 },
  ],
  metrics: [],
  checks: [
    { claim: 'Math RL improves math', holds: true, detail: '+10.0 points' },
    { claim: 'Code does not drop', holds: false, detail: 'code fell 5.0 points' },
  ],
};

describe('reportMarkdown', () => {
  const md = reportMarkdown(small);

  it('prints the per-stage table in the paper layout: score with its change, trained cell marked', () => {
    assert.deepEqual(tableRows(md, 'Scores after each stage, thinking mode (/think)'), [
      ['sft', '60.0', '30.0'],
      ['math-rl', '**70.0 ↑10.0**', '25.0 ↓5.0'],
    ]);
  });

  it('prints the forgetting matrix with intervals, changes and the largest drop', () => {
    // sft math: t(2)·0.1/√3 = 0.248414 → "± 24.8"; identical seeds → "± 0.0"
    assert.deepEqual(tableRows(md, 'Forgetting matrix, thinking mode (/think)'), [
      ['sft', '60.0 ± 24.8', '30.0 ± 0.0'],
      ['math-rl', '70.0 ± 0.0 (↑10.0)', '25.0 ± 0.0 (↓5.0)'],
      ['largest drop', '0.0', '5.0'],
    ]);
  });

  it('prints response lengths, wall times and the checks', () => {
    assert.deepEqual(tableRows(md, 'Mean response length (tokens), thinking mode (/think)'), [
      ['sft', '1,234', '800'],
      ['math-rl', '1,000', '700'],
    ]);
    assert.deepEqual(tableRows(md, 'Stages'), [
      ['sft', 'sft', '–', '10', '30.0 s', '3.00'],
      ['math-rl', 'grpo', 'math', '4', '1 h 2 min', '931.25'],
    ]);
    assert.match(md, /^- ✓ Math RL improves math — \+10\.0 points$/m);
    assert.match(md, /^- ✗ Code does not drop — code fell 5\.0 points$/m);
    assert.match(md, /^# Cascade run report: hand$/m);
    assert.match(md, /\*\*Optimizer steps:\*\* 14/);
  });

  it('prints no instruct-mode tables when nothing was evaluated in that mode', () => {
    assert.ok(!md.includes('/no_think'));
  });

  it('links every chart as a PNG beside the report', () => {
    for (const chart of chartSpecs(small)) assert.ok(md.includes(`](charts/${chart.name}.png)`), chart.name);
  });

  it('prints a one-seed run without intervals', () => {
    const one: RunReportInput = {
      ...small,
      seeds: [7],
      evaluations: small.evaluations.map((e) => ({ ...e, scores: [e.scores[0]] })),
    };
    const text = reportMarkdown(one);
    assert.ok(!text.includes('±'), 'no ± anywhere');
    assert.deepEqual(tableRows(text, 'Forgetting matrix, thinking mode (/think)')[0], [
      'sft',
      '50.0',
      '30.0',
    ]);
    assert.match(text, /one seed/);
  });
});
