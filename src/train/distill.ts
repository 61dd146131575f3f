/**
 * Multi-domain on-policy distillation, MOPD (Cascade 2 §4.4, paper-spec §4.6). Each step the student
 * samples responses (π_inf: the sampler's log-probs), the student scores them teacher-forced (π_train),
 * and the teacher of each prompt's domain scores the same tokens. The per-token advantage is
 * log π_teacher(y_t) − log π_train(y_t) on the sampled token only, weighted by the truncated importance
 * ratio π_train/π_inf kept in [0.5, 2.0]; one optimizer step per batch, with a linear LR warm-up
 * because gradient norms are large at the start. The weights are src/rl/mopd.ts; this is the loop.
 */
import { z } from 'zod';
import type { StepEngine } from '../core/engine.ts';
import { CascadeError } from '../core/errors.ts';
import type { ChatFamily } from '../core/messages.ts';
import { Rng } from '../core/rng.ts';
import { distillationWeights, MOPD_DEFAULTS } from '../rl/index.ts';
import type { TextTokenizer } from '../tokenizer/index.ts';
import { expectMethod, saveTrainerCheckpoint, type TrainerState } from './checkpointing.ts';
import { type MetricsCallback, maxOf, meanOf, PhaseTimer, type TrainerMetrics } from './metrics.ts';
import { initialPromptStreamState, PromptStream, type PromptStreamState } from './prompt-stream.ts';
import { type Rollout, type RolloutPrompt, sampleGroups, sequenceOf } from './rollout.ts';
import { learningRateAt, ScheduleSchema } from './schedule.ts';

export const DistillConfigSchema = z.object({
  steps: z.number().int().positive().default(50).describe('MOPD converges in 40–50 steps.'),
  promptsPerStep: z.number().int().positive().default(128),
  groupSize: z
    .number()
    .int()
    .positive()
    .default(4)
    .describe('Rollouts per prompt (4 × 128 = 512 responses).'),
  maxResponseLength: z.number().int().positive().default(98_304).describe('C2 MOPD: 98K.'),
  temperature: z.number().positive().default(1),
  topP: z.number().gt(0).max(1).default(1),
  thinkingMode: z.enum(['think', 'no_think']).default('think'),
  schedule: ScheduleSchema.prefault({
    kind: 'linear-warmup',
    learningRate: 2e-6,
    warmupSteps: 30,
    warmupStartLearningRate: 2e-7,
  }).describe('C2: 2e-6 after a 30-step linear warm-up from 2e-7.'),
  epsilonLow: z
    .number()
    .positive()
    .default(MOPD_DEFAULTS.epsilonLow)
    .describe('Truncated IS lower bound ε_low.'),
  epsilonHigh: z
    .number()
    .positive()
    .default(MOPD_DEFAULTS.epsilonHigh)
    .describe('Truncated IS upper bound ε_high.'),
  samplingChunkPrompts: z.number().int().positive().default(16),
  checkpointEvery: z.number().int().min(0).default(0),
  keepCheckpoints: z.number().int().min(0).default(2),
});
export type DistillConfig = z.output<typeof DistillConfigSchema>;
export type DistillConfigInput = z.input<typeof DistillConfigSchema>;

export interface DistillRunOptions {
  /** The student. */
  engine: StepEngine;
  /** One teacher per domain (sharing the student's tokenizer); only their log-probs are used. */
  teachers: Record<string, Pick<StepEngine, 'logprobs'>>;
  tokenizer: TextTokenizer;
  family: ChatFamily;
  prompts: readonly RolloutPrompt[];
  config: DistillConfigInput;
  rng: Rng;
  checkpointDir?: string;
  resume?: TrainerState;
  onMetrics?: MetricsCallback;
  signal?: AbortSignal;
}

const METHOD = 'distill';

export async function runDistill(
  options: DistillRunOptions,
): Promise<{ steps: number; last?: TrainerMetrics }> {
  const config = DistillConfigSchema.parse(options.config);
  for (const prompt of options.prompts)
    if (!options.teachers[prompt.domain])
      throw new CascadeError('train.distill', `no teacher for domain "${prompt.domain}"`, {
        where: `prompt ${prompt.id}`,
      });
  const resume = expectMethod(options.resume, METHOD);
  const rng = resume ? new Rng(resume.rngState) : new Rng(options.rng.state());
  const streamState = resume
    ? (resume.position.stream as PromptStreamState)
    : initialPromptStreamState(rng.nextUint32());
  const stream = new PromptStream(options.prompts, streamState, null);
  const codec = { family: options.family, tokenizer: options.tokenizer };
  const settings = {
    groupSize: config.groupSize,
    maxNewTokens: config.maxResponseLength,
    temperature: config.temperature,
    topP: config.topP,
  };
  let last: TrainerMetrics | undefined;

  for (let step = resume?.step ?? 0; step < config.steps; step++) {
    options.signal?.throwIfAborted();
    const timer = new PhaseTimer();
    // 1. on-policy samples from the student (π_inf)
    const requests = Array.from({ length: config.promptsPerStep }, () => ({
      prompt: stream.next(),
      mode: config.thinkingMode,
    }));
    const rollouts: Rollout[] = [];
    for (let start = 0; start < requests.length; start += config.samplingChunkPrompts) {
      const seed = rng.nextUint32();
      const chunk = requests.slice(start, start + config.samplingChunkPrompts);
      const groups = await timer.time('sampling', () =>
        sampleGroups(options.engine, codec, chunk, settings, seed),
      );
      rollouts.push(...groups.flat());
    }
    const sequences = rollouts.map((rollout) => sequenceOf(rollout));

    // 2. π_train from the student, π_teacher from each prompt's domain teacher, on the same tokens
    const scored = await timer.time('scoring', async () => {
      const ids = sequences.map((s) => s.sequence);
      const train = await options.engine.logprobs(ids);
      const teacher = await teacherLogprobs(options.teachers, rollouts, ids);
      return { train, teacher };
    });
    const inputs = rollouts.map((rollout, k) => {
      const inference = new Float32Array(sequences[k].sequence.length);
      inference.set(rollout.sampleLogprobs, rollout.promptIds.length);
      return {
        mask: sequences[k].mask,
        trainLogprobs: scored.train[k],
        inferenceLogprobs: inference,
        teacherLogprobs: scored.teacher[k],
      };
    });

    // 3. truncated-IS × reverse-KL advantage weights, one optimizer step
    const { weights, normalizer, meanAdvantage, truncatedFraction } = distillationWeights(inputs, {
      epsilonLow: config.epsilonLow,
      epsilonHigh: config.epsilonHigh,
    });
    const learningRate = learningRateAt(config.schedule, step, config.steps);
    const result = await timer.time('update', () =>
      options.engine.step({ sequences: sequences.map((s) => s.sequence), weights, normalizer, learningRate }),
    );

    const lengths = rollouts.map((rollout) => rollout.responseIds.length);
    const values: Record<string, number> = {
      loss: result.loss,
      grad_norm: result.gradNorm,
      learning_rate: learningRate,
      // mean log π_teacher − log π_train over sampled tokens: −(reverse KL estimate), rising to 0
      'mopd/advantage_mean': meanAdvantage,
      'mopd/is_truncated_fraction': truncatedFraction,
      'response/length_mean': meanOf(lengths),
      'response/length_max': maxOf(lengths),
      'response/truncation_rate': meanOf(rollouts.map((rollout) => (rollout.truncated ? 1 : 0))),
      ...domainAdvantages(rollouts, inputs),
      ...timer.values(),
    };
    last = { method: METHOD, stage: 'mopd', step: step + 1, totalSteps: config.steps, values };
    options.onMetrics?.(last);
    const isLast = step + 1 === config.steps;
    if (
      options.checkpointDir &&
      (isLast || (config.checkpointEvery > 0 && (step + 1) % config.checkpointEvery === 0))
    )
      await saveTrainerCheckpoint(
        options.checkpointDir,
        options.engine,
        { method: METHOD, step: step + 1, rngState: rng.state(), position: { stream: stream.state() } },
        config.keepCheckpoints,
      );
  }
  return { steps: config.steps, last };
}

/** Teacher log-probs of every sequence, each scored by the teacher of its prompt's domain. */
async function teacherLogprobs(
  teachers: DistillRunOptions['teachers'],
  rollouts: Rollout[],
  sequences: number[][],
): Promise<Float32Array[]> {
  const out: Float32Array[] = new Array(sequences.length);
  const byDomain = new Map<string, number[]>();
  for (const [k, rollout] of rollouts.entries()) {
    const list = byDomain.get(rollout.prompt.domain) ?? [];
    list.push(k);
    byDomain.set(rollout.prompt.domain, list);
  }
  for (const [domain, indices] of byDomain) {
    const logprobs = await teachers[domain].logprobs(indices.map((k) => sequences[k]));
    indices.forEach((k, i) => {
      out[k] = logprobs[i];
    });
  }
  return out;
}

function domainAdvantages(
  rollouts: Rollout[],
  inputs: { mask: Uint8Array; trainLogprobs: ArrayLike<number>; teacherLogprobs: ArrayLike<number> }[],
): Record<string, number> {
  const sums = new Map<string, [number, number]>();
  for (const [k, rollout] of rollouts.entries()) {
    const [sum, count] = sums.get(rollout.prompt.domain) ?? [0, 0];
    let s = sum;
    let c = count;
    const { mask, trainLogprobs, teacherLogprobs } = inputs[k];
    for (let t = 0; t < mask.length; t++)
      if (mask[t]) {
        s += teacherLogprobs[t] - trainLogprobs[t];
        c++;
      }
    sums.set(rollout.prompt.domain, [s, c]);
  }
  return Object.fromEntries(
    [...sums].map(([domain, [sum, count]]) => [
      `${domain}/mopd_advantage_mean`,
      count === 0 ? 0 : sum / count,
    ]),
  );
}
