/**
 * Supervised fine-tuning (paper-spec §2): conversations rendered with the chat template, loss on the
 * assistant tokens only (the chat module's loss mask), in stages that each have their own maximum
 * length, data mix and schedule (Cascade 1: 16K then 32K). A stage's epoch is its mix (per-source
 * upsampling weights) shuffled, examples over the length limit dropped, and consecutive examples
 * grouped into optimizer steps by a token budget. The loss is the mean over the batch's trained tokens.
 * Thinking and non-thinking responses to one prompt are simply two examples with different modes.
 */
import { z } from 'zod';
import { renderTokens } from '../chat/index.ts';
import type { StepEngine } from '../core/engine.ts';
import type { ChatFamily, ChatMode, Message, ToolDefinition } from '../core/messages.ts';
import { Rng } from '../core/rng.ts';
import type { TextTokenizer } from '../tokenizer/index.ts';
import { expectMethod, saveTrainerCheckpoint, type TrainerState } from './checkpointing.ts';
import { mixEpoch } from './data-mix.ts';
import { betweenSteps } from './interrupt.ts';
import type { MetricsCallback, TrainerMetrics } from './metrics.ts';
import { packByTokenBudget } from './packing.ts';
import { learningRateAt, ScheduleSchema } from './schedule.ts';

export const SftStageSchema = z
  .object({
    name: z.string().min(1),
    maxSequenceLength: z
      .number()
      .int()
      .positive()
      .describe('Longer examples are dropped (C1: 16K in stage 1, 32K in stage 2).'),
    tokensPerStep: z
      .number()
      .int()
      .positive()
      .describe('Token budget of one optimizer step; examples are grouped up to it (packing).'),
    maxSequencesPerStep: z.number().int().positive().optional().describe('Cap on examples per step.'),
    epochs: z.number().positive().default(1).describe('C1: 1 epoch per stage; C2: about 1.5.'),
    maxSteps: z.number().int().positive().optional().describe('Stop the stage after this many steps.'),
    mix: z
      .record(z.string(), z.number().min(0))
      .describe('Source → upsampling weight (C1 stage 2: science 2, SWE 3); unnamed sources are not used.'),
    schedule: ScheduleSchema.describe('C1: cosine 5e-5 → 0; C2: cosine 5e-5 → 5e-6 with 200 warm-up steps.'),
  })
  .refine((stage) => stage.tokensPerStep >= stage.maxSequenceLength, {
    message: 'tokensPerStep must be at least maxSequenceLength, or the longest examples fit in no step',
    path: ['tokensPerStep'],
  });

export const SftConfigSchema = z.object({
  stages: z.array(SftStageSchema).min(1),
  checkpointEvery: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe('Steps between checkpoints; 0: only at the end.'),
  keepCheckpoints: z.number().int().min(0).default(2),
});
export type SftConfig = z.output<typeof SftConfigSchema>;
export type SftConfigInput = z.input<typeof SftConfigSchema>;
export type SftStage = z.output<typeof SftStageSchema>;

export interface SftExample {
  messages: Message[];
  /** Defaults to think when the last assistant message carries reasoning, else no_think. */
  mode?: ChatMode;
  tools?: ToolDefinition[];
}

export interface SftRunOptions {
  engine: StepEngine;
  tokenizer: TextTokenizer;
  family: ChatFamily;
  /** Examples per data source; each stage's `mix` names the sources it uses. */
  data: Record<string, readonly SftExample[]>;
  config: SftConfigInput;
  rng: Rng;
  checkpointDir?: string;
  resume?: TrainerState;
  onMetrics?: MetricsCallback;
  signal?: AbortSignal;
}

interface TokenizedExample {
  ids: number[];
  weights: Float32Array;
  trained: number;
}

interface StagePlan {
  batches: TokenizedExample[][];
  dropped: number;
}

const METHOD = 'sft';

export async function runSft(options: SftRunOptions): Promise<{ steps: number; last?: TrainerMetrics }> {
  const config = SftConfigSchema.parse(options.config);
  const resume = expectMethod(options.resume, METHOD);
  const rng = resume ? new Rng(resume.rngState) : new Rng(options.rng.state());
  const planSeed = resume ? (resume.position.planSeed as number) : rng.nextUint32();
  const startStage = (resume?.position.stageIndex as number | undefined) ?? 0;
  let stepInStage = (resume?.position.stepInStage as number | undefined) ?? 0;
  let step = resume?.step ?? 0;
  const plans = config.stages.map((stage, index) => planStage(options, stage, index, planSeed));
  const totalSteps = plans.reduce((sum, plan) => sum + plan.batches.length, 0);
  let last: TrainerMetrics | undefined;

  for (let stageIndex = startStage; stageIndex < config.stages.length; stageIndex++, stepInStage = 0) {
    const stage = config.stages[stageIndex];
    const { batches, dropped } = plans[stageIndex];
    for (; stepInStage < batches.length; stepInStage++) {
      await betweenSteps(options.signal);
      const started = performance.now();
      const batch = batches[stepInStage];
      // token-mean over the batch's assistant tokens
      const trained = batch.reduce((sum, example) => sum + example.trained, 0);
      const learningRate = learningRateAt(stage.schedule, stepInStage, batches.length);
      const result = await options.engine.step({
        sequences: batch.map((example) => example.ids),
        weights: batch.map((example) => example.weights),
        normalizer: Math.max(trained, 1),
        learningRate,
      });
      step++;
      last = {
        method: METHOD,
        stage: stage.name,
        step,
        totalSteps,
        values: {
          loss: result.loss,
          grad_norm: result.gradNorm,
          learning_rate: learningRate,
          'batch/sequences': batch.length,
          'batch/tokens': batch.reduce((sum, example) => sum + example.ids.length, 0),
          'batch/trained_tokens': trained,
          'data/dropped_overlong': dropped,
          'time/step_s': (performance.now() - started) / 1000,
        },
      };
      options.onMetrics?.(last);
      const stageDone = stepInStage + 1 === batches.length;
      const due = config.checkpointEvery > 0 && step % config.checkpointEvery === 0;
      if (options.checkpointDir && (due || stageDone)) {
        // the position after this step: a finished stage resumes at the next one
        const position = stageDone
          ? { planSeed, stageIndex: stageIndex + 1, stepInStage: 0 }
          : { planSeed, stageIndex, stepInStage: stepInStage + 1 };
        await saveTrainerCheckpoint(
          options.checkpointDir,
          options.engine,
          { method: METHOD, step, rngState: rng.state(), position },
          config.keepCheckpoints,
        );
      }
    }
  }
  return { steps: step, last };
}

/** The stage's batches: its mix per epoch, shuffled, overlong dropped, packed by token budget. */
function planStage(options: SftRunOptions, stage: SftStage, stageIndex: number, planSeed: number): StagePlan {
  const sizes = Object.fromEntries(Object.entries(options.data).map(([name, rows]) => [name, rows.length]));
  const cache = new Map<string, TokenizedExample>();
  const tokenized = (source: string, index: number): TokenizedExample => {
    const key = `${source}\u0000${index}`;
    let example = cache.get(key);
    if (!example) {
      example = tokenize(options, options.data[source][index]);
      cache.set(key, example);
    }
    return example;
  };
  const wholeEpochs = Math.ceil(stage.epochs);
  const batches: TokenizedExample[][] = [];
  let dropped = 0;
  for (let epoch = 0; epoch < wholeEpochs; epoch++) {
    const order = mixEpoch(sizes, stage.mix, new Rng(planSeed).fork(stageIndex * 1_000_003 + epoch));
    const examples: TokenizedExample[] = [];
    for (const row of order) {
      const example = tokenized(row.source, row.index);
      if (example.ids.length > stage.maxSequenceLength || example.trained === 0) dropped++;
      else examples.push(example);
    }
    const packed = packByTokenBudget(
      examples.map((example) => example.ids.length),
      {
        maxTokens: Math.max(stage.tokensPerStep, stage.maxSequenceLength),
        maxSequences: stage.maxSequencesPerStep,
      },
    );
    for (const indices of packed) batches.push(indices.map((index) => examples[index]));
  }
  // a fractional epoch count (C2 stopped at about 1.5) keeps that share of the whole epochs' steps
  let steps = Math.round((batches.length * stage.epochs) / wholeEpochs);
  if (stage.maxSteps !== undefined) steps = Math.min(steps, stage.maxSteps);
  return { batches: batches.slice(0, steps), dropped: dropped / wholeEpochs };
}

function tokenize(options: SftRunOptions, example: SftExample): TokenizedExample {
  const lastAssistant = [...example.messages].reverse().find((message) => message.role === 'assistant');
  const mode = example.mode ?? (lastAssistant?.reasoning_content ? 'think' : 'no_think');
  const rendered = renderTokens(options.family, options.tokenizer, example.messages, {
    mode,
    tools: example.tools,
  });
  const weights = Float32Array.from(rendered.lossMask);
  weights[0] = 0; // position 0 is never predicted
  let trained = 0;
  for (const w of weights) trained += w;
  return { ids: rendered.ids, weights, trained };
}
