/**
 * What the server samples from. Two kinds:
 * - embedded: the in-process engine on a checkpoint folder. `reload` reads the folder again (or
 *   another one) into a fresh engine and swaps it in; the scheduler runs it between batches.
 * - upstream: a raw completion server (vLLM) reached through the OpenAI engine. The chat template is
 *   rendered here and only token ids travel; the upstream batches by itself.
 */
import type { Completion, SampleOptions } from '../../core/engine.ts';
import { CascadeError } from '../../core/errors.ts';
import { createEmbeddedEngine, type EmbeddedEngine } from '../../engine/embedded/engine.ts';
import type { Kernels } from '../../engine/embedded/kernels/kernels.ts';
import { createOpenAIEngine, type OpenAIPool } from '../../engine/openai/index.ts';

export interface ServeBackend {
  readonly name: string;
  /** Longest prompt + completion the model takes. */
  readonly maxContext: number;
  /** The model's vocabulary size, when known (token prompts are checked against it). */
  readonly vocabSize?: number;
  sample(prompts: number[][], options: SampleOptions): Promise<Completion[]>;
  logprobs(sequences: number[][]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

export interface ReloadResult {
  checkpoint: string;
  /** Optimizer steps the loaded weights have taken (0 for a fresh model). */
  step: number;
}

export interface ReloadableBackend {
  /** The backend serving now (swapped by reload). */
  current(): ServeBackend;
  /** Loads `dir` (default: the folder loaded last) and swaps it in. Undefined: this kind cannot reload. */
  reload?(dir?: string): Promise<ReloadResult>;
  close(): Promise<void>;
}

export interface EmbeddedBackendOptions {
  checkpointDir: string;
  seed: number;
  kernels?: Kernels;
  /** Called after the engine closes (e.g. the kernels' worker threads). */
  dispose?: () => Promise<void>;
}

function embeddedBackend(engine: EmbeddedEngine, dir: string): ServeBackend {
  return {
    name: `embedded:${dir}`,
    maxContext: engine.config.max_position_embeddings,
    vocabSize: engine.config.vocab_size,
    sample: (prompts, options) => engine.sample(prompts, options),
    logprobs: (sequences) => engine.logprobs(sequences),
    close: () => engine.close(),
  };
}

export async function openEmbeddedBackend(options: EmbeddedBackendOptions): Promise<ReloadableBackend> {
  const open = (dir: string) =>
    createEmbeddedEngine({ checkpointDir: dir, seed: options.seed, kernels: options.kernels });
  let dir = options.checkpointDir;
  let engine = await open(dir);
  let served = embeddedBackend(engine, dir);
  return {
    current: () => served,
    async reload(next?: string) {
      const target = next ?? dir;
      const fresh = await open(target);
      const old = engine;
      engine = fresh;
      dir = target;
      served = embeddedBackend(fresh, target);
      await old.close();
      return { checkpoint: target, step: fresh.stepCount };
    },
    async close() {
      await engine.close();
      await options.dispose?.();
    },
  };
}

export interface UpstreamBackendOptions {
  pool: OpenAIPool;
  /** The upstream's served model name. */
  model: string;
  maxContext: number;
  extraBody?: Record<string, unknown>;
}

export function upstreamBackend(options: UpstreamBackendOptions): ReloadableBackend {
  const engine = createOpenAIEngine({
    pool: options.pool,
    model: options.model,
    extraBody: options.extraBody,
  });
  const served: ServeBackend = {
    name: `upstream:${options.model}@${options.pool.baseUrls.join(',')}`,
    maxContext: options.maxContext,
    sample: (prompts, sampling) => engine.sample(prompts, sampling),
    logprobs: (sequences) => engine.logprobs(sequences),
    close: () => engine.close(),
  };
  return { current: () => served, close: () => served.close() };
}

export function cannotReload(): CascadeError {
  return new CascadeError(
    'serve_cannot_reload',
    'this server proxies an upstream; reload weights on the upstream itself',
    { where: 'POST /v1/admin/reload' },
  );
}
