/**
 * A small local parser for the tool calls Cascade models write in their answer text (reasoning
 * already removed): JSON `<tool_call>{"name": …, "arguments": {…}}</tool_call>` (cascade-v1, qwen3)
 * and XML `<tool_call><function=NAME><parameter=P>VALUE</parameter></function></tool_call>`
 * (cascade-v2). It never throws: malformed calls become `errors`. It is deliberately simpler than
 * vLLM's parsers (no streaming, no recovery of a missing `</parameter>`); the full parser lives in
 * src/chat/ and will replace this one behind `parseToolCallsFromText`.
 */
import type { ParsedToolCall } from '../../core/messages.ts';
import { describeTool, type FunctionDescription } from './function-description.ts';

export interface ParsedToolCalls {
  toolCalls: ParsedToolCall[];
  errors: string[];
}

/** A function or parameter name as vLLM accepts it: non-empty, no braces, brackets, quotes or spaces. */
const VALID_NAME = /^[^\s{}<>"']+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The bodies between `<tool_call>` and `</tool_call>`; a bare `<function=` block counts as one. */
function toolCallBlocks(text: string, errors: string[]): string[] {
  if (!text.includes('<tool_call>'))
    return text.includes('<function=') ? [text.slice(text.indexOf('<function='))] : [];
  const blocks: string[] = [];
  for (const match of text.matchAll(/<tool_call>([\s\S]*?)(<\/tool_call>|(?=<tool_call>)|$)/g)) {
    if (match[2] !== '</tool_call>') {
      errors.push('a <tool_call> was not closed');
      continue;
    }
    blocks.push(match[1].trim());
  }
  return blocks;
}

function parseJsonCall(body: string): ParsedToolCall | string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return `tool call is not valid JSON: ${(error as Error).message}`;
  }
  if (!isRecord(value) || typeof value.name !== 'string' || !VALID_NAME.test(value.name)) {
    return 'tool call JSON has no valid "name"';
  }
  let args = value.arguments ?? value.parameters ?? {};
  if (typeof args === 'string') {
    try {
      args = JSON.parse(args);
    } catch {
      return `arguments of ${value.name} are a string that is not JSON`;
    }
  }
  if (!isRecord(args)) return `arguments of ${value.name} are not an object`;
  return { name: value.name, arguments: args };
}

/** A parameter's text converted by its declared type, as vLLM's qwen3_coder parser does; strings stay raw. */
export function convertParameterValue(raw: string, declaredType: string | undefined): unknown {
  if (declaredType === 'string' || declaredType === 'str') return raw;
  if (raw.toLowerCase() === 'null' && declaredType !== undefined) return null;
  if (declaredType === 'integer' || declaredType === 'int')
    return /^[-+]?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (declaredType === 'number' || declaredType === 'float') {
    const number = Number(raw);
    return raw.trim() !== '' && Number.isFinite(number) ? number : raw;
  }
  if (declaredType === 'boolean' || declaredType === 'bool') {
    const lowered = raw.trim().toLowerCase();
    return lowered === 'true' ? true : lowered === 'false' ? false : raw;
  }
  // objects, arrays, untyped: JSON when it parses, the raw text otherwise
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function parseXmlCall(
  body: string,
  describe: (name: string) => FunctionDescription | undefined,
): ParsedToolCall | string {
  const header = /<function=([^>]*)>/.exec(body);
  if (!header) return 'tool call has neither JSON nor <function=NAME>';
  const name = header[1];
  if (!VALID_NAME.test(name)) return `tool call has an invalid function name ${JSON.stringify(name)}`;
  const end = body.lastIndexOf('</function>');
  if (end < header.index) return `<function=${name}> was not closed`;
  const inside = body.slice(header.index + header[0].length, end);
  const description = describe(name);
  const args: Record<string, unknown> = {};
  // a value's first and last newline belong to the format, not the value
  for (const match of inside.matchAll(/<parameter=([^>]*)>\n?([\s\S]*?)\n?<\/parameter>/g)) {
    const [, param, raw] = match;
    if (!VALID_NAME.test(param)) return `parameter name ${JSON.stringify(param)} is invalid`;
    args[param] = convertParameterValue(raw, description?.properties[param]?.type);
  }
  return { name, arguments: args };
}

/** Tool calls in answer text; `tools` (OpenAI or BFCL shape) give XML parameters their types. */
export function parseToolCallsFromText(text: string, tools?: readonly unknown[]): ParsedToolCalls {
  const errors: string[] = [];
  const descriptions = (tools ?? []).map(describeTool);
  const describe = (name: string) => descriptions.find((description) => description.name === name);
  const toolCalls: ParsedToolCall[] = [];
  for (const body of toolCallBlocks(text, errors)) {
    const parsed = body.startsWith('{') ? parseJsonCall(body) : parseXmlCall(body, describe);
    if (typeof parsed === 'string') errors.push(parsed);
    else toolCalls.push(parsed);
  }
  return { toolCalls, errors };
}
