/**
 * An OpenAI-compatible server as a StepEngine: `sample` and `logprobs` go through completion mode
 * on token ids; `step` and `save` throw, because an inference server holds no optimizer state and
 * cannot write weights. Logprobs are what the server reports (vLLM: raw logprobs of the model by
 * default, before temperature/top-p, matching the StepEngine contract; check `--logprobs-mode`).
 */
import type { Completion, SampleOptions, StepEngine, StepResult } from '../../core/engine.ts';
import { CascadeError } from '../../core/errors.ts';
import { completeTokens, scoreTokens } from './completion.ts';
import type { OpenAIPool } from './pool.ts';

export interface OpenAIEngineOptions {
  pool: OpenAIPool;
  /** The served model name (`--served-model-name`). */
  model: string;
  extraBody?: Record<string, unknown>;
}

export function createOpenAIEngine(options: OpenAIEngineOptions): StepEngine {
  const { pool, model } = options;
  const cannotTrain = (what: string) =>
    new CascadeError(
      'engine_cannot_train',
      `the openai engine cannot ${what}: a remote inference server only samples and scores. Train with the embedded engine (or verl) and serve the checkpoint it writes`,
      { where: `openai engine ${pool.baseUrls.join(',')}` },
    );
  return {
    name: `openai:${model}@${pool.baseUrls.join(',')}`,
    async sample(prompts: number[][], sampling: SampleOptions): Promise<Completion[]> {
      const perPrompt = await Promise.all(
        prompts.map((prompt) =>
          completeTokens(pool, {
            model,
            prompt,
            n: sampling.n,
            temperature: sampling.temperature,
            topP: sampling.topP,
            topK: sampling.topK,
            maxTokens: sampling.maxNewTokens,
            stopTokenIds: sampling.stopTokenIds,
            seed: sampling.seed,
            extraBody: options.extraBody,
          }),
        ),
      );
      return perPrompt.flatMap((choices, promptIndex) =>
        choices.map((choice) => ({
          promptIndex,
          tokens: choice.tokenIds,
          logprobs: choice.logprobs ?? [],
          finishReason: choice.finishReason,
        })),
      );
    },
    logprobs(sequences: number[][]): Promise<Float32Array[]> {
      return Promise.all(sequences.map((sequence) => scoreTokens(pool, model, sequence)));
    },
    async step(): Promise<StepResult> {
      throw cannotTrain('take an optimizer step');
    },
    async save(): Promise<void> {
      throw cannotTrain('save a checkpoint');
    },
    async close(): Promise<void> {},
  };
}
