/** Chat messages in the OpenAI / Hugging Face shape, as users and datasets write them. */

export type Role = 'system' | 'user' | 'assistant' | 'tool';

/** A tool call as OpenAI writes it: `arguments` may be a JSON string or an already-parsed object. */
export interface ToolCall {
  id?: string;
  type?: 'function';
  function: { name: string; arguments: string | Record<string, unknown> };
}

export interface Message {
  role: Role;
  content: string | null;
  /** Reasoning (the text inside `<think>…</think>`), as vLLM and Hugging Face datasets carry it. */
  reasoning_content?: string | null;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
  name?: string;
}

/** A tool declaration in the OpenAI shape (`{type: 'function', function: {...}}`). */
export interface ToolDefinition {
  type: 'function';
  function: {
    name: string;
    description?: string;
    parameters?: JsonSchema;
    [extra: string]: unknown;
  };
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  items?: JsonSchema;
  description?: string;
  [extra: string]: unknown;
}

/** The chat template families Cascade renders exactly. */
export type ChatFamily = 'cascade-v1' | 'cascade-v2' | 'qwen3';

/** Thinking (reasoning before the answer) or instruct (answer directly). */
export type ChatMode = 'think' | 'no_think';

/** A model's output split into its parts, the way vLLM's reasoning and tool parsers split it. */
export interface ParsedOutput {
  reasoning: string | null;
  content: string | null;
  toolCalls: ParsedToolCall[];
  /** False when the output stopped before it closed (no `</think>` in a thinking response, an unterminated tool call). */
  finished: boolean;
  /** Problems found in the output (malformed tool-call JSON, unknown tool); the parser never throws. */
  errors: string[];
}

export interface ParsedToolCall {
  name: string;
  arguments: Record<string, unknown>;
}
