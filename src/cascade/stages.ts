/**
 * One stage of an embedded cascade: open the policy (from the previous stage's checkpoint, or from
 * this stage's own latest checkpoint when resuming), build the stage's data from the task suites,
 * and hand both to the trainer of the stage's kind. The trainers write atomic checkpoints under
 * `<stage>/checkpoints/`; the newest one is the stage's output.
 */
import { join } from 'node:path';
import type { ChatFamily } from '../core/messages.ts';
import { Rng } from '../core/rng.ts';
import type { PreferenceScorer, Verifier } from '../core/verdict.ts';
import type { TaskDomain } from '../data/tasks/index.ts';
import type { EmbeddedEngine, EmbeddedEngineOptions } from '../engine/embedded/engine.ts';
import type { TextTokenizer } from '../tokenizer/index.ts';
import {
  createRewardScorer,
  type FoundCheckpoint,
  latestCheckpoint,
  type MetricsCallback,
  runDistill,
  runGrpo,
  runRewardModel,
  runSft,
} from '../train/index.ts';
import { type KernelsLoader, openPolicy, openRewardModel } from './engines.ts';
import type { Recipe, StageRecipe } from './recipe.ts';
import { grpoPrompts, rewardModelPairs, sftData } from './tasks.ts';
import type { CascadeVerifiers } from './verifiers.ts';

export interface StageContext {
  recipe: Recipe;
  seed: number;
  /** Index of the stage in the recipe (seeds each stage's own random stream). */
  index: number;
  stageDir: string;
  tokenizer: TextTokenizer;
  family: ChatFamily;
  /** Kernels for each engine the stage opens (see engines.ts). */
  loadKernels: KernelsLoader;
  tokenizerFiles: Record<string, string>;
  verifiers: CascadeVerifiers;
  /** The policy the stage starts from; undefined: the recipe's model. */
  startPolicy?: string;
  /** The newest reward model of an earlier stage. */
  rewardModelDir?: string;
  /** Final policy of each finished stage, for MOPD teachers. */
  policies: Record<string, string>;
  onMetrics: MetricsCallback;
  signal?: AbortSignal;
}

export interface StageOutput {
  steps: number;
  policy?: string;
  rewardModel?: string;
}

export const checkpointsOf = (stageDir: string) => join(stageDir, 'checkpoints');

/** The engine options of a policy: a checkpoint folder, or the recipe's starting model. */
function policySource(context: StageContext, checkpointDir?: string): Omit<EmbeddedEngineOptions, 'kernels'> {
  const { model } = context.recipe;
  const common = {
    optimizer: model.optimizer,
    seed: new Rng(context.seed).fork(1000 + context.index).nextUint32(),
    tokenizerFiles: context.tokenizerFiles,
  };
  const from = checkpointDir ?? context.startPolicy ?? model.checkpoint;
  return from ? { ...common, checkpointDir: from } : { ...common, config: model.architecture };
}

/** The scorer of the newest reward model, and how to release it. */
async function openRewardScorer(
  context: StageContext,
): Promise<{ scorer?: PreferenceScorer; close(): Promise<void> }> {
  if (!context.rewardModelDir) return { close: async () => {} };
  const model = await openRewardModel(context.loadKernels, {
    checkpointDir: context.rewardModelDir,
    seed: context.seed,
  });
  return {
    scorer: createRewardScorer(model, { tokenizer: context.tokenizer, family: context.family }),
    close: () => model.close(),
  };
}

export async function runStage(context: StageContext, stage: StageRecipe): Promise<StageOutput> {
  const checkpoints = checkpointsOf(context.stageDir);
  const resume: FoundCheckpoint | undefined = latestCheckpoint(checkpoints);
  const rng = new Rng(context.seed).fork(context.index + 1);
  const common = {
    tokenizer: context.tokenizer,
    family: context.family,
    rng,
    checkpointDir: checkpoints,
    resume: resume?.state,
    onMetrics: context.onMetrics,
    signal: context.signal,
  };

  if (stage.kind === 'reward-model') {
    // the RM starts from the policy's decoder; the policy itself passes through unchanged
    const model = await openRewardModel(context.loadKernels, policySource(context, resume?.modelDir));
    const pairs = rewardModelPairs(context.recipe, context.seed, stage.evalPairs);
    const result = await runRewardModel({
      ...common,
      model,
      pairs: pairs.train,
      evalPairs: pairs.held,
      config: stage.rewardModel,
    });
    await model.close();
    return { steps: result.steps, policy: context.startPolicy, rewardModel: newestModel(checkpoints) };
  }

  const engine: EmbeddedEngine = await openPolicy(
    context.loadKernels,
    policySource(context, resume?.modelDir),
  );
  try {
    if (stage.kind === 'sft') {
      const result = await runSft({
        ...common,
        engine,
        data: sftData(context.recipe, stage.domains, context.seed),
        config: stage.sft,
      });
      return { steps: result.steps, policy: newestModel(checkpoints) };
    }
    if (stage.kind === 'grpo') {
      const rewardModel = await openRewardScorer(context);
      const reference =
        stage.grpo.klCoefficient > 0
          ? await openPolicy(context.loadKernels, policySource(context))
          : undefined;
      try {
        const verifiers: Record<string, Verifier<unknown>> = {};
        for (const domain of stage.domains)
          verifiers[domain] = context.verifiers.verifierFor(domain, rewardModel.scorer);
        const result = await runGrpo({
          ...common,
          engine,
          prompts: grpoPrompts(context.recipe, stage.domains, context.seed),
          verifiers,
          rewardModel: rewardModel.scorer,
          referenceEngine: reference,
          config: stage.grpo,
        });
        return { steps: result.steps, policy: newestModel(checkpoints) };
      } finally {
        await reference?.close();
        await rewardModel.close();
      }
    }
    const teachers: Record<string, EmbeddedEngine> = {};
    try {
      for (const [domain, teacherStage] of Object.entries(stage.teachers))
        teachers[domain] = await openPolicy(context.loadKernels, {
          ...policySource(context),
          checkpointDir: context.policies[teacherStage],
        });
      const result = await runDistill({
        ...common,
        engine,
        teachers,
        prompts: grpoPrompts(context.recipe, stage.domains as TaskDomain[], context.seed),
        config: stage.distill,
      });
      return { steps: result.steps, policy: newestModel(checkpoints) };
    } finally {
      for (const teacher of Object.values(teachers)) await teacher.close();
    }
  } finally {
    await engine.close();
  }
}

function newestModel(checkpoints: string): string {
  const found = latestCheckpoint(checkpoints);
  if (!found) throw new Error(`the stage finished without a checkpoint in ${checkpoints}`);
  return found.modelDir;
}
