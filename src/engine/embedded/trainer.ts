/**
 * The model's state and the synchronous operations on it: parameters, gradients and Adam moments in one
 * arena with a shared layout, and the loss primitives — the weighted token log-likelihood step, teacher-
 * forced log-probs, reward scores and the Bradley–Terry pair step. No I/O here (engine.ts does that).
 */
import { z } from 'zod';
import { CascadeError } from '../../core/errors.ts';
import { packSequences } from './batch.ts';
import type { Qwen3Config } from './config.ts';
import {
  type HeadRows,
  lmHeadForwardBackward,
  lmHeadLogprobs,
  scoreBackward,
  scoreForward,
} from './heads.ts';
import type { Kernels } from './kernels/kernels.ts';
import { Qwen3Model } from './model.ts';
import { clipGradNorm } from './ops/adamw.ts';
import { buildLayout, type ModelHead, type ParameterLayout } from './params.ts';

export const OptimizerConfigSchema = z.object({
  beta1: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.999),
  eps: z.number().positive().default(1e-8),
  weightDecay: z
    .number()
    .min(0)
    .default(0)
    .describe(
      'Decoupled (AdamW) decay on 2-D weights only; norm weights are exempt, as in transformers Trainer.',
    ),
  maxGradNorm: z
    .number()
    .min(0)
    .default(1)
    .describe('Clip the global gradient norm to this (transformers default 1.0); 0 disables clipping.'),
});
export type OptimizerConfig = z.output<typeof OptimizerConfigSchema>;
export type OptimizerConfigInput = z.input<typeof OptimizerConfigSchema>;

/** 8,192 tokens of the tiny model's activations take about 0.7 GB. */
export const MAX_TOKENS_PER_PASS = 8192;

/** [from, to) ranges of consecutive sequences, each under `maxTokens` unless one sequence alone is longer. */
export function microBatches(sequences: readonly number[][], maxTokens: number): [number, number][] {
  const ranges: [number, number][] = [];
  let from = 0;
  let tokens = 0;
  for (let index = 0; index < sequences.length; index++) {
    const length = sequences[index].length;
    if (index > from && tokens + length > maxTokens) {
      ranges.push([from, index]);
      from = index;
      tokens = 0;
    }
    tokens += length;
  }
  if (sequences.length > from) ranges.push([from, sequences.length]);
  return ranges;
}

export interface StepOutcome {
  loss: number;
  gradNorm: number;
  tokens: number;
}

export class Trainer {
  readonly layout: ParameterLayout;
  readonly params: Float32Array;
  readonly grads: Float32Array;
  readonly m: Float32Array;
  readonly v: Float32Array;
  readonly model: Qwen3Model;
  /** AdamW updates taken so far (bias correction uses step + 1 for the next one). */
  stepCount = 0;

  constructor(
    readonly config: Qwen3Config,
    readonly head: ModelHead,
    kernels: Kernels,
    readonly optimizer: OptimizerConfig,
    allocate: (floats: number) => Float32Array = (floats) => new Float32Array(floats),
    /** Tokens per forward/backward pass: bounds activation memory (a GRPO batch can hold 30K tokens). */
    readonly maxTokensPerPass = MAX_TOKENS_PER_PASS,
  ) {
    this.layout = buildLayout(config, head);
    const P = this.layout.total;
    // one arena: [params | grads | adam m | adam v]
    const arena = allocate(4 * P);
    this.params = arena.subarray(0, P);
    this.grads = arena.subarray(P, 2 * P);
    this.m = arena.subarray(2 * P, 3 * P);
    this.v = arena.subarray(3 * P, 4 * P);
    this.model = new Qwen3Model(config, this.layout, kernels, this.params, this.grads, allocate);
  }

  private pack(sequences: number[][]) {
    return packSequences(sequences, this.config.vocab_size, this.config.max_position_embeddings);
  }

  /** Teacher-forced log π(sequences[i][t] | sequences[i][<t]) for t ≥ 1; entry 0 is 0. */
  logprobs(sequences: number[][]): Float32Array[] {
    return microBatches(sequences, this.maxTokensPerPass).flatMap(([from, to]) =>
      this.logprobsOf(sequences.slice(from, to)),
    );
  }

  private logprobsOf(sequences: number[][]): Float32Array[] {
    const batch = this.pack(sequences);
    const acts = this.model.forward(batch);
    const selection = nextTokenRows(sequences, batch.starts, () => true);
    const logprobs = lmHeadLogprobs(this.model, acts, selection);
    const out = sequences.map((sequence) => new Float32Array(sequence.length));
    for (let s = 0; s < selection.rows.length; s++) {
      const { index, t } = locate(selection.rows[s], batch.starts);
      out[index][t + 1] = logprobs[s];
    }
    return out;
  }

  /** One AdamW step on −Σ_i Σ_t weights[i][t] · log π(sequences[i][t] | prefix) / normalizer. */
  step(
    sequences: number[][],
    weights: Float32Array[],
    normalizer: number,
    learningRate: number,
  ): StepOutcome {
    const { loss, tokens } = this.lossAndGradients(sequences, weights, normalizer);
    return { loss, gradNorm: this.update(learningRate), tokens };
  }

  /** The step's loss, with its gradient left in `grads` (overwritten, not accumulated across calls). */
  lossAndGradients(
    sequences: number[][],
    weights: Float32Array[],
    normalizer: number,
  ): { loss: number; tokens: number } {
    if (weights.length !== sequences.length)
      throw new CascadeError(
        'engine.step',
        `${weights.length} weight rows for ${sequences.length} sequences`,
      );
    for (const [index, row] of weights.entries())
      if (row.length !== sequences[index].length)
        throw new CascadeError('engine.step', `${row.length} weights for ${sequences[index].length} tokens`, {
          where: `weights[${index}]`,
        });
    if (!(normalizer > 0))
      throw new CascadeError('engine.step', `normalizer must be positive, got ${normalizer}`);
    this.grads.fill(0);
    // the loss is a weighted sum over tokens, so micro-batches' gradients add up to the batch's
    let loss = 0;
    let tokens = 0;
    for (const [from, to] of microBatches(sequences, this.maxTokensPerPass)) {
      const part = this.accumulate(sequences.slice(from, to), weights.slice(from, to), normalizer);
      loss += part.loss;
      tokens += part.tokens;
    }
    return { loss, tokens };
  }

  /** Adds one micro-batch's gradient to `grads`; activations are sized to it, not to the whole batch. */
  private accumulate(
    sequences: number[][],
    weights: Float32Array[],
    normalizer: number,
  ): { loss: number; tokens: number } {
    const batch = this.pack(sequences);
    const acts = this.model.forward(batch);
    // only rows whose prediction carries weight reach the LM head (prompt tokens cost no logits)
    const selection = nextTokenRows(sequences, batch.starts, (index, t) => weights[index][t + 1] !== 0);
    const S = selection.rows.length;
    const dlogprobs = new Float32Array(S);
    for (let s = 0; s < S; s++) {
      const { index, t } = locate(selection.rows[s], batch.starts);
      dlogprobs[s] = -weights[index][t + 1] / normalizer; // ∂loss/∂logp_t
    }
    acts.dlnf.fill(0);
    const logprobs = lmHeadForwardBackward(this.model, acts, selection, dlogprobs);
    let loss = 0;
    for (let s = 0; s < S; s++) loss += dlogprobs[s] * logprobs[s];
    this.model.backward(acts, batch);
    return { loss, tokens: S };
  }

  /** Reward of each sequence: the score head on its last token's final hidden state. */
  score(sequences: number[][]): Float32Array {
    this.requireScoreHead();
    const batch = this.pack(sequences);
    const acts = this.model.forward(batch);
    return scoreForward(this.model, acts, lastRows(batch.starts, batch.lengths));
  }

  /** One AdamW step on the Bradley–Terry loss mean_p −log σ(r(chosen_p) − r(rejected_p)). */
  stepPairs(
    chosen: number[][],
    rejected: number[][],
    learningRate: number,
  ): StepOutcome & { accuracy: number } {
    const outcome = this.pairLossAndGradients(chosen, rejected);
    return { ...outcome, gradNorm: this.update(learningRate) };
  }

  /** The pair loss, with its gradient left in `grads`; accuracy is the fraction of pairs ranked right. */
  pairLossAndGradients(
    chosen: number[][],
    rejected: number[][],
  ): { loss: number; tokens: number; accuracy: number } {
    this.requireScoreHead();
    if (chosen.length !== rejected.length || chosen.length === 0)
      throw new CascadeError(
        'engine.step-pairs',
        `need as many chosen as rejected (got ${chosen.length}, ${rejected.length})`,
      );
    const P = chosen.length;
    const batch = this.pack([...chosen, ...rejected]);
    this.grads.fill(0);
    const acts = this.model.forward(batch);
    const rows = lastRows(batch.starts, batch.lengths);
    const scores = scoreForward(this.model, acts, rows);
    const dscores = new Float32Array(2 * P);
    let loss = 0;
    let correct = 0;
    for (let p = 0; p < P; p++) {
      const margin = scores[p] - scores[P + p];
      loss += softplus(-margin) / P; // −log σ(m) = log(1 + e^−m)
      const g = -sigmoid(-margin) / P; // ∂loss/∂margin
      dscores[p] = g;
      dscores[P + p] = -g;
      if (margin > 0) correct++;
    }
    acts.dlnf.fill(0);
    scoreBackward(this.model, acts, rows, dscores);
    this.model.backward(acts, batch);
    return { loss, tokens: batch.N, accuracy: correct / P };
  }

  /** Clip, then one AdamW update; refuses a non-finite gradient so a bad batch cannot poison the weights. */
  private update(learningRate: number): number {
    const { beta1, beta2, eps, weightDecay, maxGradNorm } = this.optimizer;
    const ops = this.model.parameterOps; // WebAssembly kernels when the arenas live in their memory
    const gradNorm =
      maxGradNorm > 0 ? clipGradNorm(this.grads, maxGradNorm, ops) : Math.sqrt(ops.sumSquares(this.grads));
    if (!Number.isFinite(gradNorm))
      throw new CascadeError('engine.nonfinite', `gradient norm is ${gradNorm}; the update was skipped`, {
        where: `step ${this.stepCount + 1}`,
      });
    const step = this.stepCount + 1;
    for (const spec of this.layout.specs) {
      const hyper = { learningRate, beta1, beta2, eps, weightDecay: spec.decay ? weightDecay : 0, step };
      ops.adamwUpdate(this.params, this.grads, this.m, this.v, spec.offset, spec.offset + spec.size, hyper);
    }
    this.stepCount = step;
    return gradNorm;
  }

  private requireScoreHead(): void {
    if (this.head !== 'score')
      throw new CascadeError(
        'engine.head',
        'this model has an LM head; scores need the reward-model variant',
      );
  }
}

/** Rows t (of sequence index) that predict token t+1, filtered by `keep(index, t)`. */
function nextTokenRows(
  sequences: number[][],
  starts: number[],
  keep: (index: number, t: number) => boolean,
): HeadRows {
  const rows: number[] = [];
  const targets: number[] = [];
  for (const [index, sequence] of sequences.entries())
    for (let t = 0; t + 1 < sequence.length; t++)
      if (keep(index, t)) {
        rows.push(starts[index] + t);
        targets.push(sequence[t + 1]);
      }
  return { rows: Int32Array.from(rows), targets: Int32Array.from(targets) };
}

function lastRows(starts: number[], lengths: number[]): Int32Array {
  return Int32Array.from(starts, (start, index) => start + lengths[index] - 1);
}

/** The sequence a packed row belongs to, and its position there (binary search over starts). */
function locate(row: number, starts: number[]): { index: number; t: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= row) lo = mid;
    else hi = mid - 1;
  }
  return { index: lo, t: row - starts[lo] };
}

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
