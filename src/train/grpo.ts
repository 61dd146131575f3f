/**
 * GRPO as Cascade runs it (paper-spec §3, §4): strictly on-policy — every step samples G rollouts per
 * prompt from the current weights, scores each with its prompt's domain verifier, normalises rewards
 * within the group, and takes exactly one optimizer step (importance ratio 1). The options the stages
 * differ in are config fields: response-length sub-stages, overlong filtering or zero reward, batch- or
 * epoch-level dynamic filtering, thinking mode, the IF-RL and code-switch reward compositions, reward
 * shaping, loss aggregation, and the PPO clip and KL terms (off by default).
 * The math is in src/rl; this file is the loop. It does not know which engine runs it.
 */
import { z } from 'zod';
import type { StepEngine } from '../core/engine.ts';
import { CascadeError } from '../core/errors.ts';
import type { ChatFamily, ChatMode } from '../core/messages.ts';
import { Rng } from '../core/rng.ts';
import type { PreferenceScorer, Verdict, Verifier } from '../core/verdict.ts';
import {
  applyCodeSwitchPenalty,
  EPOCH_FILTER_DEFAULTS,
  groupAdvantages,
  hasLearningSignal,
  instructionFollowingReward,
  klK3,
  policyGradientWeights,
  type RolloutLossInput,
  shapeGroupRewards,
  zeroRewardIfTruncated,
} from '../rl/index.ts';
import type { TextTokenizer } from '../tokenizer/index.ts';
import { languageVerifier } from '../verifiers/language/index.ts';
import { scoredAnswer } from '../verifiers/preference/index.ts';
import { expectMethod, saveTrainerCheckpoint, type TrainerState } from './checkpointing.ts';
import { betweenSteps } from './interrupt.ts';
import { type MetricsCallback, maxOf, meanOf, PhaseTimer, type TrainerMetrics } from './metrics.ts';
import { initialPromptStreamState, PromptStream, type PromptStreamState } from './prompt-stream.ts';
import {
  type Rollout,
  type RolloutPrompt,
  type RolloutRequest,
  sampleGroups,
  sequenceOf,
  verifierText,
  verifyWithTimeout,
} from './rollout.ts';
import { learningRateAt, ScheduleSchema } from './schedule.ts';

export const GrpoSubStageSchema = z.object({
  name: z.string().min(1),
  steps: z
    .number()
    .int()
    .positive()
    .describe('Optimizer steps in this sub-stage (Math RL 8B: 190, 240, 70).'),
  maxResponseLength: z
    .number()
    .int()
    .positive()
    .describe('Response-length curriculum: Math RL 8B goes 24K → 32K → 40K.'),
  temperature: z.number().positive().default(1).describe('C2 uses 1.0 everywhere; C1 RLHF/IF-RL 0.6.'),
  topP: z.number().gt(0).max(1).default(1),
  topK: z.number().int().min(0).default(0).describe('0: no top-k cut (C1 IF-RL uses 20).'),
  overlong: z
    .enum(['filter', 'zero-reward'])
    .default('zero-reward')
    .describe(
      'filter: truncated responses get no gradient; zero-reward: they score 0 (an implicit length penalty).',
    ),
});

const CodeSwitchPenaltySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), reward: z.number() }),
  z.object({ kind: z.literal('batch-min-minus'), margin: z.number() }),
]);

export const GrpoConfigSchema = z.object({
  subStages: z.array(GrpoSubStageSchema).min(1),
  promptsPerStep: z
    .number()
    .int()
    .positive()
    .default(128)
    .describe('Prompts per batch (128 in every stage).'),
  groupSize: z
    .number()
    .int()
    .min(2)
    .default(8)
    .describe('Rollouts per prompt (G): 8 in Cascade 1, 16 in Cascade 2.'),
  schedule: ScheduleSchema.prefault({ kind: 'constant', learningRate: 2e-6 }).describe(
    'Cascade RL uses a constant LR (2e-6 C1 Math RL, 3e-6 C2).',
  ),
  lossAggregation: z
    .enum(['token-mean', 'sequence-mean'])
    .default('token-mean')
    .describe('token-mean (DAPO) is what Cascade uses; sequence-mean is a C1 RLHF stabilisation trick.'),
  clipEpsilon: z
    .number()
    .positive()
    .optional()
    .describe('PPO clip range; never binds on-policy (ratio ≡ 1), so off by default.'),
  klCoefficient: z
    .number()
    .min(0)
    .default(0)
    .describe('0 everywhere but Cascade 2 RLHF (0.03); needs a reference engine.'),
  dynamicFilter: z
    .enum(['none', 'batch', 'epoch'])
    .default('none')
    .describe('batch: DAPO, drop all-equal groups and sample more (IF-RL); epoch: C1 Math RL.'),
  maxSamplingRounds: z
    .number()
    .int()
    .positive()
    .default(4)
    .describe('Batch filter: sampling rounds per step before training on a part-full batch.'),
  epochFilter: z
    .object({ readmitHard: z.number().min(0).max(1), readmitEasy: z.number().min(0).max(1) })
    .default(EPOCH_FILTER_DEFAULTS)
    .describe('Re-admission probabilities of 0% and 100% prompts (10% and 1% in the paper).'),
  thinkingMode: z
    .enum(['think', 'no_think', 'half-half'])
    .default('think')
    .describe('half-half: the C1 unified model RLHF, half of each batch in each mode.'),
  rewardComposition: z
    .enum(['verifier', 'if-rm'])
    .default('verifier')
    .describe('if-rm: C1 IF-RL for thinking models, R_IF + sigmoid(z_RM) when all constraints pass, else 0.'),
  codeSwitchPenalty: CodeSwitchPenaltySchema.nullable()
    .default(null)
    .describe('Reward for a response that switches language: math −1, code 0, RLHF min(batch) − 10.'),
  rewardShaping: z
    .enum(['none', 'z-tanh'])
    .default('none')
    .describe('z-tanh: the C1 RLHF trick, z-normalise within the group then tanh.'),
  verifyTimeoutMs: z.number().int().positive().default(60_000).describe('Per-sample verification limit.'),
  samplingChunkPrompts: z
    .number()
    .int()
    .positive()
    .default(16)
    .describe('Prompts per engine.sample call; a chunk is verified while the next one samples.'),
  checkpointEvery: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe('Steps between checkpoints; 0: only at the end.'),
  keepCheckpoints: z.number().int().min(0).default(2).describe('Newest checkpoints kept; 0 keeps all.'),
});
export type GrpoConfig = z.output<typeof GrpoConfigSchema>;
export type GrpoConfigInput = z.input<typeof GrpoConfigSchema>;
export type GrpoSubStage = z.output<typeof GrpoSubStageSchema>;

export interface GrpoRunOptions {
  engine: StepEngine;
  tokenizer: TextTokenizer;
  family: ChatFamily;
  prompts: readonly RolloutPrompt[];
  /** One verifier per domain the prompts name (built by the caller, e.g. with openDomainVerifier). */
  verifiers: Record<string, Verifier<unknown>>;
  /** Reward-model scores for `rewardComposition: 'if-rm'`. */
  rewardModel?: PreferenceScorer;
  /** The frozen reference policy, when klCoefficient > 0. */
  referenceEngine?: Pick<StepEngine, 'logprobs'>;
  config: GrpoConfigInput;
  rng: Rng;
  /** Where checkpoints go; no checkpoints without it. */
  checkpointDir?: string;
  /** State of the checkpoint the engine was opened from (see latestCheckpoint). */
  resume?: TrainerState;
  onMetrics?: MetricsCallback;
  signal?: AbortSignal;
}

export interface GrpoResult {
  steps: number;
  last?: TrainerMetrics;
}

interface ScoredGroup {
  rollouts: Rollout[];
  verdicts: Verdict[];
  rewards: number[];
}

const METHOD = 'grpo';

export async function runGrpo(options: GrpoRunOptions): Promise<GrpoResult> {
  const config = GrpoConfigSchema.parse(options.config);
  checkRunnable(options, config);
  const resume = expectMethod(options.resume, METHOD);
  const rng = resume ? new Rng(resume.rngState) : new Rng(options.rng.state());
  const streamState = resume
    ? (resume.position.stream as PromptStreamState)
    : initialPromptStreamState(rng.nextUint32());
  const filter = config.dynamicFilter === 'epoch' ? config.epochFilter : null;
  const stream = new PromptStream(options.prompts, streamState, filter);
  const totalSteps = config.subStages.reduce((sum, stage) => sum + stage.steps, 0);
  let last: TrainerMetrics | undefined;

  for (let step = resume?.step ?? 0; step < totalSteps; step++) {
    await betweenSteps(options.signal);
    const subStage = subStageAt(config.subStages, step);
    const timer = new PhaseTimer();
    const wallStart = performance.now();

    // 1. rollouts and rewards: G per prompt, re-sampling while the batch filter leaves it short
    const batch = await collectBatch(options, config, subStage, stream, rng, timer);

    // 2. advantages within each group, then the token weights of the one-step loss
    const update = await timer.time('update', () =>
      updatePolicy(options, config, subStage, batch.kept, learningRateAt(config.schedule, step, totalSteps)),
    );

    // 3. metrics and checkpoint
    last = {
      method: METHOD,
      stage: subStage.name,
      step: step + 1,
      totalSteps,
      values: {
        ...batchMetrics(batch, subStage),
        ...update,
        'data/epoch': stream.state().epoch,
        'data/active_prompts': stream.activeCount,
        ...timer.values(),
        'time/step_s': (performance.now() - wallStart) / 1000,
        'throughput/tokens_per_s': batch.sampledTokens / Math.max(timer.get('sampling'), 1e-9),
      },
    };
    options.onMetrics?.(last);
    const isLast = step + 1 === totalSteps;
    if (
      options.checkpointDir &&
      (isLast || (config.checkpointEvery > 0 && (step + 1) % config.checkpointEvery === 0))
    )
      await saveTrainerCheckpoint(
        options.checkpointDir,
        options.engine,
        {
          method: METHOD,
          step: step + 1,
          rngState: rng.state(),
          position: { stream: stream.state(), subStage: subStage.name },
        },
        config.keepCheckpoints,
      );
  }
  return { steps: totalSteps, last };
}

function checkRunnable(options: GrpoRunOptions, config: GrpoConfig): void {
  for (const prompt of options.prompts)
    if (!options.verifiers[prompt.domain])
      throw new CascadeError('train.grpo', `no verifier for domain "${prompt.domain}"`, {
        where: `prompt ${prompt.id}`,
      });
  if (config.rewardComposition === 'if-rm' && !options.rewardModel)
    throw new CascadeError('train.grpo', 'rewardComposition "if-rm" needs a rewardModel scorer', {
      where: 'config.rewardComposition',
    });
  if (config.klCoefficient > 0 && !options.referenceEngine)
    throw new CascadeError('train.grpo', 'a KL penalty needs a referenceEngine', {
      where: 'config.klCoefficient',
    });
}

/** The sub-stage a (0-based) step falls in: sub-stages run back to back. */
export function subStageAt(subStages: readonly GrpoSubStage[], step: number): GrpoSubStage {
  let end = 0;
  for (const stage of subStages) {
    end += stage.steps;
    if (step < end) return stage;
  }
  return subStages[subStages.length - 1];
}

/** Thinking mode of the k-th prompt drawn in a step; half-half alternates so each batch splits evenly. */
function modeOf(thinkingMode: GrpoConfig['thinkingMode'], k: number): ChatMode {
  if (thinkingMode === 'half-half') return k % 2 === 0 ? 'think' : 'no_think';
  return thinkingMode;
}

interface CollectedBatch {
  kept: ScoredGroup[];
  /** Every group sampled this step, the filtered ones included. */
  all: ScoredGroup[];
  rounds: number;
  sampledTokens: number;
}

async function collectBatch(
  options: GrpoRunOptions,
  config: GrpoConfig,
  subStage: GrpoSubStage,
  stream: PromptStream,
  rng: Rng,
  timer: PhaseTimer,
): Promise<CollectedBatch> {
  const kept: ScoredGroup[] = [];
  const all: ScoredGroup[] = [];
  let drawn = 0;
  let rounds = 0;
  const batchFilter = config.dynamicFilter === 'batch';
  while (rounds < config.maxSamplingRounds) {
    rounds++;
    let wanted = config.promptsPerStep - kept.length;
    while (wanted > 0) {
      // the epoch filter plans an epoch from the last one's results: score its tail before drawing on
      const count = config.dynamicFilter === 'epoch' ? Math.min(wanted, stream.remainingInEpoch()) : wanted;
      wanted -= count;
      const requests: RolloutRequest[] = [];
      for (let k = 0; k < count; k++)
        requests.push({ prompt: stream.next(), mode: modeOf(config.thinkingMode, drawn++) });
      const groups = await sampleAndVerify(options, config, subStage, requests, rng, timer);
      const scored = await timer.time('verification', () => scoreRound(options, config, subStage, groups));
      for (const group of scored) {
        const correct = group.verdicts.filter((verdict) => verdict.correct).length;
        stream.record(group.rollouts[0].prompt.id, correct, group.verdicts.length);
        all.push(group);
        if (!batchFilter || hasLearningSignal(group.rewards)) kept.push(group);
      }
    }
    if (!batchFilter || kept.length >= config.promptsPerStep) break;
  }
  let sampledTokens = 0;
  for (const group of all) for (const rollout of group.rollouts) sampledTokens += rollout.responseIds.length;
  return { kept: kept.slice(0, config.promptsPerStep), all, rounds, sampledTokens };
}

/** Samples in chunks; each chunk's verification runs while the next chunk samples. */
async function sampleAndVerify(
  options: GrpoRunOptions,
  config: GrpoConfig,
  subStage: GrpoSubStage,
  requests: RolloutRequest[],
  rng: Rng,
  timer: PhaseTimer,
): Promise<{ rollouts: Rollout[]; verdicts: Verdict[] }[]> {
  const settings = {
    groupSize: config.groupSize,
    maxNewTokens: subStage.maxResponseLength,
    temperature: subStage.temperature,
    topP: subStage.topP,
    topK: subStage.topK,
  };
  const codec = { family: options.family, tokenizer: options.tokenizer };
  const pending: Promise<{ rollouts: Rollout[]; verdicts: Verdict[] }[]>[] = [];
  for (let start = 0; start < requests.length; start += config.samplingChunkPrompts) {
    const chunk = requests.slice(start, start + config.samplingChunkPrompts);
    const seed = rng.nextUint32();
    const groups = await timer.time('sampling', () =>
      sampleGroups(options.engine, codec, chunk, settings, seed),
    );
    pending.push(
      Promise.all(
        groups.map(async (rollouts) => ({
          rollouts,
          verdicts: await Promise.all(
            rollouts.map((rollout) =>
              verifyWithTimeout(
                options.verifiers[rollout.prompt.domain],
                rollout.prompt.task,
                verifierText(rollout),
                config.verifyTimeoutMs,
                options.signal,
              ),
            ),
          ),
        })),
      ),
    );
  }
  return (await timer.time('verification', () => Promise.all(pending))).flat();
}

/** Verdicts → rewards: IF-RL composition, overlong zero reward, code-switch penalty, group shaping. */
async function scoreRound(
  options: GrpoRunOptions,
  config: GrpoConfig,
  subStage: GrpoSubStage,
  groups: { rollouts: Rollout[]; verdicts: Verdict[] }[],
): Promise<ScoredGroup[]> {
  let rewards = groups.map((group) => group.verdicts.map((verdict) => verdict.reward));
  if (config.rewardComposition === 'if-rm' && options.rewardModel) {
    const scorer = options.rewardModel;
    rewards = await Promise.all(
      groups.map(async (group, g) => {
        const scores = await scorer(
          group.rollouts.map((rollout) => ({
            prompt: promptText(rollout.prompt),
            answer: scoredAnswer(verifierText(rollout)).answer,
          })),
        );
        return instructionFollowingReward(rewards[g], scores);
      }),
    );
  }
  if (subStage.overlong === 'zero-reward')
    rewards = rewards.map((r, g) =>
      zeroRewardIfTruncated(
        r,
        groups[g].rollouts.map((rollout) => rollout.truncated),
      ),
    );
  if (config.codeSwitchPenalty) {
    // the penalty's batch is this round's rollouts (RLHF: min over the batch − 10)
    const switched = await Promise.all(groups.flatMap((group) => group.rollouts.map(switchedLanguage)));
    const flat = applyCodeSwitchPenalty(rewards.flat(), switched, config.codeSwitchPenalty);
    rewards = rewards.map((r, g) => flat.slice(g * config.groupSize, g * config.groupSize + r.length));
  }
  if (config.rewardShaping === 'z-tanh') rewards = rewards.map(shapeGroupRewards);
  return groups.map((group, g) => ({ ...group, rewards: rewards[g] }));
}

async function switchedLanguage(rollout: Rollout): Promise<boolean> {
  const messages = rollout.prompt.messages.map((m) => ({ role: m.role, content: m.content }));
  const verdict = await languageVerifier({ prompt: messages }, rollout.text);
  return verdict.reward < 0;
}

function promptText(prompt: RolloutPrompt): string {
  return prompt.messages
    .filter((message) => message.role === 'user' || message.role === 'system')
    .map((message) => message.content ?? '')
    .join('\n');
}

/** Advantages → token weights → one engine step. Returns the update's metrics. */
async function updatePolicy(
  options: GrpoRunOptions,
  config: GrpoConfig,
  subStage: GrpoSubStage,
  groups: ScoredGroup[],
  learningRate: number,
): Promise<Record<string, number>> {
  const sequences: number[][] = [];
  const inputs: RolloutLossInput[] = [];
  for (const group of groups) {
    const advantages = groupAdvantages(group.rewards);
    for (const [i, rollout] of group.rollouts.entries()) {
      const { sequence, mask } = sequenceOf(rollout);
      sequences.push(sequence);
      inputs.push({
        advantage: advantages[i],
        mask,
        keep: !(subStage.overlong === 'filter' && rollout.truncated),
      });
    }
  }
  const values: Record<string, number> = { learning_rate: learningRate };
  const needsCurrent = config.clipEpsilon !== undefined || config.klCoefficient > 0;
  if (needsCurrent && sequences.length > 0) {
    const current = await options.engine.logprobs(sequences);
    const reference =
      config.klCoefficient > 0 ? await options.referenceEngine?.logprobs(sequences) : undefined;
    let klSum = 0;
    let klTokens = 0;
    let k = 0;
    for (const group of groups)
      for (const rollout of group.rollouts) {
        const old = new Float32Array(sequences[k].length);
        old.set(rollout.sampleLogprobs, rollout.promptIds.length);
        inputs[k].logprobs = current[k];
        inputs[k].oldLogprobs = old;
        if (reference) {
          inputs[k].refLogprobs = reference[k];
          for (let t = rollout.promptIds.length; t < sequences[k].length; t++) {
            klSum += klK3(current[k][t], reference[k][t]);
            klTokens++;
          }
        }
        k++;
      }
    if (reference) values['kl/mean'] = klTokens === 0 ? 0 : klSum / klTokens;
  }
  const aggregation = config.lossAggregation === 'token-mean' ? 'token-mean' : 'seq-mean-token-mean';
  const { weights, normalizer, tokens } = policyGradientWeights(inputs, {
    aggregation,
    clipEpsilon: config.clipEpsilon,
    klCoefficient: config.klCoefficient,
  });
  // rows whose every weight is 0 (zero advantage, filtered) change nothing: leave them out of the step
  const rows = weights.flatMap((w, index) => (w.some((x) => x !== 0) ? [index] : []));
  if (rows.length === 0) return { ...values, 'update/skipped': 1, 'update/tokens': 0 };
  const result = await options.engine.step({
    sequences: rows.map((index) => sequences[index]),
    weights: rows.map((index) => weights[index]),
    normalizer,
    learningRate,
  });
  return {
    ...values,
    loss: result.loss,
    grad_norm: result.gradNorm,
    'update/skipped': 0,
    'update/tokens': tokens,
  };
}

function batchMetrics(batch: CollectedBatch, subStage: GrpoSubStage): Record<string, number> {
  const rollouts = batch.all.flatMap((group) => group.rollouts);
  const verdicts = batch.all.flatMap((group) => group.verdicts);
  const rewards = batch.all.flatMap((group) => group.rewards);
  const lengths = rollouts.map((rollout) => rollout.responseIds.length);
  let negLogprob = 0;
  let sampled = 0;
  for (const rollout of rollouts)
    for (const logprob of rollout.sampleLogprobs) {
      negLogprob -= logprob;
      sampled++;
    }
  const values: Record<string, number> = {
    'reward/mean': meanOf(rewards),
    accuracy: meanOf(verdicts.map((verdict) => (verdict.correct ? 1 : 0))),
    'filter/groups_dropped_fraction': batch.all.length === 0 ? 0 : 1 - batch.kept.length / batch.all.length,
    'batch/groups': batch.kept.length,
    'batch/sampling_rounds': batch.rounds,
    'response/length_mean': meanOf(lengths),
    'response/length_max': maxOf(lengths),
    'response/truncation_rate': meanOf(rollouts.map((rollout) => (rollout.truncated ? 1 : 0))),
    'response/max_length_allowed': subStage.maxResponseLength,
    // a Monte-Carlo estimate of the policy's entropy: mean −log π of the tokens it sampled
    entropy: sampled === 0 ? 0 : negLogprob / sampled,
    'verify/errors': verdicts.filter((verdict) => verdict.status === 'error').length,
    'verify/timeouts': verdicts.filter((verdict) => verdict.status === 'timeout').length,
  };
  const domains = new Set(rollouts.map((rollout) => rollout.prompt.domain));
  for (const domain of domains) {
    const indices = rollouts.flatMap((rollout, i) => (rollout.prompt.domain === domain ? [i] : []));
    values[`${domain}/reward_mean`] = meanOf(indices.map((i) => rewards[i]));
    values[`${domain}/accuracy`] = meanOf(indices.map((i) => (verdicts[i].correct ? 1 : 0)));
  }
  return values;
}
