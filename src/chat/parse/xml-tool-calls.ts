/**
 * Tool calls in the Cascade-2 / Qwen3-Coder XML format, with the semantics of vLLM's
 * `qwen3_coder` parser (ecosystem §4.4): structural closing tags, so a literal `</parameter>` or
 * `</function>` inside a value does not end it; values converted by the tool's JSON schema.
 */
import type { JsonSchema, ParsedToolCall, ToolDefinition } from '../../core/messages.ts';
import { parsePythonLiteral } from './python-literal.ts';

export interface ToolCallsResult {
  content: string | null;
  toolCalls: ParsedToolCall[];
  /** False when a tool-call block never closed. */
  closed: boolean;
  errors: string[];
}

const OPEN = '<tool_call>';
const CLOSE = '</tool_call>';
const FUNCTION = '<function=';
const PARAMETER = '<parameter=';
const END_PARAMETER = '</parameter>';
const END_FUNCTION = '</function>';

/** Where the content ends when the text holds XML tool calls (-1: no tool calls, all content). */
export function xmlToolSectionStart(text: string): number {
  if (!text.includes(FUNCTION)) return -1;
  const open = text.indexOf(OPEN);
  return open !== -1 ? open : text.indexOf(FUNCTION);
}

export function parseXmlToolCalls(text: string, tools: ToolDefinition[] = []): ToolCallsResult {
  const start = xmlToolSectionStart(text);
  if (start === -1) return { content: text === '' ? null : text, toolCalls: [], closed: true, errors: [] };
  const content = text.slice(0, start);
  const { blocks, closed } = splitBlocks(text);
  const toolCalls: ParsedToolCall[] = [];
  const errors: string[] = [];
  for (const block of blocks) {
    const call = parseFunction(block, tools, errors);
    if (call) toolCalls.push(call);
  }
  return { content: content === '' ? null : content, toolCalls, closed, errors };
}

/** `<tool_call>` blocks, each ending at a `</tool_call>` followed by only whitespace or another block. */
function splitBlocks(text: string): { blocks: string[]; closed: boolean } {
  let open = text.indexOf(OPEN);
  if (open === -1) return { blocks: [text], closed: true };
  const blocks: string[] = [];
  while (open !== -1) {
    const bodyStart = open + OPEN.length;
    let search = bodyStart;
    let found = false;
    for (;;) {
      const close = text.indexOf(CLOSE, search);
      if (close === -1) break;
      const next = skipWhitespace(text, close + CLOSE.length);
      if (next === text.length || text.startsWith(OPEN, next)) {
        blocks.push(text.slice(bodyStart, close));
        open = next === text.length ? -1 : next;
        found = true;
        break;
      }
      search = close + 1;
    }
    if (!found) {
      blocks.push(text.slice(bodyStart));
      return { blocks, closed: false };
    }
  }
  return { blocks, closed: true };
}

function skipWhitespace(text: string, pos: number): number {
  while (pos < text.length && /\s/.test(text[pos])) pos++;
  return pos;
}

function parseFunction(block: string, tools: ToolDefinition[], errors: string[]): ParsedToolCall | null {
  const fnStart = block.indexOf(FUNCTION);
  if (fnStart === -1) {
    errors.push('a <tool_call> block has no <function=…>');
    return null;
  }
  const nameEnd = block.indexOf('>', fnStart + FUNCTION.length);
  const name = nameEnd === -1 ? '' : block.slice(fnStart + FUNCTION.length, nameEnd);
  // An unrendered `<function={{ name }}>` or a broken tag must not become a phantom call.
  if (name === '' || /[{}<>"'\s]/.test(name)) {
    errors.push(`invalid function name ${JSON.stringify(name)}`);
    return null;
  }
  const schema = tools.find((t) => t.function.name === name)?.function.parameters;
  const known = schema?.properties ? new Set(Object.keys(schema.properties)) : undefined;
  const body = block.slice(nameEnd + 1);
  const bodyEnd = structuralFunctionEnd(body);
  const raw = readParameters(body, bodyEnd, known);
  const args: Record<string, unknown> = {};
  for (const [param, value] of raw) args[param] = convertValue(value, schema?.properties?.[param]);
  if (tools.length > 0 && !schema) errors.push(`call to unknown tool ${JSON.stringify(name)}`);
  return { name, arguments: args };
}

/** The `</function>` followed only by whitespace, `</tool_call>` or the end; else the end of the body. */
function structuralFunctionEnd(body: string): number {
  let search = 0;
  for (;;) {
    const at = body.indexOf(END_FUNCTION, search);
    if (at === -1) return body.length;
    const next = skipWhitespace(body, at + END_FUNCTION.length);
    if (next === body.length || body.startsWith(CLOSE, next)) return at;
    search = at + 1;
  }
}

/** Positions of `<parameter=` that start a line (or the body). */
function parameterOpenings(body: string, from: number, to: number): number[] {
  const out: number[] = [];
  let at = body.indexOf(PARAMETER, from);
  while (at !== -1 && at < to) {
    if (at === 0 || body[at - 1] === '\n') out.push(at);
    at = body.indexOf(PARAMETER, at + 1);
  }
  return out;
}

function readParameters(body: string, end: number, known: Set<string> | undefined): [string, string][] {
  const params: [string, string][] = [];
  const seen = new Set<string>();
  let pos = 0;
  for (;;) {
    const open = parameterOpenings(body, pos, end)[0];
    if (open === undefined) return params;
    const nameEnd = body.indexOf('>', open + PARAMETER.length);
    if (nameEnd === -1 || nameEnd >= end) return params;
    const name = body.slice(open + PARAMETER.length, nameEnd);
    seen.add(name);
    const valueStart = nameEnd + 1;
    const { valueEnd, next } = findValueEnd(body, valueStart, end, known, seen);
    params.push([name, stripOneNewline(body.slice(valueStart, valueEnd))]);
    pos = next;
  }
}

/** Is `pos` (after optional whitespace) a parameter opening the schema knows, or the end of the call? */
function isStructuralAfterClose(
  body: string,
  pos: number,
  end: number,
  known: Set<string> | undefined,
): boolean {
  const next = skipWhitespace(body, pos);
  if (next >= end || body.startsWith(END_FUNCTION, next) || body.startsWith(CLOSE, next)) return true;
  if (!body.startsWith(PARAMETER, next)) return false;
  if (!known) return true;
  const nameEnd = body.indexOf('>', next + PARAMETER.length);
  return nameEnd !== -1 && known.has(body.slice(next + PARAMETER.length, nameEnd));
}

function findValueEnd(
  body: string,
  start: number,
  end: number,
  known: Set<string> | undefined,
  seen: Set<string>,
): { valueEnd: number; next: number } {
  let pos = start;
  for (;;) {
    const close = body.indexOf(END_PARAMETER, pos);
    if (close === -1 || close >= end) break;
    if (isStructuralAfterClose(body, close + END_PARAMETER.length, end, known)) {
      return { valueEnd: close, next: close + END_PARAMETER.length };
    }
    pos = close + END_PARAMETER.length;
  }
  // No closing tag: the next line-start opening of a known, unseen parameter ends the value.
  for (const open of parameterOpenings(body, start, end)) {
    const nameEnd = body.indexOf('>', open + PARAMETER.length);
    const name = nameEnd === -1 ? '' : body.slice(open + PARAMETER.length, nameEnd);
    if ((!known || known.has(name)) && !seen.has(name)) return { valueEnd: open, next: open };
  }
  return { valueEnd: end, next: end };
}

function stripOneNewline(value: string): string {
  let out = value.startsWith('\n') ? value.slice(1) : value;
  if (out.endsWith('\n')) out = out.slice(0, -1);
  return out;
}

/** The schema type of a parameter: its `type`, or the first non-null type of an `anyOf`. */
function schemaType(schema: JsonSchema | undefined): { type: string | undefined; nullable: boolean } {
  if (!schema) return { type: undefined, nullable: false };
  const types: string[] = [];
  if (typeof schema.type === 'string') types.push(schema.type);
  else if (Array.isArray(schema.type)) types.push(...schema.type);
  for (const option of schema.anyOf ?? []) {
    if (typeof option.type === 'string') types.push(option.type);
  }
  const nonNull = types.find((t) => t !== 'null');
  return { type: nonNull?.toLowerCase(), nullable: types.includes('null') };
}

/** Converts a raw parameter value by its schema type, as qwen3_coder does; unknown parameters stay strings. */
export function convertValue(raw: string, schema: JsonSchema | undefined): unknown {
  if (!schema) return raw;
  const { type, nullable } = schemaType(schema);
  const isNullText = raw.toLowerCase() === 'null' || raw === 'None';
  if (nullable && isNullText) return null;
  if (type === undefined) return raw;
  if (['string', 'str', 'text', 'varchar', 'char', 'enum'].includes(type)) return raw;
  if (isNullText) return null;
  if (/^(int|uint|long|short|unsigned)/.test(type)) {
    return /^\s*[+-]?\d+(_\d+)*\s*$/.test(raw) ? Number(raw.replace(/_/g, '')) : raw;
  }
  if (/^(num|float)/.test(type)) {
    const value = Number(raw.trim());
    return raw.trim() !== '' && Number.isFinite(value) ? value : raw;
  }
  if (['boolean', 'bool', 'binary'].includes(type)) return raw.toLowerCase() === 'true';
  if (/^(object|array|dict|list)/.test(type)) {
    try {
      const parsed = JSON.parse(raw);
      if (typeof parsed !== 'string') return parsed;
      const literal = parsePythonLiteral(parsed);
      return literal === undefined ? parsed : literal;
    } catch {
      const literal = parsePythonLiteral(raw);
      return literal === undefined ? raw : literal;
    }
  }
  return raw;
}
