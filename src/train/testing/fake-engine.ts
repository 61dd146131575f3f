/**
 * A recording StepEngine for the trainers' unit tests (not a test itself): `respond` decides each
 * completion (text, or ids, and whether it was cut off), log-probs are a fixed value per token, and
 * every sample, logprobs and step call is recorded for the test to inspect.
 */
import type { Completion, SampleOptions, StepBatch, StepEngine, StepResult } from '../../core/engine.ts';
import type { TextTokenizer } from '../../tokenizer/index.ts';

export interface FakeResponse {
  text: string;
  /** Cut off at maxNewTokens (no stop token appended). */
  truncated?: boolean;
}

export interface FakeEngineOptions {
  tokenizer: TextTokenizer;
  /** The response for completion `sample` of prompt `promptIds` in sample call number `call`. */
  respond: (promptIds: number[], sample: number, call: number, options: SampleOptions) => FakeResponse;
  /** log π of every token (sampling and teacher-forced alike). */
  logprob?: number | ((sequence: number[], t: number) => number);
  /** log π_inf the sampler reports, when it should differ from the teacher-forced value. */
  sampleLogprob?: number;
}

export class FakeEngine implements StepEngine {
  readonly name = 'fake';
  readonly samples: { prompts: number[][]; options: SampleOptions }[] = [];
  readonly steps: StepBatch[] = [];
  readonly saves: string[] = [];

  constructor(private readonly options: FakeEngineOptions) {}

  private logprobAt(sequence: number[], t: number): number {
    const { logprob = -1 } = this.options;
    return typeof logprob === 'number' ? logprob : logprob(sequence, t);
  }

  async sample(prompts: number[][], options: SampleOptions): Promise<Completion[]> {
    const call = this.samples.length;
    this.samples.push({ prompts, options });
    const stop = options.stopTokenIds[options.stopTokenIds.length - 1];
    const completions: Completion[] = [];
    for (const [promptIndex, prompt] of prompts.entries())
      for (let sample = 0; sample < options.n; sample++) {
        const response = this.options.respond(prompt, sample, call, options);
        const encoded = this.options.tokenizer.encode(response.text);
        const tokens = response.truncated ? encoded.slice(0, options.maxNewTokens) : [...encoded];
        if (!response.truncated && !options.stopTokenIds.includes(tokens[tokens.length - 1]))
          tokens.push(stop);
        const sequence = [...prompt, ...tokens];
        completions.push({
          promptIndex,
          tokens,
          logprobs: tokens.map(
            (_, i) => this.options.sampleLogprob ?? this.logprobAt(sequence, prompt.length + i),
          ),
          finishReason: response.truncated ? 'length' : 'stop',
        });
      }
    return completions;
  }

  async logprobs(sequences: number[][]): Promise<Float32Array[]> {
    return sequences.map((sequence) =>
      Float32Array.from(sequence, (_, t) => (t === 0 ? 0 : this.logprobAt(sequence, t))),
    );
  }

  async step(batch: StepBatch): Promise<StepResult> {
    this.steps.push(batch);
    let tokens = 0;
    for (const weights of batch.weights) for (const w of weights) if (w !== 0) tokens++;
    return { loss: 0, gradNorm: 1, tokens };
  }

  async save(dir: string): Promise<void> {
    this.saves.push(dir);
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/steps.json`, JSON.stringify(this.steps.length));
  }

  async close(): Promise<void> {}
}
