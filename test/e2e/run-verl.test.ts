/**
 * `cascade run --engine verl` end to end: the Nemotron-Cascade-8B recipe as a dry run (every job's
 * Parquet read back, every config checked against the committed verl key schema), and a small
 * three-job cascade against a fake Ray dashboard: checkpoints handed on, a failed job resumed.
 * Three CLI runs by default (about 15 s on 2 cores); CASCADE_SLOW_TESTS=1 adds two more.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parquetReadObjects } from 'hyparquet';
import { parse } from 'yaml';
import { loadVerlSchema, type VerlFlatConfig, validateVerlConfig } from '../../src/engine/verl/index.ts';
import { type FakeRay, startFakeRay } from '../../src/engine/verl/testing/fake-ray.ts';
import { runCli } from './cli.ts';

/** The CLI starts in a few seconds on 2 cores: the extra runs (0.7.0, plan) are slow tests. */
const slow = process.env.CASCADE_SLOW_TESTS === '1';
const slowOnly = { skip: !slow && 'set CASCADE_SLOW_TESTS=1' };

const NEMOTRON = fileURLToPath(new URL('../../recipes/nemotron-cascade-8b.yaml', import.meta.url));

/** Every job the paper's Cascade 1 8B recipe runs on verl, in order (paper-spec §2.1, §4.1–4.5). */
const NEMOTRON_JOBS = [
  'sft.sft-16k',
  'sft.sft-32k',
  'rlhf',
  'if-rl.if-ifeval',
  'if-rl.if-ifbench',
  'math-rl.math-24k',
  'math-rl.math-32k',
  'math-rl.math-40k',
  'code-rl.code-44k',
  'code-rl.code-48k',
  'swe-rl.swe-16k',
  'swe-rl.swe-24k',
];

/** Nested YAML → dotted keys, the form the key schema lists. */
function flatten(value: unknown, prefix = '', out: VerlFlatConfig = {}): VerlFlatConfig {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out[prefix] = value as VerlFlatConfig[string];
  }
  return out;
}

async function readParquet(path: string): Promise<Record<string, unknown>[]> {
  const bytes = readFileSync(path);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return (await parquetReadObjects({ file: buffer })) as Record<string, unknown>[];
}

describe('cascade run recipes/nemotron-cascade-8b.yaml --engine verl --dry-run', () => {
  let out: string;
  let result: Awaited<ReturnType<typeof runCli>>;
  before(async () => {
    out = mkdtempSync(join(tmpdir(), 'cascade-verl-dry-'));
    result = await runCli([
      'run',
      NEMOTRON,
      '--engine',
      'verl',
      '--ray-address',
      'http://127.0.0.1:9',
      '--dry-run',
      '--out',
      out,
    ]);
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('exits 0 and writes train.parquet, config.yaml and job.json for every job, and the lineage', () => {
    assert.equal(result.code, 0, result.stderr);
    for (const job of NEMOTRON_JOBS)
      for (const file of ['train.parquet', 'config.yaml', 'job.json'])
        assert.ok(existsSync(join(out, job, file)), `${job}/${file}`);
    const lineage = JSON.parse(readFileSync(join(out, 'lineage.json'), 'utf8'));
    assert.equal(lineage.engine, 'verl');
    assert.equal(lineage.dryRun, true);
    assert.deepEqual(
      lineage.jobs.map((job: { name: string }) => job.name),
      NEMOTRON_JOBS,
    );
    assert.ok(lineage.jobs.every((job: { status: string }) => job.status === 'dry-run'));
    assert.deepEqual(
      lineage.skippedStages.map((skip: { stage: string }) => skip.stage),
      ['reward-model'],
    );
  });

  it("every job's Parquet reads back with verl's columns", async () => {
    for (const job of NEMOTRON_JOBS) {
      const rows = await readParquet(join(out, job, 'train.parquet'));
      assert.ok(rows.length > 0, job);
      for (const row of rows) {
        assert.match(String(row.data_source), /^cascade\//, job);
        const messages = (job.startsWith('sft.') ? row.messages : row.prompt) as {
          role: string;
          content: string;
        }[];
        assert.ok(Array.isArray(messages) && messages.length > 0, job);
        const user = messages.findLast((m) => m.role === 'user');
        // chat cascade-v1: the mode flag ends the user turn (paper-spec §6.1)
        assert.match(String(user?.content), / \/(no_)?think$/, job);
        if (!job.startsWith('sft.')) assert.ok(row.reward_model && typeof row.reward_model === 'object', job);
      }
    }
    const ifeval = await readParquet(join(out, 'if-rl.if-ifeval', 'train.parquet'));
    assert.ok(
      ifeval.every((row) => String((row.prompt as { content: string }[])[0].content).endsWith(' /no_think')),
    );
  });

  it("every config.yaml validates against the committed key schema of its verl version, with the paper's values", () => {
    const schema = loadVerlSchema('0.8.0');
    const configs = new Map<string, VerlFlatConfig>();
    for (const job of NEMOTRON_JOBS) {
      const config = flatten(parse(readFileSync(join(out, job, 'config.yaml'), 'utf8')));
      validateVerlConfig(config, job.startsWith('sft.') ? schema.sft : schema.ppo, job);
      configs.set(job, config);
    }
    const math40 = configs.get('math-rl.math-40k');
    assert.equal(math40?.['data.max_response_length'], 40960);
    assert.equal(math40?.['actor_rollout_ref.rollout.temperature'], 0.8);
    assert.equal(math40?.['actor_rollout_ref.actor.optim.lr'], 2e-6);
    assert.equal(math40?.['actor_rollout_ref.actor.ppo_mini_batch_size'], 128);
    assert.equal(math40?.['actor_rollout_ref.actor.loss_agg_mode'], 'token-mean');
    assert.match(String(math40?.['actor_rollout_ref.model.path']), /math-rl\.math-32k\/merged$/);
    assert.equal(configs.get('swe-rl.swe-24k')?.['data.max_prompt_length'], 24576);
    assert.equal(configs.get('swe-rl.swe-24k')?.['actor_rollout_ref.rollout.n'], 16);
    assert.equal(configs.get('if-rl.if-ifeval')?.['actor_rollout_ref.rollout.top_k'], 20);
    assert.equal(configs.get('sft.sft-16k')?.['model.partial_pretrain'], 'Qwen/Qwen3-8B-Base');
    assert.equal(configs.get('sft.sft-32k')?.['optim.lr'], 2e-5);
    const rlhf = JSON.parse(readFileSync(join(out, 'rlhf', 'job.json'), 'utf8'));
    assert.equal(rlhf.runtimeEnv.env_vars.CASCADE_REWARD_URL, 'http://reward-model:8000');
  });

  it('--verl-version 0.7.0 writes the top-level reward layout', slowOnly, async () => {
    const old = mkdtempSync(join(tmpdir(), 'cascade-verl-070-'));
    try {
      const run = await runCli(['run', NEMOTRON, '--dry-run', '--verl-version', '0.7.0', '--out', old]);
      assert.equal(run.code, 0, run.stderr);
      const config = flatten(parse(readFileSync(join(old, 'math-rl.math-24k', 'config.yaml'), 'utf8')));
      validateVerlConfig(config, loadVerlSchema('0.7.0').ppo, 'math-24k');
      assert.equal(config['custom_reward_function.name'], 'compute_score_batch');
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
  });

  it('cascade plan shows the verl jobs with entrypoints and the served reward model', slowOnly, async () => {
    const plan = await runCli(['plan', NEMOTRON, '--out', '/shared/runs/nc8b']);
    assert.equal(plan.code, 0, plan.stderr);
    for (const job of NEMOTRON_JOBS)
      assert.match(plan.stdout, new RegExp(`\\d+\\. ${job.replace('.', '\\.')} \\[`));
    assert.match(plan.stdout, /entrypoint: python3 -m verl\.trainer\.main_ppo /);
    assert.match(plan.stdout, /entrypoint: torchrun .* -m verl\.trainer\.fsdp_sft_trainer /);
    assert.match(
      plan.stdout,
      /skipped reward-model \[reward-model\]: .*served at http:\/\/reward-model:8000/,
    );
  });
});

const SMALL_RECIPE = `
name: three-jobs
engine: verl
chat: qwen3
model: { checkpoint: /shared/models/base }
data: { dir: data }
verl: { nodes: 1, gpusPerNode: 2, rewardServiceUrls: ['http://127.0.0.1:8088'], maxPromptLength: 256 }
stages:
  - name: sft
    kind: sft
    domains: [math]
    data: [sft.jsonl]
    sft:
      stages:
        - { name: sft, maxSequenceLength: 512, tokensPerStep: 1024, maxSteps: 2, mix: { math: 1 }, schedule: { learningRate: 1.0e-5 } }
  - name: math-rl
    kind: grpo
    domains: [math]
    data: [math.jsonl]
    grpo:
      subStages:
        - { name: short, steps: 2, maxResponseLength: 128 }
        - { name: long, steps: 2, maxResponseLength: 256 }
      promptsPerStep: 2
      groupSize: 4
evaluation: { domains: [math] }
`;

describe('cascade run --engine verl against a fake Ray dashboard', () => {
  let ray: FakeRay;
  let dir: string;
  let failFirstLong = true;
  before(async () => {
    ray = await startFakeRay((submission) => {
      const meta = submission.metadata ?? {};
      if (meta.cascade_stage === 'math-rl.long' && meta.cascade_job === 'train' && failFirstLong) {
        failFirstLong = false;
        return { outcome: 'FAILED', message: 'CUDA out of memory', logLines: ['step 1', 'OOM'] };
      }
      return { outcome: 'SUCCEEDED', logLines: ['step 1', 'step 2'] };
    });
    dir = mkdtempSync(join(tmpdir(), 'cascade-verl-ray-'));
    writeFileSync(join(dir, 'recipe.yaml'), SMALL_RECIPE);
    const data = join(dir, 'data');
    mkdirSync(data);
    writeFileSync(
      join(data, 'sft.jsonl'),
      ['1', '2']
        .map((n) =>
          JSON.stringify({
            domain: 'math',
            messages: [
              { role: 'user', content: `${n}+${n}?` },
              { role: 'assistant', content: `${Number(n) * 2}` },
            ],
          }),
        )
        .join('\n'),
    );
    writeFileSync(
      join(data, 'math.jsonl'),
      ['3', '4']
        .map((n) =>
          JSON.stringify({ domain: 'math', prompt: `${n}*2?`, ground_truth: String(Number(n) * 2) }),
        )
        .join('\n'),
    );
  });
  after(async () => {
    await ray.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = () =>
    runCli([
      'run',
      join(dir, 'recipe.yaml'),
      '--ray-address',
      ray.url,
      '--poll-interval-ms',
      '5',
      '--out',
      join(dir, 'out'),
    ]);
  const jobJson = (name: string) => JSON.parse(readFileSync(join(dir, 'out', name, 'job.json'), 'utf8'));
  const lineage = () => JSON.parse(readFileSync(join(dir, 'out', 'lineage.json'), 'utf8'));
  const out = () => join(dir, 'out');

  it('a failed job stops the cascade with a non-zero exit, the jobs before it merged', async () => {
    const first = await run();
    assert.notEqual(first.code, 0);
    assert.match(first.stderr, /math-rl\.long failed/);
    assert.deepEqual(
      lineage().jobs.map((job: { name: string; status: string }) => [job.name, job.status]),
      [
        ['sft', 'succeeded'],
        ['math-rl.short', 'succeeded'],
        ['math-rl.long', 'failed'],
      ],
    );
    assert.equal(jobJson('math-rl.long').phase, 'failed');
    assert.equal(jobJson('sft').checkpoint, join(out(), 'sft', 'merged'));
  });

  it('the same command resumes: merged jobs skipped, the failed one resubmitted, checkpoints handed on', async () => {
    const submittedBefore = [...ray.jobs.values()].length;
    const second = await run();
    assert.equal(second.code, 0, second.stderr);
    const jobs = lineage().jobs;
    assert.deepEqual(
      jobs.map((job: { name: string; status: string; skipped: boolean }) => [
        job.name,
        job.status,
        job.skipped,
      ]),
      [
        ['sft', 'succeeded', true],
        ['math-rl.short', 'succeeded', true],
        ['math-rl.long', 'succeeded', false],
      ],
    );
    // only the failed job's second attempt and its merge were submitted this time
    const resubmitted = [...ray.jobs.values()].slice(submittedBefore).map((job) => job.submission.metadata);
    assert.deepEqual(
      resubmitted.map((meta) => [meta?.cascade_stage, meta?.cascade_job, meta?.cascade_attempt]),
      [
        ['math-rl.long', 'train', '2'],
        ['math-rl.long', 'merge', '1'],
      ],
    );
    // each job starts from the merged checkpoint of the one before
    assert.equal(jobJson('sft').modelPath, '/shared/models/base');
    assert.equal(jobJson('math-rl.short').modelPath, join(out(), 'sft', 'merged'));
    assert.equal(jobJson('math-rl.long').modelPath, join(out(), 'math-rl.short', 'merged'));
    const trainEntrypoints = [...ray.jobs.values()]
      .filter((job) => job.submission.metadata?.cascade_job === 'train')
      .map((job) => job.submission.entrypoint);
    assert.ok(
      trainEntrypoints.some((entry) =>
        entry.includes(`actor_rollout_ref.model.path=${join(out(), 'math-rl.short', 'merged')}`),
      ),
    );
    assert.equal(jobJson('math-rl.long').checkpoint, join(out(), 'math-rl.long', 'merged'));
  });
});
