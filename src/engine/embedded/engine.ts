/**
 * The embedded step engine: an in-process Qwen3 on the CPU behind the StepEngine seam (src/core/engine.ts),
 * and its reward-model variant (Qwen3ForSequenceClassification, one label) with score/stepPairs.
 * It knows token ids only; text, chat templates and rewards live elsewhere. Checkpoints are Hugging Face
 * model folders plus optimizer and RNG state (src/checkpoint/), so a saved policy loads in transformers
 * and a transformers Qwen3 loads here.
 */
import {
  expectTensor,
  type LoadedCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
} from '../../checkpoint/checkpoint.ts';
import type { TensorMap } from '../../checkpoint/safetensors.ts';
import type { Completion, SampleOptions, StepBatch, StepEngine, StepResult } from '../../core/engine.ts';
import { CascadeError } from '../../core/errors.ts';
import { Rng } from '../../core/rng.ts';
import { parseQwen3Config, type Qwen3Config, type Qwen3ConfigInput, toHuggingFaceConfig } from './config.ts';
import type { Kernels } from './kernels/kernels.ts';
import { referenceKernels } from './kernels/reference.ts';
import { initializeParameters, type ModelHead } from './params.ts';
import { SamplerWorkspace, sampleCompletions } from './sampler.ts';
import { type OptimizerConfigInput, OptimizerConfigSchema, Trainer } from './trainer.ts';

export interface EmbeddedEngineOptions {
  /** A Hugging Face config.json object for a fresh, randomly initialised model… */
  config?: Qwen3ConfigInput;
  /** …or a checkpoint folder to load (weights, and optimizer/RNG state when present). */
  checkpointDir?: string;
  /** GEMM backend; the plain-TypeScript reference by default. */
  kernels?: Kernels;
  optimizer?: OptimizerConfigInput;
  seed: number;
  /** Tokenizer files to copy into every save (name → source path); defaults to those in checkpointDir. */
  tokenizerFiles?: Record<string, string>;
  generationConfig?: Record<string, unknown>;
  /**
   * Where arenas come from; by default the kernels' own `allocate` when they have one (the WebAssembly and
   * OpenBLAS backends hand out memory their sgemm uses without copying), else plain Float32Arrays.
   */
  allocate?: (floats: number) => Float32Array;
}

/** State and checkpointing shared by the policy engine and the reward model. */
class EmbeddedModel {
  protected closed = false;

  constructor(
    protected readonly trainer: Trainer,
    protected readonly rng: Rng,
    private readonly tokenizerFiles: Record<string, string>,
    private readonly generationConfig: Record<string, unknown>,
    protected readonly allocate: (floats: number) => Float32Array,
  ) {}

  get config(): Qwen3Config {
    return this.trainer.config;
  }

  /** AdamW updates taken so far (restored from checkpoints). */
  get stepCount(): number {
    return this.trainer.stepCount;
  }

  parameterNames(): string[] {
    return this.trainer.layout.specs.map((spec) => spec.name);
  }

  /** A copy of one parameter tensor, by its transformers name. */
  parameter(name: string): Float32Array {
    const spec = this.trainer.layout.byName.get(name);
    if (!spec) throw new CascadeError('engine.parameter', 'no such parameter', { where: name });
    return this.trainer.params.slice(spec.offset, spec.offset + spec.size);
  }

  async save(dir: string): Promise<void> {
    this.assertOpen();
    const { layout, params, m, v, stepCount } = this.trainer;
    const tensorsOf = (arena: Float32Array): TensorMap =>
      Object.fromEntries(
        layout.specs.map((spec) => [
          spec.name,
          { shape: spec.shape, data: arena.subarray(spec.offset, spec.offset + spec.size) },
        ]),
      );
    saveCheckpoint(dir, {
      config: toHuggingFaceConfig(this.trainer.config, this.trainer.head),
      tensors: tensorsOf(params),
      generationConfig: this.generationConfig,
      optimizerState: { step: stepCount, expAvg: tensorsOf(m), expAvgSq: tensorsOf(v) },
      rngState: this.rng.state(),
      extra: { engine: 'embedded', optimizer: this.trainer.optimizer },
      tokenizerFiles: this.tokenizerFiles,
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  protected assertOpen(): void {
    if (this.closed) throw new CascadeError('engine.closed', 'the embedded engine was closed');
  }
}

export class EmbeddedEngine extends EmbeddedModel implements StepEngine {
  readonly name = 'embedded';
  private readonly workspace = new SamplerWorkspace(this.allocate);

  async sample(prompts: number[][], options: SampleOptions): Promise<Completion[]> {
    this.assertOpen();
    const seed = options.seed ?? this.rng.nextUint32();
    return sampleCompletions(this.trainer.model, prompts, { ...options, seed }, this.workspace);
  }

  async logprobs(sequences: number[][]): Promise<Float32Array[]> {
    this.assertOpen();
    return this.trainer.logprobs(sequences);
  }

  async step(batch: StepBatch): Promise<StepResult> {
    this.assertOpen();
    return this.trainer.step(batch.sequences, batch.weights, batch.normalizer, batch.learningRate);
  }
}

export class EmbeddedRewardModel extends EmbeddedModel {
  readonly name = 'embedded-reward';

  /** r(sequence): the score head on each sequence's last token. */
  async score(sequences: number[][]): Promise<Float32Array> {
    this.assertOpen();
    return this.trainer.score(sequences);
  }

  /** One AdamW step on mean −log σ(r(chosen) − r(rejected)); accuracy is the fraction ranked right before the step. */
  async stepPairs(batch: {
    chosen: number[][];
    rejected: number[][];
    learningRate: number;
  }): Promise<StepResult & { accuracy: number }> {
    this.assertOpen();
    return this.trainer.stepPairs(batch.chosen, batch.rejected, batch.learningRate);
  }
}

export async function createEmbeddedEngine(options: EmbeddedEngineOptions): Promise<EmbeddedEngine> {
  const parts = build(options, 'lm');
  return new EmbeddedEngine(
    parts.trainer,
    parts.rng,
    parts.tokenizerFiles,
    parts.generationConfig,
    parts.allocate,
  );
}

/** The reward model; from a causal-LM checkpoint it keeps the decoder, drops lm_head and initialises score.weight. */
export async function createEmbeddedRewardModel(
  options: EmbeddedEngineOptions,
): Promise<EmbeddedRewardModel> {
  const parts = build(options, 'score');
  return new EmbeddedRewardModel(
    parts.trainer,
    parts.rng,
    parts.tokenizerFiles,
    parts.generationConfig,
    parts.allocate,
  );
}

function build(options: EmbeddedEngineOptions, head: ModelHead) {
  if ((options.config === undefined) === (options.checkpointDir === undefined))
    throw new CascadeError('engine.options', 'give exactly one of config and checkpointDir');
  const checkpoint = options.checkpointDir ? loadCheckpoint(options.checkpointDir) : undefined;
  const config = checkpoint
    ? parseQwen3Config(checkpoint.config, `${checkpoint.dir}/config.json`)
    : parseQwen3Config(options.config);
  const optimizer = OptimizerConfigSchema.parse(options.optimizer ?? {});
  const kernels = options.kernels ?? referenceKernels;
  const allocate = options.allocate ?? kernelsAllocator(kernels);
  const trainer = new Trainer(config, head, kernels, optimizer, allocate);
  // initial weights draw from their own stream; the engine's stream (sampling seeds) resumes from a checkpoint
  initializeParameters(
    trainer.layout,
    trainer.params,
    config.initializer_range,
    new Rng(options.seed).fork(0),
  );
  const rng = checkpoint?.rngState ? new Rng(checkpoint.rngState) : new Rng(options.seed).fork(1);
  if (checkpoint) restore(trainer, checkpoint);
  const generationConfig = options.generationConfig ??
    checkpoint?.generationConfig ?? {
      _from_model_config: true,
      bos_token_id: config.bos_token_id,
      eos_token_id: config.eos_token_id,
    };
  const tokenizerFiles = options.tokenizerFiles ?? checkpoint?.tokenizerFiles ?? {};
  return { trainer, rng, generationConfig, tokenizerFiles, allocate };
}

/** The backend's allocator when it has one (KernelsBackend in kernels/backend.ts), else plain arrays. */
function kernelsAllocator(kernels: Kernels): (floats: number) => Float32Array {
  const allocate = (kernels as { allocate?: unknown }).allocate;
  if (typeof allocate === 'function') return (floats) => allocate.call(kernels, floats) as Float32Array;
  return (floats) => new Float32Array(floats);
}

/** Copies a checkpoint's weights (and optimizer/RNG state when present) into the trainer, checking every shape. */
function restore(trainer: Trainer, checkpoint: LoadedCheckpoint): void {
  const modelFile = `${checkpoint.dir}/model.safetensors`;
  const known = new Set(trainer.layout.specs.map((spec) => spec.name));
  for (const name of Object.keys(checkpoint.tensors)) {
    // a causal LM's lm_head is dropped when it becomes a reward model, and a tied model may still store it
    if (known.has(name) || name === 'lm_head.weight') continue;
    throw new CascadeError(
      'checkpoint.unexpected-tensor',
      'tensor not in the Qwen3 architecture this engine implements',
      {
        where: `${modelFile}: ${name}`,
      },
    );
  }
  for (const spec of trainer.layout.specs) {
    // a reward model started from a policy has no score head yet: it keeps its fresh initialisation
    if (spec.name === 'score.weight' && !checkpoint.tensors[spec.name]) continue;
    const tensor = expectTensor(checkpoint.tensors, spec.name, spec.shape, modelFile);
    trainer.params.set(tensor.data, spec.offset);
  }
  const state = checkpoint.optimizerState;
  if (state && trainer.layout.specs.every((spec) => state.expAvg[spec.name] && state.expAvgSq[spec.name])) {
    const file = `${checkpoint.dir}/optimizer.safetensors`;
    for (const spec of trainer.layout.specs) {
      trainer.m.set(expectTensor(state.expAvg, spec.name, spec.shape, `${file} exp_avg`).data, spec.offset);
      trainer.v.set(
        expectTensor(state.expAvgSq, spec.name, spec.shape, `${file} exp_avg_sq`).data,
        spec.offset,
      );
    }
    trainer.stepCount = state.step;
  }
}
