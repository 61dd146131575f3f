/**
 * Reward-model training (paper-spec §4.1): a scalar head on the last token of `prompt + answer`
 * rendered with the chat template, trained with the Bradley–Terry loss −log σ(r(chosen) − r(rejected))
 * on preference pairs; 1 epoch (the paper found longer worse). Held-out pair accuracy is reported as
 * the run goes, and `createRewardScorer` turns the trained model into the PreferenceScorer RLHF uses.
 */
import { z } from 'zod';
import { renderTokens } from '../chat/index.ts';
import type { StepResult } from '../core/engine.ts';
import type { ChatFamily, Message } from '../core/messages.ts';
import { Rng } from '../core/rng.ts';
import type { PreferenceScorer } from '../core/verdict.ts';
import type { TextTokenizer } from '../tokenizer/index.ts';
import { expectMethod, type Saveable, saveTrainerCheckpoint, type TrainerState } from './checkpointing.ts';
import { betweenSteps } from './interrupt.ts';
import type { MetricsCallback, TrainerMetrics } from './metrics.ts';
import { learningRateAt, ScheduleSchema } from './schedule.ts';

export const RewardModelConfigSchema = z.object({
  epochs: z.number().int().positive().default(1).describe('C1 trained 1 epoch; longer was worse.'),
  pairsPerStep: z.number().int().positive().default(256).describe('C1: batch 256.'),
  schedule: ScheduleSchema.prefault({ kind: 'constant', learningRate: 2e-6 }).describe('C1: LR 2e-6, AdamW.'),
  maxSequenceLength: z
    .number()
    .int()
    .positive()
    .default(32_768)
    .describe('Pairs whose chosen or rejected side is longer are dropped.'),
  evalEvery: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe('Steps between held-out accuracy checks; 0: only at the end.'),
  checkpointEvery: z.number().int().min(0).default(0),
  keepCheckpoints: z.number().int().min(0).default(2),
});
export type RewardModelConfig = z.output<typeof RewardModelConfigSchema>;
export type RewardModelConfigInput = z.input<typeof RewardModelConfigSchema>;

export interface PreferencePair {
  /** The user's request: a string, or the conversation before the answer. */
  prompt: string | Message[];
  chosen: string;
  rejected: string;
}

/** A model with a scalar head (the embedded EmbeddedRewardModel fits). */
export interface PairwiseRewardModel extends Saveable {
  score(sequences: number[][]): Promise<Float32Array>;
  stepPairs(batch: {
    chosen: number[][];
    rejected: number[][];
    learningRate: number;
  }): Promise<StepResult & { accuracy: number }>;
}

export interface RewardModelCodec {
  tokenizer: TextTokenizer;
  family: ChatFamily;
}

export interface RewardModelRunOptions extends RewardModelCodec {
  model: PairwiseRewardModel;
  pairs: readonly PreferencePair[];
  /** Held-out pairs for accuracy. */
  evalPairs?: readonly PreferencePair[];
  config: RewardModelConfigInput;
  rng: Rng;
  checkpointDir?: string;
  resume?: TrainerState;
  onMetrics?: MetricsCallback;
  signal?: AbortSignal;
}

const METHOD = 'reward-model';

/** `prompt + answer` as the RM reads it: the conversation with the answer as the assistant turn. */
export function rewardInputIds(
  codec: RewardModelCodec,
  prompt: string | Message[],
  answer: string,
): number[] {
  const messages: Message[] = typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : [...prompt];
  messages.push({ role: 'assistant', content: withoutControlTokens(codec.tokenizer, answer) });
  return renderTokens(codec.family, codec.tokenizer, messages, { mode: 'no_think' }).ids;
}

/**
 * A sampled answer may contain control tokens (`<|endoftext|>`, `<|im_start|>`): model output is
 * untrusted, and the template refuses them in content. The RM reads the answer's text without them.
 */
export function withoutControlTokens(tokenizer: TextTokenizer, answer: string): string {
  let text = answer;
  for (const token of Object.keys(tokenizer.specialTokens))
    if (token.startsWith('<|') && token.endsWith('|>')) text = text.split(token).join('');
  return text;
}

export async function runRewardModel(
  options: RewardModelRunOptions,
): Promise<{ steps: number; evalAccuracy?: number; last?: TrainerMetrics }> {
  const config = RewardModelConfigSchema.parse(options.config);
  const resume = expectMethod(options.resume, METHOD);
  const rng = resume ? new Rng(resume.rngState) : new Rng(options.rng.state());
  const planSeed = resume ? (resume.position.planSeed as number) : rng.nextUint32();
  const encoded = options.pairs
    .map((pair) => ({
      chosen: rewardInputIds(options, pair.prompt, pair.chosen),
      rejected: rewardInputIds(options, pair.prompt, pair.rejected),
    }))
    .filter((pair) => Math.max(pair.chosen.length, pair.rejected.length) <= config.maxSequenceLength);
  // the step plan: each epoch a fresh shuffle, cut into batches of pairsPerStep
  const batches: (typeof encoded)[] = [];
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    const order = new Rng(planSeed).fork(epoch).shuffle([...encoded.keys()]);
    for (let start = 0; start < order.length; start += config.pairsPerStep)
      batches.push(order.slice(start, start + config.pairsPerStep).map((index) => encoded[index]));
  }
  let evalAccuracy: number | undefined;
  let last: TrainerMetrics | undefined;
  for (let step = resume?.step ?? 0; step < batches.length; step++) {
    await betweenSteps(options.signal);
    const batch = batches[step];
    const learningRate = learningRateAt(config.schedule, step, batches.length);
    const result = await options.model.stepPairs({
      chosen: batch.map((pair) => pair.chosen),
      rejected: batch.map((pair) => pair.rejected),
      learningRate,
    });
    const values: Record<string, number> = {
      loss: result.loss,
      grad_norm: result.gradNorm,
      learning_rate: learningRate,
      'train/accuracy': result.accuracy,
      'batch/pairs': batch.length,
      'data/dropped_overlong': options.pairs.length - encoded.length,
    };
    const isLast = step + 1 === batches.length;
    if (options.evalPairs && (isLast || (config.evalEvery > 0 && (step + 1) % config.evalEvery === 0))) {
      evalAccuracy = await pairAccuracy(options.model, options, options.evalPairs);
      values['eval/accuracy'] = evalAccuracy;
    }
    last = { method: METHOD, stage: 'reward-model', step: step + 1, totalSteps: batches.length, values };
    options.onMetrics?.(last);
    if (
      options.checkpointDir &&
      (isLast || (config.checkpointEvery > 0 && (step + 1) % config.checkpointEvery === 0))
    )
      await saveTrainerCheckpoint(
        options.checkpointDir,
        options.model,
        { method: METHOD, step: step + 1, rngState: rng.state(), position: { planSeed } },
        config.keepCheckpoints,
      );
  }
  return { steps: batches.length, evalAccuracy, last };
}

/** Fraction of pairs the model ranks right: r(chosen) > r(rejected). */
export async function pairAccuracy(
  model: Pick<PairwiseRewardModel, 'score'>,
  codec: RewardModelCodec,
  pairs: readonly PreferencePair[],
  batchSize = 64,
): Promise<number> {
  if (pairs.length === 0) return 0;
  let correct = 0;
  for (let start = 0; start < pairs.length; start += batchSize) {
    const slice = pairs.slice(start, start + batchSize);
    const chosen = slice.map((pair) => rewardInputIds(codec, pair.prompt, pair.chosen));
    const rejected = slice.map((pair) => rewardInputIds(codec, pair.prompt, pair.rejected));
    const scores = await model.score([...chosen, ...rejected]);
    for (let p = 0; p < slice.length; p++) if (scores[p] > scores[slice.length + p]) correct++;
  }
  return correct / pairs.length;
}

/** The scoring API RLHF uses: point-wise scores of (prompt, answer) pairs, in batches. */
export function createRewardScorer(
  model: Pick<PairwiseRewardModel, 'score'>,
  codec: RewardModelCodec,
  batchSize = 64,
): PreferenceScorer {
  return async (pairs) => {
    const scores: number[] = [];
    for (let start = 0; start < pairs.length; start += batchSize) {
      const slice = pairs.slice(start, start + batchSize);
      const result = await model.score(slice.map((pair) => rewardInputIds(codec, pair.prompt, pair.answer)));
      scores.push(...result);
    }
    return scores;
  };
}
