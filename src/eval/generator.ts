/**
 * The one seam the harness samples through: chat requests in, completions (split into reasoning,
 * answer and tool calls) out. Adapters: an OpenAI-compatible server in chat mode (the server
 * applies the template), the same server in completion mode (Cascade renders and parses), and any
 * StepEngine with a tokenizer and a chat family (generators/).
 */
import type { ChatMode, Message, ToolCall, ToolDefinition } from '../core/messages.ts';

export interface GenerationRequest {
  messages: Message[];
  tools?: ToolDefinition[];
  mode: ChatMode;
  /** Completions wanted for this prompt. */
  n: number;
  temperature: number;
  topP: number;
  /** 0 or undefined: no top-k cut. */
  topK?: number;
  maxTokens: number;
  seed?: number;
}

export interface GeneratedCompletion {
  /** The raw model output; in chat mode rebuilt as `<think>reasoning</think>content` when the server split it. */
  text: string;
  reasoning: string | null;
  /** The answer after the reasoning; null when there is none (e.g. the reasoning was cut off). */
  content: string | null;
  toolCalls: ToolCall[];
  /** `stop`, `length` or `tool_calls` as the server or engine says. */
  finishReason: string;
  /** Generated token ids, when the adapter knows them (completion mode, engines). */
  tokens?: number[];
}

export interface Generator {
  readonly name: string;
  /** One list of `request.n` completions per request, in request order. */
  generate(requests: GenerationRequest[], signal?: AbortSignal): Promise<GeneratedCompletion[][]>;
}

/** The text the verifiers score: the answer part; verifiers strip any `<think>` left in it themselves. */
export function scoringText(completion: GeneratedCompletion): string {
  return completion.content ?? '';
}
