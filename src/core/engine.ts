/**
 * The engine seam (docs: design.md). A step engine samples, scores and takes one optimizer step on
 * `−Σ_t w_t · log π(y_t | y_<t) / normalizer`; SFT, GRPO and MOPD are all choices of `weights`.
 * A stage engine takes a whole stage (verl on Ray) and hands back a checkpoint.
 */

export interface SampleOptions {
  /** Completions per prompt (GRPO's G). */
  n: number;
  maxNewTokens: number;
  temperature: number;
  topP: number;
  /** 0 or undefined: no top-k cut. */
  topK?: number;
  /** Generation stops after emitting any of these (the stop token is kept in `tokens`). */
  stopTokenIds: number[];
  seed?: number;
}

export interface Completion {
  /** Index into the prompts array this completion answers. */
  promptIndex: number;
  /** Sampled token ids (the stop token included when generation stopped on one). */
  tokens: number[];
  /** log π(token) under the sampling policy for each sampled token, before temperature/top-p. */
  logprobs: number[];
  finishReason: 'stop' | 'length';
}

export interface StepBatch {
  /** Full token sequences (prompt + response). */
  sequences: number[][];
  /** Per-token weight w_t for predicting sequences[i][t] (index 0 is never predicted; weight it 0). */
  weights: Float32Array[];
  /** The loss is divided by this (total weighted tokens for token-mean, etc.). */
  normalizer: number;
  learningRate: number;
}

export interface StepResult {
  loss: number;
  gradNorm: number;
  tokens: number;
}

export interface StepEngine {
  readonly name: string;
  sample(prompts: number[][], options: SampleOptions): Promise<Completion[]>;
  /** Teacher-forced log π(sequences[i][t] | prefix) for t ≥ 1; entry 0 is 0. */
  logprobs(sequences: number[][]): Promise<Float32Array[]>;
  step(batch: StepBatch): Promise<StepResult>;
  save(dir: string): Promise<void>;
  close(): Promise<void>;
}

/** What a stage engine reports when a stage ends. */
export interface StageReport {
  stage: string;
  status: 'succeeded' | 'failed' | 'stopped';
  checkpoint?: string;
  metrics: Record<string, number>;
}

export interface StageEngine {
  readonly name: string;
  runStage(stage: {
    name: string;
    config: unknown;
    inputCheckpoint: string;
    outDir: string;
  }): Promise<StageReport>;
}
