/**
 * Chat mode: `/v1/chat/completions`, where the server applies the chat template and its reasoning
 * and tool parsers split the output. Thinking is switched with `chat_template_kwargs.enable_thinking`.
 * Reads `reasoning` (current vLLM) and `reasoning_content` (older vLLM, other servers).
 */
import { CascadeError } from '../../core/errors.ts';
import type { Message, ToolCall, ToolDefinition } from '../../core/messages.ts';
import type { OpenAIPool } from './pool.ts';
import { parseBody } from './pool.ts';
import { type ChatChunk, chatChunkSchema, chatResponseSchema } from './schemas.ts';

export interface ChatRequest {
  model: string;
  messages: Message[];
  tools?: ToolDefinition[];
  n: number;
  temperature: number;
  topP: number;
  /** vLLM extension; omitted when undefined or 0. */
  topK?: number;
  maxTokens: number;
  /** Sent as `chat_template_kwargs.enable_thinking` when set. */
  enableThinking?: boolean;
  seed?: number;
  /** Stream the answer (SSE) and accumulate the deltas. */
  stream?: boolean;
  /** Extra body fields passed through unchanged (`min_p`, `repetition_penalty`…). */
  extraBody?: Record<string, unknown>;
}

export interface ChatChoice {
  index: number;
  content: string | null;
  reasoning: string | null;
  toolCalls: ToolCall[];
  finishReason: string | null;
  tokenIds?: number[];
}

/** The request body exactly as it goes on the wire. */
export function chatRequestBody(request: ChatRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: request.model,
    messages: request.messages.map(wireMessage),
    n: request.n,
    temperature: request.temperature,
    top_p: request.topP,
    max_tokens: request.maxTokens,
  };
  if (request.topK) body.top_k = request.topK;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.tools && request.tools.length > 0) body.tools = request.tools;
  if (request.enableThinking !== undefined)
    body.chat_template_kwargs = { enable_thinking: request.enableThinking };
  if (request.stream) body.stream = true;
  return { ...body, ...request.extraBody };
}

/** OpenAI wants tool-call arguments as JSON text. */
function wireMessage(message: Message): Record<string, unknown> {
  const wire: Record<string, unknown> = { ...message };
  if (message.tool_calls) {
    wire.tool_calls = message.tool_calls.map((call, index) => ({
      id: call.id ?? `call_${index}`,
      type: 'function',
      function: {
        name: call.function.name,
        arguments:
          typeof call.function.arguments === 'string'
            ? call.function.arguments
            : JSON.stringify(call.function.arguments),
      },
    }));
  }
  return wire;
}

export async function chatCompletions(
  pool: OpenAIPool,
  request: ChatRequest,
  signal?: AbortSignal,
): Promise<ChatChoice[]> {
  const body = chatRequestBody(request);
  if (request.stream) return streamChat(pool, body, request.n, signal);
  const response = await pool.postJson('/chat/completions', body, chatResponseSchema, signal);
  const choices = response.choices.map((choice, position) => ({
    index: choice.index ?? position,
    content: choice.message.content ?? null,
    reasoning: choice.message.reasoning ?? choice.message.reasoning_content ?? null,
    toolCalls: (choice.message.tool_calls ?? []).map((call) => ({
      ...(call.id ? { id: call.id } : {}),
      type: 'function' as const,
      function: { name: call.function.name, arguments: call.function.arguments ?? '' },
    })),
    finishReason: choice.finish_reason ?? null,
    ...(choice.token_ids ? { tokenIds: choice.token_ids } : {}),
  }));
  return checkCount(
    choices.sort((a, b) => a.index - b.index),
    request.n,
  );
}

interface ChoiceBuilder {
  content: string;
  reasoning: string;
  sawContent: boolean;
  sawReasoning: boolean;
  calls: { id?: string; name: string; arguments: string }[];
  finishReason: string | null;
  tokenIds: number[];
}

async function streamChat(
  pool: OpenAIPool,
  body: Record<string, unknown>,
  n: number,
  signal?: AbortSignal,
): Promise<ChatChoice[]> {
  const builders = new Map<number, ChoiceBuilder>();
  await pool.postStream(
    '/chat/completions',
    body,
    (data) => applyChunk(builders, parseBody(data, chatChunkSchema, 'chat stream chunk')),
    signal,
  );
  const choices = [...builders.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, built]) => ({
      index,
      content: built.sawContent ? built.content : null,
      reasoning: built.sawReasoning ? built.reasoning : null,
      toolCalls: built.calls.map((call) => ({
        ...(call.id ? { id: call.id } : {}),
        type: 'function' as const,
        function: { name: call.name, arguments: call.arguments },
      })),
      finishReason: built.finishReason,
      ...(built.tokenIds.length > 0 ? { tokenIds: built.tokenIds } : {}),
    }));
  return checkCount(choices, n);
}

/** Folds one streamed chunk into the per-choice accumulators (pure apart from the map it fills). */
export function applyChunk(builders: Map<number, ChoiceBuilder>, chunk: ChatChunk): void {
  for (const [position, choice] of (chunk.choices ?? []).entries()) {
    const index = choice.index ?? position;
    let built = builders.get(index);
    if (!built) {
      built = {
        content: '',
        reasoning: '',
        sawContent: false,
        sawReasoning: false,
        calls: [],
        finishReason: null,
        tokenIds: [],
      };
      builders.set(index, built);
    }
    const delta = choice.delta;
    if (delta?.content != null) {
      built.content += delta.content;
      built.sawContent = true;
    }
    const reasoning = delta?.reasoning ?? delta?.reasoning_content;
    if (reasoning != null) {
      built.reasoning += reasoning;
      built.sawReasoning = true;
    }
    for (const [callPosition, call] of (delta?.tool_calls ?? []).entries()) {
      const callIndex = call.index ?? callPosition;
      built.calls[callIndex] ??= { name: '', arguments: '' };
      const target = built.calls[callIndex];
      if (call.id) target.id = call.id;
      if (call.function?.name) target.name += call.function.name;
      if (call.function?.arguments) target.arguments += call.function.arguments;
    }
    if (choice.finish_reason) built.finishReason = choice.finish_reason;
    if (choice.token_ids) built.tokenIds.push(...choice.token_ids);
  }
}

function checkCount<T>(choices: T[], n: number): T[] {
  if (choices.length !== n) {
    throw new CascadeError(
      'openai_bad_response',
      `asked for n=${n} choices, the server returned ${choices.length}`,
    );
  }
  return choices;
}
