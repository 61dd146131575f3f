/**
 * VerlStageSpec → the verl job of one stage, for a pinned verl version: the flat config (checked
 * against that version's committed key schema), its Hydra overrides, the job's shell entrypoint,
 * the model-merger entrypoint, and warnings for recipe settings verl has no key for.
 *
 * GRPO follows the paper (paper-spec.md §3.1): strictly on-policy (ppo_mini_batch_size = prompts
 * per step, one epoch: one update per batch), no KL unless the stage sets one, token-level loss,
 * entropy bonus 0, `rollout.n` = group size. Pure: paths come in as values.
 */
import { CascadeError } from '../../core/errors.ts';
import { shellCommand, shellQuote, toHydraOverrides } from './hydra.ts';
import {
  loadVerlSchema,
  type VerlFlatConfig,
  type VerlKeySpec,
  type VerlSchema,
  type VerlVersion,
  validateVerlConfig,
} from './schema.ts';
import type { VerlStageSpec } from './spec.ts';

export const PPO_MODULE = 'verl.trainer.main_ppo';
export const SFT_MODULE = 'verl.trainer.fsdp_sft_trainer';

/** Where the stage's files live, as the Ray cluster sees them (a shared filesystem). */
export interface VerlStagePaths {
  trainFile: string;
  /** trainer.default_local_dir: verl writes global_step_<N>/ and latest_checkpointed_iteration.txt here. */
  checkpointDir: string;
  /** Where the model merger writes the Hugging Face checkpoint handed to the next stage. */
  mergedDir: string;
  /** integrations/verl/cascade_reward.py on the cluster. */
  rewardShimPath: string;
}

export interface VerlConfigOptions {
  verlVersion: VerlVersion;
  /** The resolved model (a stage's `{fromStage}` already replaced by that stage's merged dir). */
  modelPath: string;
  paths: VerlStagePaths;
  /** Steps between verl checkpoints (default 20); verl also saves at the last step. */
  saveEvery?: number;
}

export interface VerlJob {
  verlVersion: VerlVersion;
  /** Python module the entrypoint runs. */
  module: string;
  config: VerlFlatConfig;
  overrides: string[];
  entrypoint: string;
  /** Ray runtime_env: the reward shim reads its service URL from the environment. */
  runtimeEnv: { env_vars: Record<string, string> };
  /** Ray entrypoint resources: torchrun (SFT) must start on a GPU node. */
  entrypointNumGpus?: number;
  mergeEntrypoint: string;
  warnings: string[];
}

/** How many passes over the rows `totalSteps` needs (verl stops at whichever comes first). */
export function epochsFor(spec: VerlStageSpec, generationRoundsPerStep = 1): number {
  const prompts =
    spec.hyperparameters.totalSteps * spec.hyperparameters.promptsPerStep * generationRoundsPerStep;
  return Math.max(1, Math.ceil(prompts / spec.rows.length));
}

const MAX_GEN_BATCHES = 10;

function rewardKeys(schema: VerlSchema, shim: string): VerlFlatConfig {
  // the batch manager hands whole batches to compute_score_batch: one request per ≤512 rows
  if (schema.layout === 'top-level-reward')
    return {
      'custom_reward_function.path': shim,
      'custom_reward_function.name': 'compute_score_batch',
      'reward_model.reward_manager': 'batch',
    };
  return {
    'reward.custom_reward_function.path': shim,
    'reward.custom_reward_function.name': 'compute_score_batch',
    'reward.reward_manager.source': 'register',
    'reward.reward_manager.name': 'batch',
  };
}

function grpoConfig(spec: VerlStageSpec, options: VerlConfigOptions, schema: VerlSchema, warnings: string[]) {
  const h = spec.hyperparameters;
  const batchFilter = h.dynamicFilter === 'batch';
  const sequenceTokens = h.maxPromptLength + h.maxResponseLength;
  const config: VerlFlatConfig = {
    'algorithm.adv_estimator': 'grpo',
    'algorithm.norm_adv_by_std_in_grpo': true,
    'algorithm.use_kl_in_reward': false,
    'algorithm.kl_ctrl.kl_coef': 0,
    'actor_rollout_ref.model.path': options.modelPath,
    'actor_rollout_ref.model.use_remove_padding': true,
    'actor_rollout_ref.model.enable_gradient_checkpointing': true,
    'actor_rollout_ref.actor.strategy': 'fsdp',
    'actor_rollout_ref.actor.optim.lr': h.learningRate,
    'actor_rollout_ref.actor.ppo_mini_batch_size': h.promptsPerStep,
    'actor_rollout_ref.actor.ppo_epochs': 1,
    'actor_rollout_ref.actor.use_dynamic_bsz': true,
    'actor_rollout_ref.actor.ppo_max_token_len_per_gpu': sequenceTokens,
    'actor_rollout_ref.actor.loss_agg_mode': h.lossAggregation,
    'actor_rollout_ref.actor.policy_loss.loss_mode': 'vanilla',
    'actor_rollout_ref.actor.use_kl_loss': h.klCoefficient > 0,
    'actor_rollout_ref.actor.kl_loss_coef': h.klCoefficient,
    'actor_rollout_ref.actor.kl_loss_type': 'low_var_kl',
    'actor_rollout_ref.actor.entropy_coeff': 0,
    'actor_rollout_ref.rollout.name': 'vllm',
    'actor_rollout_ref.rollout.n': h.groupSize,
    'actor_rollout_ref.rollout.temperature': h.temperature,
    'actor_rollout_ref.rollout.top_p': h.topP,
    'actor_rollout_ref.rollout.top_k': h.topK ? h.topK : -1,
    'actor_rollout_ref.rollout.log_prob_micro_batch_size_per_gpu': 4,
    ...(h.klCoefficient > 0 ? { 'actor_rollout_ref.ref.log_prob_micro_batch_size_per_gpu': 4 } : {}),
    'data.train_files': [options.paths.trainFile],
    'data.val_files': [options.paths.trainFile],
    'data.prompt_key': 'prompt',
    'data.reward_fn_key': 'data_source',
    'data.max_prompt_length': h.maxPromptLength,
    'data.max_response_length': h.maxResponseLength,
    'data.train_batch_size': h.promptsPerStep,
    'data.filter_overlong_prompts': true,
    'data.truncation': 'error',
    'data.apply_chat_template_kwargs.enable_thinking': h.thinking === 'thinking',
    ...rewardKeys(schema, options.paths.rewardShimPath),
    ...(batchFilter
      ? {
          'algorithm.filter_groups.enable': true,
          'algorithm.filter_groups.metric': 'acc',
          'algorithm.filter_groups.max_num_gen_batches': MAX_GEN_BATCHES,
          'data.gen_batch_size': h.promptsPerStep,
        }
      : {}),
    ...trainerKeys(spec, options, batchFilter ? MAX_GEN_BATCHES : 1),
    'trainer.max_actor_ckpt_to_keep': 2,
    'trainer.critic_warmup': 0,
  };
  if (h.overlong === 'filter')
    warnings.push(
      `overlong 'filter': verl ${schema.verl} has no key that drops truncated responses from the loss; they reach the reward as they are (a Cascade verifier scores an unfinished thinking response 0), so this stage behaves as 'zero-reward'`,
    );
  if (h.dynamicFilter === 'epoch')
    warnings.push(
      "dynamicFilter 'epoch': verl has no epoch-level filter (a custom sampler via data.sampler.class_path could add one); this stage trains on every row each epoch",
    );
  return config;
}

function trainerKeys(spec: VerlStageSpec, options: VerlConfigOptions, roundsPerStep: number): VerlFlatConfig {
  const steps = spec.hyperparameters.totalSteps;
  return {
    'trainer.total_epochs': epochsFor(spec, roundsPerStep),
    'trainer.total_training_steps': steps,
    ...(spec.kind === 'grpo'
      ? { 'trainer.nnodes': spec.nodes, 'trainer.n_gpus_per_node': spec.gpusPerNode }
      : {}),
    'trainer.logger': ['console'],
    'trainer.project_name': 'cascade',
    'trainer.experiment_name': spec.name,
    'trainer.save_freq': Math.min(steps, options.saveEvery ?? 20),
    'trainer.test_freq': -1,
    ...(spec.kind === 'grpo' ? { 'trainer.val_before_train': false } : {}),
    'trainer.default_local_dir': options.paths.checkpointDir,
    'trainer.resume_mode': 'auto',
  };
}

function sftConfig(spec: VerlStageSpec, options: VerlConfigOptions): VerlFlatConfig {
  const h = spec.hyperparameters;
  return {
    'data.train_files': [options.paths.trainFile],
    'data.val_files': [options.paths.trainFile],
    'data.multiturn.enable': true,
    'data.multiturn.messages_key': 'messages',
    'data.multiturn.enable_thinking_key': 'enable_thinking',
    'data.max_length': h.maxPromptLength + h.maxResponseLength,
    'data.truncation': 'error',
    'data.train_batch_size': h.promptsPerStep,
    'data.micro_batch_size_per_gpu': 1,
    'model.partial_pretrain': options.modelPath,
    'model.strategy': 'fsdp2',
    'model.enable_gradient_checkpointing': true,
    'optim.lr': h.learningRate,
    ...trainerKeys(spec, options, 1),
    'trainer.max_ckpt_to_keep': 2,
  };
}

/** The module that reads every key used: main_ppo, unless a key only a recipe trainer reads is set. */
function moduleFor(config: VerlFlatConfig, keys: Record<string, VerlKeySpec>, fallback: string): string {
  const modules = new Set(
    Object.keys(config)
      .map((key) => keys[key]?.entrypoint)
      .filter((module): module is string => module !== undefined),
  );
  if (modules.size > 1)
    throw new CascadeError(
      'verl_conflicting_keys',
      `keys need different trainers: ${[...modules].join(', ')}`,
    );
  return modules.values().next().value ?? fallback;
}

/**
 * The merger reads the newest checkpoint verl recorded (latest_checkpointed_iteration.txt), so a
 * stage that stopped early still merges what it saved. GRPO checkpoints keep the policy in actor/.
 */
export function mergeEntrypoint(kind: VerlStageSpec['kind'], paths: VerlStagePaths): string {
  const step = `"$(cat ${shellQuote(`${paths.checkpointDir}/latest_checkpointed_iteration.txt`)})"`;
  const localDir = `${shellQuote(`${paths.checkpointDir}/global_step_`)}${step}${kind === 'grpo' ? '/actor' : ''}`;
  return `python3 -m verl.model_merger merge --backend fsdp --local_dir ${localDir} --target_dir ${shellQuote(paths.mergedDir)}`;
}

export function buildVerlJob(spec: VerlStageSpec, options: VerlConfigOptions): VerlJob {
  const schema = loadVerlSchema(options.verlVersion);
  const keys = spec.kind === 'sft' ? schema.sft : schema.ppo;
  const warnings: string[] = [];
  const config: VerlFlatConfig = {
    ...(spec.kind === 'sft' ? sftConfig(spec, options) : grpoConfig(spec, options, schema, warnings)),
    ...spec.overrides,
  };
  const label = `verl ${schema.verl} ${spec.kind === 'sft' ? SFT_MODULE : 'main_ppo'} (${schema.layout})`;
  validateVerlConfig(config, keys, label);
  const overrides = toHydraOverrides(config, keys);
  const module = spec.kind === 'sft' ? SFT_MODULE : moduleFor(config, keys, PPO_MODULE);
  const launcher =
    spec.kind === 'sft'
      ? ['torchrun', '--standalone', '--nnodes=1', `--nproc_per_node=${spec.gpusPerNode}`, '-m', module]
      : ['python3', '-m', module];
  const envVars: Record<string, string> = {};
  if (spec.rewardServiceUrls.length > 0) {
    envVars.CASCADE_REWARD_URL = spec.rewardServiceUrls[0];
    envVars.CASCADE_REWARD_URLS = spec.rewardServiceUrls.join(',');
  }
  return {
    verlVersion: schema.verl,
    module,
    config,
    overrides,
    entrypoint: shellCommand([...launcher, ...overrides]),
    runtimeEnv: { env_vars: envVars },
    entrypointNumGpus: spec.kind === 'sft' ? spec.gpusPerNode : undefined,
    mergeEntrypoint: mergeEntrypoint(spec.kind, options.paths),
    warnings,
  };
}
