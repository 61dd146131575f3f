import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { CascadeError } from '../../core/errors.ts';
import { buildVerlJob, epochsFor, type VerlStagePaths } from './config.ts';
import { hydraString, shellCommand, toConfigYaml } from './hydra.ts';
import { loadVerlSchema, VERL_VERSIONS } from './schema.ts';
import type { VerlStageSpec } from './spec.ts';

const paths: VerlStagePaths = {
  trainFile: '/shared/run/math-24k/train.parquet',
  checkpointDir: '/shared/run/math-24k/checkpoints',
  mergedDir: '/shared/run/math-24k/merged',
  rewardShimPath: '/opt/cascade/integrations/verl/cascade_reward.py',
};

/** Cascade 1 8B Math RL stage 1 (paper-spec.md §4.3). */
function mathStage(over: Partial<VerlStageSpec['hyperparameters']> = {}): VerlStageSpec {
  return {
    name: 'math-24k',
    kind: 'grpo',
    modelPath: '/shared/models/ifrl',
    rows: Array.from({ length: 256 }, (_, i) => ({
      id: `m${i}`,
      domain: 'math',
      messages: [{ role: 'user', content: `problem ${i}` }],
      groundTruth: String(i),
    })),
    hyperparameters: {
      promptsPerStep: 128,
      groupSize: 8,
      learningRate: 2e-6,
      maxPromptLength: 2048,
      maxResponseLength: 24576,
      temperature: 1,
      topP: 0.95,
      lossAggregation: 'token-mean',
      klCoefficient: 0,
      dynamicFilter: 'none',
      overlong: 'zero-reward',
      totalSteps: 190,
      thinking: 'thinking',
      ...over,
    },
    nodes: 4,
    gpusPerNode: 8,
    rewardServiceUrls: ['http://10.0.0.5:8088'],
  };
}

const options = { verlVersion: '0.7.0' as const, modelPath: '/shared/models/ifrl', paths };

describe('GRPO config (both layouts)', () => {
  for (const verlVersion of VERL_VERSIONS) {
    test(`verl ${verlVersion}: on-policy GRPO as the paper (one update per batch, no KL, token-mean)`, () => {
      const job = buildVerlJob(mathStage(), { ...options, verlVersion });
      const c = job.config;
      assert.equal(c['algorithm.adv_estimator'], 'grpo');
      assert.equal(c['data.train_batch_size'], 128);
      assert.equal(c['actor_rollout_ref.actor.ppo_mini_batch_size'], 128, 'mini batch = batch: one update');
      assert.equal(c['actor_rollout_ref.actor.ppo_epochs'], 1);
      assert.equal(c['actor_rollout_ref.actor.use_kl_loss'], false);
      assert.equal(c['algorithm.kl_ctrl.kl_coef'], 0);
      assert.equal(c['algorithm.use_kl_in_reward'], false);
      assert.equal(c['actor_rollout_ref.actor.entropy_coeff'], 0);
      assert.equal(c['actor_rollout_ref.actor.loss_agg_mode'], 'token-mean');
      assert.equal(c['actor_rollout_ref.rollout.n'], 8);
      assert.equal(c['actor_rollout_ref.rollout.temperature'], 1);
      assert.equal(c['actor_rollout_ref.rollout.top_p'], 0.95);
      assert.equal(c['actor_rollout_ref.rollout.top_k'], -1);
      assert.equal(c['data.max_response_length'], 24576);
      assert.equal(c['trainer.total_training_steps'], 190);
      assert.equal(c['trainer.nnodes'], 4);
      assert.equal(c['trainer.n_gpus_per_node'], 8);
      assert.equal(c['actor_rollout_ref.model.path'], '/shared/models/ifrl');
      assert.equal(c['trainer.default_local_dir'], paths.checkpointDir);
      assert.equal(c['trainer.resume_mode'], 'auto');
      assert.deepEqual(c['data.train_files'], [paths.trainFile]);
      assert.equal(job.module, 'verl.trainer.main_ppo');
      assert.deepEqual(job.runtimeEnv.env_vars, {
        CASCADE_REWARD_URL: 'http://10.0.0.5:8088',
        CASCADE_REWARD_URLS: 'http://10.0.0.5:8088',
      });
      assert.ok(job.entrypoint.startsWith('python3 -m verl.trainer.main_ppo '));
      assert.deepEqual(job.warnings, []);
    });
  }

  test('0.7.0 puts the reward at top level, 0.8.0 under reward.*', () => {
    const early = buildVerlJob(mathStage(), { ...options, verlVersion: '0.7.0' }).config;
    const late = buildVerlJob(mathStage(), { ...options, verlVersion: '0.8.0' }).config;
    assert.equal(early['custom_reward_function.path'], paths.rewardShimPath);
    assert.equal(early['custom_reward_function.name'], 'compute_score_batch');
    assert.equal(early['reward_model.reward_manager'], 'batch');
    assert.equal(
      Object.keys(early).some((key) => key.startsWith('reward.')),
      false,
    );
    assert.equal(late['reward.custom_reward_function.path'], paths.rewardShimPath);
    assert.equal(late['reward.custom_reward_function.name'], 'compute_score_batch');
    assert.equal(late['reward.reward_manager.name'], 'batch');
    assert.equal(
      Object.keys(late).some(
        (key) => key.startsWith('custom_reward_function') || key.startsWith('reward_model'),
      ),
      false,
    );
  });

  test('a KL coefficient turns on the KL loss; seq-mean-token-mean passes through', () => {
    const job = buildVerlJob(
      mathStage({ klCoefficient: 0.03, lossAggregation: 'seq-mean-token-mean' }),
      options,
    );
    assert.equal(job.config['actor_rollout_ref.actor.use_kl_loss'], true);
    assert.equal(job.config['actor_rollout_ref.actor.kl_loss_coef'], 0.03);
    assert.equal(job.config['actor_rollout_ref.actor.loss_agg_mode'], 'seq-mean-token-mean');
    assert.equal(job.config['actor_rollout_ref.ref.log_prob_micro_batch_size_per_gpu'], 4);
  });

  test('batch filter: the DAPO recipe trainer in 0.7.0, core main_ppo in 0.8.0', () => {
    for (const [verlVersion, module] of [
      ['0.7.0', 'recipe.dapo.main_dapo'],
      ['0.8.0', 'verl.trainer.main_ppo'],
    ] as const) {
      const job = buildVerlJob(mathStage({ dynamicFilter: 'batch' }), { ...options, verlVersion });
      assert.equal(job.module, module);
      assert.equal(job.config['algorithm.filter_groups.enable'], true);
      assert.equal(job.config['algorithm.filter_groups.metric'], 'acc');
      assert.ok(job.entrypoint.startsWith(`python3 -m ${module} `));
    }
  });

  test('settings verl has no key for are warned about, not dropped silently', () => {
    const job = buildVerlJob(mathStage({ overlong: 'filter', dynamicFilter: 'epoch' }), options);
    assert.equal(job.warnings.length, 2);
    assert.match(job.warnings[0], /overlong 'filter'/);
    assert.match(job.warnings[1], /epoch/);
    const many = buildVerlJob({ ...mathStage(), rewardServiceUrls: ['http://a:1', 'http://b:1'] }, options);
    assert.equal(many.runtimeEnv.env_vars.CASCADE_REWARD_URLS, 'http://a:1,http://b:1');
    // the shim spreads batches over CASCADE_REWARD_URLS itself: nothing to warn about
    assert.deepEqual(many.warnings, []);
  });

  test('an unknown key is a CascadeError naming the key (a key that moved between versions)', () => {
    const moved = { ...mathStage(), overrides: { 'reward_model.reward_manager': 'naive' } };
    assert.doesNotThrow(() => buildVerlJob(moved, { ...options, verlVersion: '0.7.0' }));
    assert.throws(
      () => buildVerlJob(moved, { ...options, verlVersion: '0.8.0' }),
      (error: unknown) =>
        error instanceof CascadeError &&
        error.code === 'verl_unknown_key' &&
        error.where === 'reward_model.reward_manager',
    );
    const typo = { ...mathStage(), overrides: { 'actor_rollout_ref.rollout.tensor_parallel_size': 2 } };
    assert.throws(() => buildVerlJob(typo, options), /actor_rollout_ref\.rollout\.tensor_parallel_size/);
  });

  test('wrong types and values outside an enum are rejected with the key', () => {
    assert.throws(
      () => buildVerlJob({ ...mathStage(), overrides: { 'actor_rollout_ref.rollout.n': 'eight' } }, options),
      (error: unknown) => error instanceof CascadeError && error.where === 'actor_rollout_ref.rollout.n',
    );
    assert.throws(
      () => buildVerlJob({ ...mathStage(), overrides: { 'actor_rollout_ref.rollout.n': 2.5 } }, options),
      /wants integer/,
    );
    assert.throws(
      () => buildVerlJob({ ...mathStage(), overrides: { 'actor_rollout_ref.rollout.name': 'tgi' } }, options),
      /takes one of vllm/,
    );
    assert.throws(
      () => buildVerlJob(mathStage(), { ...options, verlVersion: '0.5.0' as '0.7.0' }),
      /0\.7\.0, 0\.8\.0/,
    );
  });

  test('every key the generator emits is in both committed schemas', () => {
    for (const verlVersion of VERL_VERSIONS) {
      const schema = loadVerlSchema(verlVersion);
      for (const filter of ['none', 'batch'] as const) {
        const job = buildVerlJob(mathStage({ dynamicFilter: filter, klCoefficient: 0.1 }), {
          ...options,
          verlVersion,
        });
        for (const key of Object.keys(job.config)) assert.ok(schema.ppo[key], `${verlVersion}: ${key}`);
      }
    }
  });

  test('epochs cover the steps (times the generation rounds of the batch filter)', () => {
    assert.equal(epochsFor(mathStage()), 95); // 190 steps × 128 prompts / 256 rows
    assert.equal(epochsFor(mathStage(), 10), 950);
    const job = buildVerlJob(mathStage({ dynamicFilter: 'batch' }), options);
    assert.equal(job.config['trainer.total_epochs'], 950);
  });
});

describe('Hydra overrides, shell entrypoint, YAML', () => {
  test('overrides: + for keys verl lacks, lists in brackets, typed-looking strings quoted', () => {
    const job = buildVerlJob(mathStage(), options);
    assert.ok(job.overrides.includes('+data.apply_chat_template_kwargs.enable_thinking=true'));
    assert.ok(job.overrides.includes('data.train_files=[/shared/run/math-24k/train.parquet]'));
    assert.ok(job.overrides.includes('actor_rollout_ref.actor.optim.lr=0.000002'));
    assert.ok(job.overrides.includes('trainer.logger=[console]'));
    assert.ok(job.overrides.includes('algorithm.adv_estimator=grpo'));
    assert.equal(hydraString('42'), "'42'");
    assert.equal(hydraString('true'), "'true'");
    assert.equal(hydraString('a b'), "'a b'");
    assert.equal(hydraString("it's"), "'it\\'s'");
    assert.equal(hydraString('/models/Qwen3-8B'), '/models/Qwen3-8B');
  });

  test('the shell entrypoint splits back into exactly the launcher and overrides', () => {
    const spec = { ...mathStage(), name: 'math', modelPath: "/models/it's here" };
    const job = buildVerlJob(spec, { ...options, modelPath: "/models/it's here" });
    const printed = spawnSync('sh', ['-c', `printf '%s\\n' ${job.entrypoint}`], { encoding: 'utf8' });
    assert.equal(printed.status, 0, printed.stderr);
    assert.deepEqual(printed.stdout.trimEnd().split('\n'), [
      'python3',
      '-m',
      'verl.trainer.main_ppo',
      ...job.overrides,
    ]);
    assert.ok(job.overrides.includes("actor_rollout_ref.model.path='/models/it\\'s here'"));
    assert.equal(shellCommand(['a b', "c'd", 'e']), "'a b' 'c'\\''d' e");
  });

  test('the merge entrypoint reads the latest checkpointed step (GRPO: actor/, SFT: the step dir)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verl-merge-'));
    try {
      const bin = join(dir, 'bin');
      mkdirSync(bin);
      // a stand-in python3 that prints its arguments
      writeFileSync(join(bin, 'python3'), '#!/bin/sh\nprintf "%s\\n" "$@"\n');
      chmodSync(join(bin, 'python3'), 0o755);
      const ckpt = join(dir, 'check points');
      mkdirSync(ckpt);
      writeFileSync(join(ckpt, 'latest_checkpointed_iteration.txt'), '140');
      const stagePaths = { ...paths, checkpointDir: ckpt, mergedDir: join(dir, 'merged') };
      for (const kind of ['grpo', 'sft'] as const) {
        const spec = kind === 'sft' ? { ...mathStage(), kind, nodes: 1 } : mathStage();
        const job = buildVerlJob(spec, { ...options, paths: stagePaths });
        const run = spawnSync('sh', ['-c', job.mergeEntrypoint], {
          encoding: 'utf8',
          env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
        });
        assert.equal(run.status, 0, run.stderr);
        assert.deepEqual(run.stdout.trimEnd().split('\n'), [
          '-m',
          'verl.model_merger',
          'merge',
          '--backend',
          'fsdp',
          '--local_dir',
          `${ckpt}/global_step_140${kind === 'grpo' ? '/actor' : ''}`,
          '--target_dir',
          join(dir, 'merged'),
        ]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('config.yaml nests the dotted keys', () => {
    const job = buildVerlJob(mathStage(), { ...options, verlVersion: '0.8.0' });
    const doc = parse(toConfigYaml(job.config, ['verl 0.8.0'])) as Record<string, Record<string, unknown>>;
    assert.equal((doc.actor_rollout_ref.rollout as Record<string, unknown>).n, 8);
    assert.equal(
      ((doc.reward.custom_reward_function as Record<string, unknown>).name as string) ?? '',
      'compute_score_batch',
    );
    assert.deepEqual(doc.data.train_files, [paths.trainFile]);
  });
});

describe('SFT config', () => {
  test('fsdp_sft_trainer under torchrun with multiturn messages and the thinking key', () => {
    const spec: VerlStageSpec = {
      ...mathStage(),
      name: 'sft',
      kind: 'sft',
      nodes: 1,
      rewardServiceUrls: [],
    };
    const job = buildVerlJob(spec, options);
    assert.equal(job.module, 'verl.trainer.fsdp_sft_trainer');
    assert.ok(
      job.entrypoint.startsWith(
        'torchrun --standalone --nnodes=1 --nproc_per_node=8 -m verl.trainer.fsdp_sft_trainer ',
      ),
    );
    assert.equal(job.entrypointNumGpus, 8);
    assert.equal(job.config['data.multiturn.enable'], true);
    assert.equal(job.config['data.multiturn.messages_key'], 'messages');
    assert.equal(job.config['data.multiturn.enable_thinking_key'], 'enable_thinking');
    assert.equal(job.config['model.partial_pretrain'], '/shared/models/ifrl');
    assert.equal(job.config['data.max_length'], 2048 + 24576);
    assert.equal(job.config['optim.lr'], 2e-6);
    assert.deepEqual(job.runtimeEnv.env_vars, {});
    assert.throws(
      () => buildVerlJob({ ...spec, overrides: { 'actor_rollout_ref.rollout.n': 4 } }, options),
      /fsdp_sft_trainer/,
    );
  });
});
