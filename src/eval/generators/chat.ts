/** Chat mode: the server renders the template and splits reasoning and tool calls itself. */
import { type ChatChoice, chatCompletions, type OpenAIPool } from '../../engine/openai/index.ts';
import type { GeneratedCompletion, GenerationRequest, Generator } from '../generator.ts';

export interface ChatGeneratorOptions {
  pool: OpenAIPool;
  model: string;
  /** Stream answers (SSE); useful behind proxies that cut idle connections. */
  stream?: boolean;
  extraBody?: Record<string, unknown>;
}

export function createChatGenerator(options: ChatGeneratorOptions): Generator {
  return {
    name: `openai-chat:${options.model}`,
    generate(requests, signal) {
      return Promise.all(requests.map((request) => generateOne(options, request, signal)));
    },
  };
}

async function generateOne(
  options: ChatGeneratorOptions,
  request: GenerationRequest,
  signal?: AbortSignal,
): Promise<GeneratedCompletion[]> {
  const choices = await chatCompletions(
    options.pool,
    {
      model: options.model,
      messages: request.messages,
      tools: request.tools,
      n: request.n,
      temperature: request.temperature,
      topP: request.topP,
      topK: request.topK,
      maxTokens: request.maxTokens,
      seed: request.seed,
      enableThinking: request.mode === 'think',
      stream: options.stream,
      extraBody: options.extraBody,
    },
    signal,
  );
  return choices.map(fromChoice);
}

export function fromChoice(choice: ChatChoice): GeneratedCompletion {
  const text =
    choice.reasoning === null
      ? (choice.content ?? '')
      : `<think>\n${choice.reasoning}\n</think>\n\n${choice.content ?? ''}`;
  return {
    text,
    reasoning: choice.reasoning,
    content: choice.content,
    toolCalls: choice.toolCalls,
    finishReason: choice.finishReason ?? 'stop',
    ...(choice.tokenIds ? { tokens: choice.tokenIds } : {}),
  };
}
