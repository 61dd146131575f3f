import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CascadeError } from '../core/errors.ts';
import { parseRecipe } from './load.ts';
import {
  formatVerlPlan,
  planVerlCascade,
  type RecipeData,
  type RecipeRow,
  toRecipeRow,
  verlJobsOf,
  withModeFlags,
} from './verl.ts';

const nemotronText = readFileSync(new URL('../../recipes/nemotron-cascade-8b.yaml', import.meta.url), 'utf8');

function errorOf(run: () => unknown): CascadeError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof CascadeError, String(error));
    return error;
  }
  assert.fail('expected an error');
}

const SMALL = `
name: small
engine: verl
chat: qwen3
model: { checkpoint: Qwen/Qwen3-0.6B-Base }
verl: { nodes: 2, gpusPerNode: 4, rewardServiceUrls: ['http://rewards:8088'], maxPromptLength: 512 }
stages:
  - name: sft
    kind: sft
    domains: [chat, math]
    data: [sft.jsonl]
    sft:
      stages:
        - name: sft-a
          maxSequenceLength: 1024
          tokensPerStep: 4096
          maxSteps: 3
          mix: { math: 2, chat: 1 }
          schedule: { kind: cosine, learningRate: 1.0e-5 }
  - name: rm
    kind: reward-model
    endpoint: http://rm:9000
    rewardModel: { schedule: { kind: constant, learningRate: 1.0e-6 } }
  - name: rlhf
    kind: grpo
    domains: [chat]
    data: [chat.jsonl]
    grpo:
      subStages: [{ name: rlhf, steps: 2, maxResponseLength: 256, temperature: 0.6, topP: 0.95 }]
      promptsPerStep: 2
      groupSize: 4
      lossAggregation: sequence-mean
      thinkingMode: no_think
  - name: math-rl
    kind: grpo
    domains: [math]
    data: [math.jsonl]
    verl: { maxPromptLength: { m2: 1024 } }
    grpo:
      subStages:
        - { name: m1, steps: 2, maxResponseLength: 128, overlong: filter }
        - { name: m2, steps: 3, maxResponseLength: 256, temperature: 0.8 }
      promptsPerStep: 2
      groupSize: 4
      schedule: { kind: constant, learningRate: 3.0e-6 }
      dynamicFilter: epoch
evaluation: { domains: [math] }
`;

function row(id: string, domain: string, messages: RecipeRow['messages']): RecipeRow {
  return { id, domain, messages, groundTruth: '1' };
}

function smallData(): RecipeData {
  const user = (content: string) => ({ role: 'user' as const, content });
  return new Map([
    [
      'sft',
      [
        {
          file: 'sft.jsonl',
          rows: [
            row('s1', 'math', [user('1+0?'), { role: 'assistant', content: '<think>x</think>1' }]),
            row('s2', 'chat', [user('hi'), { role: 'assistant', content: 'hello' }]),
            row('s3', 'code', [user('code'), { role: 'assistant', content: 'print(1)' }]),
          ],
        },
      ],
    ],
    [
      'rlhf',
      [{ file: 'chat.jsonl', rows: [row('c1', 'chat', [user('a')]), row('c2', 'chat', [user('b')])] }],
    ],
    [
      'math-rl',
      [{ file: 'math.jsonl', rows: [row('m1', 'math', [user('x')]), row('m2', 'math', [user('y')])] }],
    ],
  ]);
}

describe('data rows', () => {
  it('a prompt string becomes one user message; task stands in for ground_truth; the id defaults', () => {
    const r = toRecipeRow(
      { domain: 'ifeval', prompt: 'Say hi', task: { instruction_id_list: [] } },
      'f:3',
      'f:3',
    );
    assert.equal(r.id, 'f:3');
    assert.deepEqual(r.messages, [{ role: 'user', content: 'Say hi' }]);
    assert.deepEqual(r.groundTruth, { instruction_id_list: [] });
  });

  it('rejects rows without a domain, without a prompt, or with a bad role, naming where', () => {
    assert.match(errorOf(() => toRecipeRow({ prompt: 'x' }, 'a.jsonl:2', 'i')).message, /domain/);
    assert.equal(errorOf(() => toRecipeRow({ domain: 'math' }, 'a.jsonl:4', 'i')).where, 'a.jsonl:4');
    const bad = errorOf(() =>
      toRecipeRow({ domain: 'math', messages: [{ role: 'bot', content: 'x' }] }, 'b:1', 'i'),
    );
    assert.equal(bad.where, 'b:1: messages[0]');
  });

  it('Cascade 1 mode flags: the last user turn gets the mode, earlier ones " /no_think", flagged turns stay', () => {
    const flagged = withModeFlags(
      [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'kept /think' },
        { role: 'user', content: 'last' },
      ],
      'think',
    );
    assert.deepEqual(
      flagged.map((m) => m.content),
      ['first /no_think', 'ok', 'kept /think', 'last /think'],
    );
  });
});

describe('planVerlCascade', () => {
  const recipe = parseRecipe(SMALL, 'small.yaml');
  const plan = planVerlCascade(recipe, smallData());

  it('one job per sub-stage, each starting from the merged checkpoint of the job before', () => {
    assert.deepEqual(
      plan.jobs.map((job) => job.name),
      ['sft', 'rlhf', 'math-rl.m1', 'math-rl.m2'],
    );
    assert.deepEqual(
      plan.jobs.map((job) => job.spec.modelPath),
      ['Qwen/Qwen3-0.6B-Base', { fromStage: 'sft' }, { fromStage: 'rlhf' }, { fromStage: 'math-rl.m1' }],
    );
  });

  it('the reward-model stage is skipped: served at its endpoint, and chat prompts are scored there', () => {
    assert.deepEqual(
      plan.skipped.map((s) => s.stage),
      ['rm'],
    );
    assert.match(plan.skipped[0].reason, /served at http:\/\/rm:9000/);
    const rlhf = plan.jobs[1].spec;
    assert.deepEqual(rlhf.rewardServiceUrls, ['http://rm:9000']);
    assert.deepEqual(plan.jobs[2].spec.rewardServiceUrls, ['http://rewards:8088']);
  });

  it('maps the GRPO hyperparameters of each sub-stage', () => {
    const [m1, m2] = [plan.jobs[2].spec, plan.jobs[3].spec];
    assert.equal(m1.hyperparameters.maxResponseLength, 128);
    assert.equal(m1.hyperparameters.overlong, 'filter');
    assert.equal(m1.hyperparameters.maxPromptLength, 512);
    assert.equal(m2.hyperparameters.maxPromptLength, 1024);
    assert.equal(m2.hyperparameters.temperature, 0.8);
    assert.equal(m2.hyperparameters.totalSteps, 3);
    assert.equal(m2.hyperparameters.learningRate, 3e-6);
    assert.equal(m2.hyperparameters.dynamicFilter, 'epoch');
    assert.equal(m2.nodes, 2);
    assert.equal(m2.gpusPerNode, 4);
    const rlhf = plan.jobs[1].spec.hyperparameters;
    assert.equal(rlhf.lossAggregation, 'seq-mean-token-mean');
    assert.equal(rlhf.thinking, 'non-thinking');
    assert.equal(rlhf.groupSize, 4);
  });

  it('SFT: rows of domains outside the mix are dropped, weights repeat rows, one node', () => {
    const sft = plan.jobs[0];
    assert.deepEqual(
      sft.spec.rows.map((r) => r.id),
      ['s1', 's1#x2', 's2'],
    );
    assert.ok(sft.notes.some((note) => /1 rows of domain code dropped/.test(note)));
    assert.equal(sft.spec.nodes, 1);
    assert.equal(sft.spec.hyperparameters.promptsPerStep, 4); // 4096 tokens / 1024 per sequence
    assert.equal(sft.spec.hyperparameters.maxPromptLength + sft.spec.hyperparameters.maxResponseLength, 1024);
    assert.equal(sft.spec.overrides?.['optim.lr_scheduler'], 'cosine');
  });

  it('rows are not repeated unless data.repeatToFill, which says so in a note', () => {
    assert.equal(plan.jobs[0].spec.rows.length, 3);
    const filled = planVerlCascade(
      parseRecipe(SMALL, 'small.yaml', { sets: ['data.repeatToFill=true'] }),
      smallData(),
    );
    assert.equal(filled.jobs[0].spec.rows.length, 4);
    assert.ok(filled.jobs[0].notes.some((note) => /repeated to 4/.test(note)));
  });

  it('the generated verl configs carry the mapped values and validate (buildVerlJob checks the schema)', () => {
    const jobs = verlJobsOf(plan, { out: '/runs/small', clusterOutDir: '/shared/small' });
    const m2 = jobs[3].verlJob;
    assert.equal(m2.config['actor_rollout_ref.model.path'], '/shared/small/math-rl.m1/merged');
    assert.equal(m2.config['data.max_response_length'], 256);
    assert.equal(m2.config['actor_rollout_ref.rollout.n'], 4);
    assert.ok(m2.warnings.some((w) => /epoch/.test(w)));
    assert.equal(jobs[0].verlJob.config['optim.weight_decay'], 0);
  });

  it('the plan text lists each job with its module, key config, notes and entrypoint', () => {
    const text = formatVerlPlan(plan, { out: '/runs/small' });
    assert.match(
      text,
      /^1\. sft \[sft\] verl\.trainer\.fsdp_sft_trainer, 3 rows, from Qwen\/Qwen3-0\.6B-Base$/m,
    );
    assert.match(
      text,
      /^4\. math-rl\.m2 \[grpo\] verl\.trainer\.main_ppo, 2 rows, from math-rl\.m1 \(merged\)$/m,
    );
    assert.match(text, /data\.max_response_length=256 .*actor_rollout_ref\.rollout\.n=4/);
    assert.match(
      text,
      /entrypoint: python3 -m verl\.trainer\.main_ppo .*actor_rollout_ref\.model\.path=\/runs\/small\/math-rl\.m1\/merged/,
    );
    assert.match(text, /note: dynamicFilter 'epoch'/);
    assert.match(text, /^skipped rm \[reward-model\]: .*http:\/\/rm:9000/m);
  });

  it('needs model.checkpoint and data files', () => {
    const scratch = { ...recipe, model: { ...recipe.model, checkpoint: undefined } };
    assert.equal(errorOf(() => planVerlCascade(scratch, smallData())).where, 'model.checkpoint');
    const empty = new Map(smallData());
    empty.delete('rlhf');
    assert.equal(errorOf(() => planVerlCascade(recipe, empty)).where, 'stages.rlhf.data');
  });
});

describe('recipes/nemotron-cascade-8b.yaml', () => {
  const recipe = parseRecipe(nemotronText, 'nemotron-cascade-8b.yaml');

  it('is Cascade 1 for Qwen3-8B-Base in the paper order (paper-spec §1.1)', () => {
    assert.equal(recipe.model.checkpoint, 'Qwen/Qwen3-8B-Base');
    assert.equal(recipe.chat, 'cascade-v1');
    assert.equal(recipe.engine, 'verl');
    assert.deepEqual(
      recipe.stages.map((s) => s.name),
      ['sft', 'reward-model', 'rlhf', 'if-rl', 'math-rl', 'code-rl', 'swe-rl'],
    );
  });

  it('Math RL 24K → 32K → 40K, 190/240/70 steps, T 1/1/0.8, filtering on/off/off, epoch filter (§4.3)', () => {
    const math = recipe.stages.find((s) => s.name === 'math-rl');
    assert.ok(math?.kind === 'grpo');
    assert.deepEqual(
      math.grpo.subStages.map((s) => [s.maxResponseLength, s.steps, s.temperature, s.overlong]),
      [
        [24 * 1024, 190, 1, 'filter'],
        [32 * 1024, 240, 1, 'zero-reward'],
        [40 * 1024, 70, 0.8, 'zero-reward'],
      ],
    );
    assert.equal(math.grpo.dynamicFilter, 'epoch');
    assert.deepEqual(math.grpo.epochFilter, { readmitHard: 0.1, readmitEasy: 0.01 });
    assert.equal(math.grpo.schedule.learningRate, 2e-6);
    assert.equal(math.grpo.promptsPerStep, 128);
  });

  it('SFT 16K then 32K at 5e-5 / 2e-5, batch 256, 20K / 32K steps (§2.1 Table 14)', () => {
    const sft = recipe.stages[0];
    assert.ok(sft.kind === 'sft');
    assert.deepEqual(
      sft.sft.stages.map((s) => [
        s.maxSequenceLength,
        s.schedule.learningRate,
        s.maxSequencesPerStep,
        s.maxSteps,
      ]),
      [
        [16384, 5e-5, 256, 20000],
        [32768, 2e-5, 256, 32000],
      ],
    );
  });

  it('IF-RL two non-thinking sub-stages with the batch filter; SWE RL 16 rollouts, input 16K then 24K', () => {
    const ifrl = recipe.stages.find((s) => s.name === 'if-rl');
    assert.ok(ifrl?.kind === 'grpo');
    assert.equal(ifrl.grpo.subStages.length, 2);
    assert.equal(ifrl.grpo.thinkingMode, 'no_think');
    assert.equal(ifrl.grpo.dynamicFilter, 'batch');
    assert.deepEqual(
      ifrl.grpo.subStages.map((s) => s.topK),
      [20, 20],
    );
    const swe = recipe.stages.find((s) => s.name === 'swe-rl');
    assert.ok(swe?.kind === 'grpo');
    assert.equal(swe.grpo.groupSize, 16);
    assert.deepEqual(swe.verl?.maxPromptLength, { 'swe-16k': 16384, 'swe-24k': 24576 });
  });

  it('data.dir can be pointed elsewhere with --set', () => {
    const moved = parseRecipe(nemotronText, 'n.yaml', { sets: ['data.dir=/data/nc8b'] });
    assert.equal(moved.data.dir, '/data/nc8b');
  });
});
