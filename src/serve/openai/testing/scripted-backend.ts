/**
 * Test support: a backend that "samples" scripted text (encoded, then `<|im_end|>`) and scores every
 * token with a fixed log-prob, recording each call, so handler tests can check exact shapes.
 */
import type { Completion, SampleOptions } from '../../../core/engine.ts';
import type { TextTokenizer } from '../../../tokenizer/index.ts';
import type { ReloadableBackend, ServeBackend } from '../backend.ts';

export interface ScriptedCall {
  prompts: number[][];
  options: SampleOptions;
}

export interface ScriptedBackend extends ReloadableBackend {
  calls: ScriptedCall[];
  scored: number[][][];
}

export function scriptedBackend(
  tokenizer: TextTokenizer,
  reply: (promptText: string, sample: number) => string,
  options: { maxContext?: number; logprob?: number } = {},
): ScriptedBackend {
  const calls: ScriptedCall[] = [];
  const scored: number[][][] = [];
  const imEnd = tokenizer.tokenId('<|im_end|>') as number;
  const logprob = options.logprob ?? -0.5;
  const served: ServeBackend = {
    name: 'scripted',
    maxContext: options.maxContext ?? 4096,
    vocabSize: tokenizer.vocabSize,
    async sample(prompts, sampling) {
      calls.push({ prompts, options: sampling });
      const out: Completion[] = [];
      prompts.forEach((prompt, promptIndex) => {
        for (let j = 0; j < sampling.n; j++) {
          const all = [...tokenizer.encode(reply(tokenizer.decode(prompt), j)), imEnd];
          const tokens = all.slice(0, sampling.maxNewTokens);
          out.push({
            promptIndex,
            tokens,
            logprobs: tokens.map(() => logprob),
            finishReason: tokens.length === all.length ? 'stop' : 'length',
          });
        }
      });
      return out;
    },
    async logprobs(sequences) {
      scored.push(sequences);
      return sequences.map((sequence) => Float32Array.from(sequence, (_, t) => (t === 0 ? 0 : logprob)));
    },
    async close() {},
  };
  return { calls, scored, current: () => served, close: async () => {} };
}
