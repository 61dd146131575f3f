import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, test } from 'node:test';
import { parquetReadObjects } from 'hyparquet';
import { parse } from 'yaml';
import { CascadeError } from '../../core/errors.ts';
import type { RayJobSubmission } from './ray-client.ts';
import { readVerlStage, runVerlCascade, runVerlStage, type VerlProgress } from './runner.ts';
import type { VerlStageSpec } from './spec.ts';
import { type FakeJobPlan, type FakeRay, startFakeRay } from './testing/fake-ray.ts';

function stage(name: string, kind: 'grpo' | 'sft', modelPath: VerlStageSpec['modelPath']): VerlStageSpec {
  return {
    name,
    kind,
    modelPath,
    rows: Array.from({ length: 8 }, (_, i) => ({
      id: `${name}-${i}`,
      domain: 'math',
      messages:
        kind === 'sft'
          ? [
              { role: 'user', content: `q${i}` },
              { role: 'assistant', content: `a${i}` },
            ]
          : [{ role: 'user', content: `q${i}` }],
      groundTruth: String(i),
    })),
    hyperparameters: {
      promptsPerStep: 4,
      groupSize: 8,
      learningRate: 1e-6,
      maxPromptLength: 1024,
      maxResponseLength: 8192,
      temperature: 1,
      topP: 1,
      lossAggregation: 'token-mean',
      klCoefficient: 0,
      dynamicFilter: 'none',
      overlong: 'zero-reward',
      totalSteps: 10,
      thinking: 'thinking',
    },
    nodes: 1,
    gpusPerNode: 8,
    rewardServiceUrls: ['http://127.0.0.1:8088'],
  };
}

const cascade = [
  stage('sft', 'sft', '/models/Qwen3-8B-Base'),
  stage('ifrl', 'grpo', { fromStage: 'sft' }),
  stage('math', 'grpo', { fromStage: 'ifrl' }),
];

/** Jobs succeed unless the test scripted a failure for a stage's job kind. */
function scripted(failures: Map<string, number>) {
  return (job: RayJobSubmission): FakeJobPlan => {
    const key = `${job.metadata?.cascade_stage}/${job.metadata?.cascade_job}`;
    const left = failures.get(key) ?? 0;
    if (left > 0) {
      failures.set(key, left - 1);
      return { outcome: 'FAILED', logLines: ['step 1', 'torch.OutOfMemoryError: CUDA out of memory'] };
    }
    return { outcome: 'SUCCEEDED', logLines: [`${key} step 1`, `${key} step 2`, `${key} done`] };
  };
}

const trainEntrypoints = (ray: FakeRay) =>
  [...ray.jobs.values()].map(
    (job) => `${job.submission.metadata?.cascade_stage}/${job.submission.metadata?.cascade_job}`,
  );

describe('runVerlStage / runVerlCascade against a fake Ray dashboard', () => {
  let out: string;
  let ray: FakeRay;
  const failures = new Map<string, number>();
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'verl-run-'));
    failures.clear();
    ray = await startFakeRay(scripted(failures));
  });
  afterEach(async () => {
    await ray.close();
    await rm(out, { recursive: true, force: true });
  });
  after(() => undefined);

  const options = () => ({
    rayAddress: ray.url,
    outDir: out,
    clusterOutDir: '/shared/run',
    pollIntervalMs: 1,
  });

  test('three stages hand the merged checkpoint of one job to the next', async () => {
    const events: VerlProgress[] = [];
    const results = await runVerlCascade(cascade, { ...options(), onProgress: (e) => events.push(e) });
    assert.deepEqual(
      results.map((r) => [r.stage, r.status, r.checkpoint, r.skipped]),
      [
        ['sft', 'succeeded', '/shared/run/sft/merged', false],
        ['ifrl', 'succeeded', '/shared/run/ifrl/merged', false],
        ['math', 'succeeded', '/shared/run/math/merged', false],
      ],
    );
    assert.deepEqual(trainEntrypoints(ray), [
      'sft/train',
      'sft/merge',
      'ifrl/train',
      'ifrl/merge',
      'math/train',
      'math/merge',
    ]);
    const jobs = [...ray.jobs.values()].map((job) => job.submission);
    // SFT: torchrun on a GPU node from the base model; GRPO: main_ppo from the previous merged dir
    assert.match(
      jobs[0].entrypoint,
      /^torchrun .* -m verl\.trainer\.fsdp_sft_trainer .*model\.partial_pretrain=\/models\/Qwen3-8B-Base/,
    );
    assert.equal(jobs[0].entrypoint_num_gpus, 8);
    assert.match(
      jobs[2].entrypoint,
      /^python3 -m verl\.trainer\.main_ppo .*actor_rollout_ref\.model\.path=\/shared\/run\/sft\/merged( |$)/,
    );
    assert.match(jobs[4].entrypoint, /actor_rollout_ref\.model\.path=\/shared\/run\/ifrl\/merged( |$)/);
    assert.match(jobs[2].entrypoint, /data\.train_files=\[\/shared\/run\/ifrl\/train\.parquet\]/);
    assert.match(
      jobs[2].entrypoint,
      /reward\.custom_reward_function\.path=\/shared\/run\/cascade_reward\.py/,
    );
    assert.deepEqual(jobs[2].runtime_env, {
      env_vars: { CASCADE_REWARD_URL: 'http://127.0.0.1:8088', CASCADE_REWARD_URLS: 'http://127.0.0.1:8088' },
    });
    // the merger: verl.model_merger on the latest GRPO actor checkpoint, into the stage's merged dir
    assert.equal(
      jobs[3].entrypoint,
      `python3 -m verl.model_merger merge --backend fsdp --local_dir /shared/run/ifrl/checkpoints/global_step_"$(cat /shared/run/ifrl/checkpoints/latest_checkpointed_iteration.txt)"/actor --target_dir /shared/run/ifrl/merged`,
    );
    assert.match(
      jobs[1].entrypoint,
      /global_step_"\$\(cat [^)]*\)" --target_dir \/shared\/run\/sft\/merged$/,
    );

    // files: Parquet, config.yaml, job.json, job.log, merge.log, and the shim copy
    for (const file of ['train.parquet', 'config.yaml', 'job.json', 'job.log', 'merge.log'])
      assert.ok(existsSync(join(out, 'math', file)), file);
    assert.ok(existsSync(join(out, 'cascade_reward.py')));
    const config = parse(await readFile(join(out, 'math', 'config.yaml'), 'utf8')) as {
      actor_rollout_ref: { model: { path: string } };
    };
    assert.equal(config.actor_rollout_ref.model.path, '/shared/run/ifrl/merged');
    const log = await readFile(join(out, 'math', 'job.log'), 'utf8');
    assert.match(log, /math\/train step 1\nmath\/train step 2\nmath\/train done\n$/);
    const bytes = await readFile(join(out, 'ifrl', 'train.parquet'));
    const rows = await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
    });
    assert.equal(rows.length, 8);
    const state = await readVerlStage(out, 'ifrl');
    assert.equal(state?.phase, 'merged');
    assert.deepEqual(
      state?.jobs.map((j) => [j.job, j.attempt, j.status]),
      [
        ['train', 1, 'SUCCEEDED'],
        ['merge', 1, 'SUCCEEDED'],
      ],
    );
    assert.ok(events.some((e) => e.event === 'status' && e.status === 'RUNNING'));

    // a second run skips every stage and submits nothing
    const before = ray.jobs.size;
    const again = await runVerlCascade(cascade, options());
    assert.deepEqual(
      again.map((r) => [r.status, r.skipped]),
      [
        ['succeeded', true],
        ['succeeded', true],
        ['succeeded', true],
      ],
    );
    assert.equal(ray.jobs.size, before);
  });

  test('a failed job stops the chain and leaves it resumable: the re-run resubmits only what failed', async () => {
    failures.set('ifrl/train', 1);
    const first = await runVerlCascade(cascade, options());
    assert.deepEqual(
      first.map((r) => [r.stage, r.status]),
      [
        ['sft', 'succeeded'],
        ['ifrl', 'failed'],
      ],
    );
    assert.match(first[1].message ?? '', /exit code 1/);
    assert.equal((await readVerlStage(out, 'ifrl'))?.phase, 'failed');
    assert.match(await readFile(join(out, 'ifrl', 'job.log'), 'utf8'), /OutOfMemoryError/);
    assert.equal(existsSync(join(out, 'math')), false, 'the next stage never started');

    const second = await runVerlCascade(cascade, options());
    assert.deepEqual(
      second.map((r) => [r.stage, r.status, r.skipped]),
      [
        ['sft', 'succeeded', true],
        ['ifrl', 'succeeded', false],
        ['math', 'succeeded', false],
      ],
    );
    assert.deepEqual(trainEntrypoints(ray), [
      'sft/train',
      'sft/merge',
      'ifrl/train',
      'ifrl/train',
      'ifrl/merge',
      'math/train',
      'math/merge',
    ]);
    const state = await readVerlStage(out, 'ifrl');
    assert.deepEqual(
      state?.jobs.map((j) => [j.job, j.attempt, j.status]),
      [
        ['train', 1, 'FAILED'],
        ['train', 2, 'SUCCEEDED'],
        ['merge', 1, 'SUCCEEDED'],
      ],
    );
    assert.notEqual(state?.jobs[0].submissionId, state?.jobs[1].submissionId);
  });

  test('a failed merge re-runs only the merge', async () => {
    failures.set('sft/merge', 1);
    const first = await runVerlStage(cascade[0], options());
    assert.equal(first.status, 'failed');
    assert.match(first.message ?? '', /^model merger/);
    assert.equal((await readVerlStage(out, 'sft'))?.phase, 'merge-failed');
    const second = await runVerlStage(cascade[0], options());
    assert.equal(second.status, 'succeeded');
    assert.deepEqual(trainEntrypoints(ray), ['sft/train', 'sft/merge', 'sft/merge']);
  });

  test('the signal stops the running job on the cluster; a re-run resubmits it', async () => {
    const controller = new AbortController();
    const result = await runVerlStage(stage('solo', 'grpo', '/models/m'), {
      ...options(),
      signal: controller.signal,
      onProgress: (event) => {
        if (event.event === 'status' && event.status === 'RUNNING') controller.abort();
      },
    });
    assert.equal(result.status, 'stopped');
    const [job] = ray.jobs.values();
    assert.equal(job.status, 'STOPPED');
    assert.ok(ray.requests.some((line) => /^POST \/api\/jobs\/cascade-solo-.*-train-1\/stop$/.test(line)));
    assert.equal((await readVerlStage(out, 'solo'))?.phase, 'stopped');
    const again = await runVerlStage(stage('solo', 'grpo', '/models/m'), options());
    assert.equal(again.status, 'succeeded');
    assert.equal(ray.jobs.size, 3); // train (stopped), train, merge
  });

  test('a controller that died while following re-attaches instead of resubmitting', async () => {
    const crash = new Error('controller died');
    await assert.rejects(
      runVerlStage(stage('solo', 'grpo', '/models/m'), {
        ...options(),
        onProgress: (event) => {
          if (event.event === 'status' && event.status === 'RUNNING') throw crash;
        },
      }),
      (error) => error === crash,
    );
    assert.equal((await readVerlStage(out, 'solo'))?.phase, 'training');
    const events: string[] = [];
    const result = await runVerlStage(stage('solo', 'grpo', '/models/m'), {
      ...options(),
      onProgress: (event) => events.push(`${event.event}${'job' in event ? `:${event.job}` : ''}`),
    });
    assert.equal(result.status, 'succeeded');
    assert.ok(events.includes('attached:train'));
    assert.ok(!events.includes('submitted:train'));
    assert.equal(ray.jobs.size, 2);
  });

  test('dry-run writes Parquet, config and job.json and submits nothing', async () => {
    const results = await runVerlCascade(cascade, { ...options(), dryRun: true });
    assert.deepEqual(
      results.map((r) => r.status),
      ['dry-run', 'dry-run', 'dry-run'],
    );
    for (const name of ['sft', 'ifrl', 'math'])
      for (const file of ['train.parquet', 'config.yaml', 'job.json'])
        assert.ok(existsSync(join(out, name, file)));
    assert.deepEqual(ray.requests, []);
    const state = await readVerlStage(out, 'math');
    assert.equal(state?.modelPath, '/shared/run/ifrl/merged');
    assert.equal(state?.phase, 'written');
  });

  test('a stage whose inputs changed after it ran is refused; a stage without its source checkpoint too', async () => {
    await runVerlStage(cascade[0], options());
    const changed = { ...cascade[0], hyperparameters: { ...cascade[0].hyperparameters, learningRate: 2e-6 } };
    await assert.rejects(
      runVerlStage(changed, options()),
      (error) => error instanceof CascadeError && error.code === 'verl_stage_changed',
    );
    await assert.rejects(
      runVerlStage(cascade[2], options()),
      (error) =>
        error instanceof CascadeError &&
        error.code === 'verl_stage_not_ready' &&
        /stage ifrl/.test(error.message),
    );
  });
});
