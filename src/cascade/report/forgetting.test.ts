import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CascadeError } from '../../core/errors.ts';
import { forgettingMatrix, stageOrder } from './forgetting.ts';
import type { RunReportInput } from './types.ts';

function input(evaluations: RunReportInput['evaluations']): RunReportInput {
  return {
    name: 't',
    createdAt: '2026-01-01T00:00:00Z',
    seeds: [1, 2],
    profile: 'quick',
    stages: [
      { name: 'sft', kind: 'sft', steps: 1, wallSeconds: 1 },
      { name: 'math-rl', kind: 'grpo', domain: 'math', steps: 1, wallSeconds: 1 },
      { name: 'code-rl', kind: 'grpo', domain: 'code', steps: 1, wallSeconds: 1 },
    ],
    domains: ['math', 'code'],
    evaluations,
    metrics: [],
  };
}

const cell = (stage: string, domain: string, scores: number[], mode: 'think' | 'no_think' = 'think') => ({
  stage,
  domain,
  mode,
  scores,
  meanResponseTokens: 100,
});

describe('forgettingMatrix', () => {
  const run = input([
    cell('code-rl', 'math', [0.5, 0.5]),
    cell('base', 'math', [0.1, 0.3]),
    cell('sft', 'math', [0.4, 0.4]),
    cell('math-rl', 'math', [0.7, 0.6]),
    cell('base', 'code', [0.2, 0.2]),
    cell('math-rl', 'code', [0.3, 0.3]),
    cell('code-rl', 'code', [0.6, 0.6]),
    cell('sft', 'math', [0.9, 0.9], 'no_think'),
  ]);

  it('orders rows base first, then stages as run, whatever the evaluation order', () => {
    assert.deepEqual(stageOrder(run), ['base', 'sft', 'math-rl', 'code-rl']);
    const m = forgettingMatrix(run, 'think');
    assert.deepEqual(
      m.rows.map((r) => r.stage),
      ['base', 'sft', 'math-rl', 'code-rl'],
    );
    assert.equal(m.rows[2].trainsDomain, 'math');
    assert.equal(m.rows[0].trainsDomain, undefined);
  });

  it('gives each cell its mean, interval and change from the row above', () => {
    const math = forgettingMatrix(run, 'think').rows.map((r) => r.cells[0]);
    assert.equal(math[0]?.mean, 0.2);
    assert.equal(math[0]?.delta, null);
    // base [0.1, 0.3]: sd 0.141421, se 0.1, t(1) 12.7062 → half-width 1.27062
    assert.ok(Math.abs((math[0]?.halfWidth95 ?? 0) - 1.27062) < 1e-5);
    assert.ok(Math.abs((math[1]?.delta ?? 0) - 0.2) < 1e-12);
    assert.ok(Math.abs((math[2]?.delta ?? 0) - 0.25) < 1e-12);
    assert.ok(Math.abs((math[3]?.delta ?? 0) - -0.15) < 1e-12);
  });

  it('leaves a missing cell null and the change after it null', () => {
    const code = forgettingMatrix(run, 'think').rows.map((r) => r.cells[1]);
    assert.equal(code[1], null, 'sft was not evaluated on code');
    assert.equal(code[2]?.delta, null, 'no row above to compare with');
    assert.ok(Math.abs((code[3]?.delta ?? 0) - 0.3) < 1e-12);
  });

  it('reports the largest fall from an earlier best per domain', () => {
    const m = forgettingMatrix(run, 'think');
    // math: 0.2, 0.4, 0.65, 0.5 → 0.15; code only climbs → 0
    assert.ok(Math.abs((m.largestDrop[0] ?? 0) - 0.15) < 1e-12);
    assert.equal(m.largestDrop[1], 0);
  });

  it('keeps modes apart', () => {
    const m = forgettingMatrix(run, 'no_think');
    assert.equal(m.rows[1].cells[0]?.mean, 0.9);
    assert.equal(m.rows[0].cells[0], null);
    assert.equal(m.largestDrop[0], null);
  });

  it('rejects an evaluation of an unknown stage and a duplicated cell', () => {
    assert.throws(() => forgettingMatrix(input([cell('nope', 'math', [0.1])]), 'think'), CascadeError);
    const twice = input([cell('sft', 'math', [0.1]), cell('sft', 'math', [0.2])]);
    assert.throws(() => forgettingMatrix(twice, 'think'), /stage 'sft', domain 'math'/);
  });
});
