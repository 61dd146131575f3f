/**
 * Splits a model's output into reasoning, answer and tool calls the way vLLM's `qwen3` reasoning
 * parser and its tool parsers do (ecosystem §4.3–4.4), for every chat family. Never throws on
 * model output: problems are reported in `errors` and `finished`.
 *
 * Reasoning (thinking mode):
 * - a leading `<think>` (models of the cascade-v1 and qwen3 families write it themselves) is dropped;
 * - the text before the first `</think>` is reasoning, the rest is the answer;
 * - without `</think>`, a `<tool_call>` opening an XML function call ends reasoning implicitly;
 * - otherwise the output was cut off: all of it is reasoning and `finished` is false.
 * In instruct mode there is no reasoning: everything is the answer, as vLLM serves it.
 * The newlines the templates put around reasoning and answer are removed (vLLM keeps them raw).
 * One deliberate difference: vLLM drops text before a `<think>` that is not leading; here only a
 * leading one is dropped, so the streaming parser can agree with this one at every split point.
 */
import type { ChatFamily, ChatMode, ParsedOutput, ToolDefinition } from '../../core/messages.ts';
import { jsonToolSectionStart, parseJsonToolCalls } from './json-tool-calls.ts';
import { parseXmlToolCalls, type ToolCallsResult, xmlToolSectionStart } from './xml-tool-calls.ts';

export interface ParseOptions {
  family: ChatFamily;
  mode?: ChatMode;
  tools?: ToolDefinition[];
}

export const THINK_OPEN = '<think>';
export const THINK_CLOSE = '</think>';
export const IMPLICIT_REASONING_END = /<tool_call>\s*<function[\s=]/;

export function parse(text: string, options: ParseOptions): ParsedOutput {
  const { reasoning, answer, reasoningClosed } = splitReasoning(text, options.mode ?? 'think');
  const tools = answer === null ? emptyTools() : parseToolCalls(answer, options);
  return {
    reasoning: reasoning === null ? null : nullIfEmpty(trimNewlines(reasoning)),
    content: tools.content === null ? null : nullIfEmpty(trimNewlines(tools.content)),
    toolCalls: tools.toolCalls,
    finished: reasoningClosed && tools.closed,
    errors: tools.errors,
  };
}

export function splitReasoning(
  text: string,
  mode: ChatMode,
): { reasoning: string | null; answer: string | null; reasoningClosed: boolean } {
  if (mode === 'no_think') return { reasoning: null, answer: text, reasoningClosed: true };
  const lead = /^\s*<think>/.exec(text);
  const body = lead ? text.slice(lead[0].length) : text;
  const close = body.indexOf(THINK_CLOSE);
  if (close !== -1) {
    return {
      reasoning: body.slice(0, close),
      answer: body.slice(close + THINK_CLOSE.length),
      reasoningClosed: true,
    };
  }
  const implicit = IMPLICIT_REASONING_END.exec(body);
  if (implicit)
    return {
      reasoning: body.slice(0, implicit.index),
      answer: body.slice(implicit.index),
      reasoningClosed: true,
    };
  return { reasoning: body, answer: null, reasoningClosed: false };
}

export function parseToolCalls(text: string, options: ParseOptions): ToolCallsResult {
  return options.family === 'cascade-v2'
    ? parseXmlToolCalls(text, options.tools)
    : parseJsonToolCalls(text, options.tools);
}

/** Where the answer ends and tool calls begin (-1 when there are none), per family. */
export function toolSectionStart(text: string, family: ChatFamily): number {
  return family === 'cascade-v2' ? xmlToolSectionStart(text) : jsonToolSectionStart(text);
}

export function trimNewlines(text: string): string {
  return text.replace(/^\n+/, '').replace(/\n+$/, '');
}

function nullIfEmpty(text: string): string | null {
  return text === '' ? null : text;
}

function emptyTools(): ToolCallsResult {
  return { content: null, toolCalls: [], closed: true, errors: [] };
}
