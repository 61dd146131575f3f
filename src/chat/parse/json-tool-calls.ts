/**
 * Tool calls as JSON inside `<tool_call>…</tool_call>` (Qwen3 / Hermes format, used by
 * Nemotron-Cascade-8B and -14B), with the semantics of vLLM's `hermes` parser: content is the
 * text before the first `<tool_call>`, and a final block without its closing tag runs to the end.
 * Unlike vLLM, one malformed block does not discard the others; it is reported in `errors`.
 */
import type { ParsedToolCall, ToolDefinition } from '../../core/messages.ts';
import type { ToolCallsResult } from './xml-tool-calls.ts';

const OPEN = '<tool_call>';
const CLOSE = '</tool_call>';

export function jsonToolSectionStart(text: string): number {
  return text.indexOf(OPEN);
}

export function parseJsonToolCalls(text: string, tools: ToolDefinition[] = []): ToolCallsResult {
  const start = text.indexOf(OPEN);
  if (start === -1) return { content: text === '' ? null : text, toolCalls: [], closed: true, errors: [] };
  const toolCalls: ParsedToolCall[] = [];
  const errors: string[] = [];
  let closed = true;
  let open = start;
  while (open !== -1) {
    const bodyStart = open + OPEN.length;
    const close = text.indexOf(CLOSE, bodyStart);
    const body = text.slice(bodyStart, close === -1 ? text.length : close);
    if (close === -1) closed = false;
    const call = parseCall(body.trim(), errors);
    if (call) {
      if (tools.length > 0 && !tools.some((t) => t.function.name === call.name)) {
        errors.push(`call to unknown tool ${JSON.stringify(call.name)}`);
      }
      toolCalls.push(call);
    }
    open = close === -1 ? -1 : text.indexOf(OPEN, close + CLOSE.length);
  }
  const content = text.slice(0, start);
  return { content: content === '' ? null : content, toolCalls, closed, errors };
}

function parseCall(body: string, errors: string[]): ParsedToolCall | null {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    errors.push(`tool call is not valid JSON: ${(error as Error).message}`);
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push('tool call is not a JSON object');
    return null;
  }
  const { name, arguments: args } = value as { name?: unknown; arguments?: unknown };
  if (typeof name !== 'string' || name === '') {
    errors.push('tool call has no "name"');
    return null;
  }
  let parsedArgs = args ?? {};
  // Some models write the arguments as a JSON string, as the OpenAI API carries them.
  if (typeof parsedArgs === 'string') {
    try {
      parsedArgs = JSON.parse(parsedArgs);
    } catch {
      errors.push(`arguments of ${name} are a string that is not JSON`);
      return null;
    }
  }
  if (typeof parsedArgs !== 'object' || parsedArgs === null || Array.isArray(parsedArgs)) {
    errors.push(`arguments of ${name} are not an object`);
    return null;
  }
  return { name, arguments: parsedArgs as Record<string, unknown> };
}
