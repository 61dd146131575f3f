/** Any StepEngine (the embedded CPU engine, or a remote one) as a generator. */
import type { StepEngine } from '../../core/engine.ts';
import type { ChatFamily } from '../../core/messages.ts';
import type { GeneratedCompletion, Generator } from '../generator.ts';
import { decodeCompletion, promptIds, stopTokenIds, type TextTokenizer } from './tokens.ts';

export interface EngineGeneratorOptions {
  engine: StepEngine;
  tokenizer: TextTokenizer;
  family: ChatFamily;
}

export function createEngineGenerator(options: EngineGeneratorOptions): Generator {
  const { engine, tokenizer, family } = options;
  return {
    name: `engine:${engine.name}`,
    async generate(requests) {
      // one sample() call per request: requests differ in n and sampling settings
      const out: GeneratedCompletion[][] = [];
      for (const request of requests) {
        const completions = await engine.sample([promptIds(family, tokenizer, request)], {
          n: request.n,
          maxNewTokens: request.maxTokens,
          temperature: request.temperature,
          topP: request.topP,
          topK: request.topK,
          stopTokenIds: stopTokenIds(tokenizer),
          seed: request.seed,
        });
        out.push(
          completions.map((completion) =>
            decodeCompletion(family, tokenizer, request, completion.tokens, completion.finishReason),
          ),
        );
      }
      return out;
    },
  };
}
