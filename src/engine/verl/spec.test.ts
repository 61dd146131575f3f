import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CascadeError } from '../../core/errors.ts';
import { checkStageSpec, type VerlStageSpec } from './spec.ts';

const good: VerlStageSpec = {
  name: 'ifrl',
  kind: 'grpo',
  modelPath: '/models/sft',
  rows: [
    { id: 'a', domain: 'ifeval', messages: [{ role: 'user', content: 'x' }], groundTruth: {} },
    { id: 'b', domain: 'ifeval', messages: [{ role: 'user', content: 'y' }], groundTruth: {} },
  ],
  hyperparameters: {
    promptsPerStep: 2,
    groupSize: 8,
    learningRate: 3e-6,
    maxPromptLength: 1024,
    maxResponseLength: 8192,
    temperature: 0.6,
    topP: 1,
    lossAggregation: 'token-mean',
    klCoefficient: 0,
    dynamicFilter: 'batch',
    overlong: 'zero-reward',
    totalSteps: 100,
    thinking: 'non-thinking',
  },
  nodes: 2,
  gpusPerNode: 8,
  rewardServiceUrls: ['http://127.0.0.1:8088'],
};

function rejects(spec: VerlStageSpec, where: RegExp): void {
  assert.throws(
    () => checkStageSpec(spec),
    (error: unknown) =>
      error instanceof CascadeError && error.code === 'verl_bad_spec' && where.test(error.where ?? ''),
  );
}

test('a well-formed stage passes', () => {
  assert.doesNotThrow(() => checkStageSpec(good));
});

test('bad values are refused with the stage and field named', () => {
  const h = good.hyperparameters;
  rejects({ ...good, name: 'math 24k' }, /^name$/);
  rejects({ ...good, hyperparameters: { ...h, groupSize: 0 } }, /stage ifrl: groupSize/);
  rejects({ ...good, hyperparameters: { ...h, promptsPerStep: 1.5 } }, /promptsPerStep/);
  rejects({ ...good, hyperparameters: { ...h, topP: 0 } }, /topP/);
  rejects({ ...good, hyperparameters: { ...h, topK: -1 } }, /topK/);
  rejects({ ...good, hyperparameters: { ...h, promptsPerStep: 3 } }, /rows/);
  rejects({ ...good, rows: [good.rows[0], { ...good.rows[1], id: 'a' }] }, /rows\[1\]/);
  rejects({ ...good, rewardServiceUrls: [] }, /rewardServiceUrls/);
  rejects({ ...good, rewardServiceUrls: ['not a url'] }, /rewardServiceUrls/);
  rejects({ ...good, kind: 'sft', nodes: 1 }, /rows\[0\]/); // no assistant message to learn from
  const sftRows = good.rows.map((row) => ({
    ...row,
    messages: [...row.messages, { role: 'assistant' as const, content: 'ok' }],
  }));
  assert.doesNotThrow(() =>
    checkStageSpec({ ...good, kind: 'sft', nodes: 1, rows: sftRows, rewardServiceUrls: [] }),
  );
  rejects({ ...good, kind: 'sft', rows: sftRows }, /nodes/);
});
