/** Completion mode: Cascade renders the prompt to token ids, the server samples, Cascade parses. */
import type { ChatFamily } from '../../core/messages.ts';
import { completeTokens, type OpenAIPool } from '../../engine/openai/index.ts';
import type { Generator } from '../generator.ts';
import { decodeCompletion, promptIds, stopTokenIds, type TextTokenizer } from './tokens.ts';

export interface CompletionGeneratorOptions {
  pool: OpenAIPool;
  model: string;
  tokenizer: TextTokenizer;
  family: ChatFamily;
  extraBody?: Record<string, unknown>;
}

export function createCompletionGenerator(options: CompletionGeneratorOptions): Generator {
  const { pool, model, tokenizer, family } = options;
  return {
    name: `openai-completion:${model}`,
    generate(requests, signal) {
      return Promise.all(
        requests.map(async (request) => {
          const choices = await completeTokens(
            pool,
            {
              model,
              prompt: promptIds(family, tokenizer, request),
              n: request.n,
              temperature: request.temperature,
              topP: request.topP,
              topK: request.topK,
              maxTokens: request.maxTokens,
              stopTokenIds: stopTokenIds(tokenizer),
              seed: request.seed,
              logprobs: false,
              extraBody: options.extraBody,
            },
            signal,
          );
          return choices.map((choice) =>
            decodeCompletion(family, tokenizer, request, choice.tokenIds, choice.finishReason),
          );
        }),
      );
    },
  };
}
