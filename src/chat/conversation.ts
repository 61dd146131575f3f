/**
 * Checks a conversation before any template sees it, so bad input gets an error that names the
 * message index and the problem, and renderers can assume well-formed messages.
 */
import { CascadeError } from '../core/errors.ts';
import type { Message, ToolDefinition } from '../core/messages.ts';

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);
/** Text that would be tokenized as a turn boundary; in message content it would forge a turn. */
const TURN_TOKENS = ['<|im_start|>', '<|im_end|>', '<|endoftext|>'];

/** A tool call with its arguments parsed, and the original JSON text when it came as a string. */
export interface NormalizedToolCall {
  name: string;
  arguments: Record<string, unknown>;
  argumentsText?: string;
}

export function validateConversation(input: unknown, addGenerationPrompt: boolean): Message[] {
  if (!Array.isArray(input))
    throw new CascadeError('bad_conversation', 'a conversation must be an array of messages');
  if (input.length === 0) throw new CascadeError('bad_conversation', 'the conversation has no messages');
  input.forEach((message, index) => {
    validateMessage(message, index);
  });
  const messages = input as Message[];
  const last = messages[messages.length - 1];
  if (addGenerationPrompt && last.role === 'assistant') {
    throw new CascadeError(
      'bad_conversation',
      'the conversation ends with an assistant turn but a generation prompt was requested (drop the last turn or render without --generation-prompt)',
      { where: `message ${messages.length - 1}` },
    );
  }
  return messages;
}

function validateMessage(message: unknown, index: number): void {
  const where = `message ${index}`;
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    throw new CascadeError('bad_message', 'must be an object with a role and content', { where });
  }
  const m = message as Record<string, unknown>;
  if (typeof m.role !== 'string' || !ROLES.has(m.role)) {
    throw new CascadeError(
      'bad_message',
      `unknown role ${JSON.stringify(m.role)} (expected system, user, assistant or tool)`,
      {
        where,
      },
    );
  }
  const hasToolCalls = Array.isArray(m.tool_calls) && m.tool_calls.length > 0;
  if (m.content !== null && m.content !== undefined && typeof m.content !== 'string') {
    throw new CascadeError('bad_message', 'content must be a string (content parts are not supported)', {
      where,
    });
  }
  if ((m.content === null || m.content === undefined) && !(m.role === 'assistant' && hasToolCalls)) {
    throw new CascadeError('bad_message', `a ${m.role} message needs string content`, { where });
  }
  if (
    m.reasoning_content !== undefined &&
    m.reasoning_content !== null &&
    typeof m.reasoning_content !== 'string'
  ) {
    throw new CascadeError('bad_message', 'reasoning_content must be a string', { where });
  }
  for (const field of ['content', 'reasoning_content'] as const) {
    const text = m[field];
    if (typeof text !== 'string') continue;
    const token = TURN_TOKENS.find((t) => text.includes(t));
    if (token)
      throw new CascadeError('bad_message', `${field} contains the special token ${token}`, { where });
  }
  if (m.tool_calls !== undefined && m.tool_calls !== null) {
    if (m.role !== 'assistant')
      throw new CascadeError('bad_message', 'only assistant messages have tool_calls', { where });
    if (!Array.isArray(m.tool_calls))
      throw new CascadeError('bad_message', 'tool_calls must be an array', { where });
    m.tool_calls.forEach((call, callIndex) => {
      normalizeToolCall(call, `${where}, tool call ${callIndex}`);
    });
  }
}

/** The name and parsed arguments of an OpenAI-shaped tool call (`{function: {name, arguments}}` or flat). */
export function normalizeToolCall(call: unknown, where: string): NormalizedToolCall {
  if (typeof call !== 'object' || call === null)
    throw new CascadeError('bad_tool_call', 'must be an object', { where });
  const outer = call as Record<string, unknown>;
  const fn = (
    typeof outer.function === 'object' && outer.function !== null ? outer.function : outer
  ) as Record<string, unknown>;
  if (typeof fn.name !== 'string' || fn.name.trim() === '') {
    throw new CascadeError('bad_tool_call', 'the tool call has no function name', { where });
  }
  const raw = fn.arguments ?? {};
  if (typeof raw === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new CascadeError('bad_tool_call', `arguments are not valid JSON: ${(error as Error).message}`, {
        where,
      });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new CascadeError('bad_tool_call', 'arguments must be a JSON object', { where });
    }
    return { name: fn.name, arguments: parsed as Record<string, unknown>, argumentsText: raw };
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new CascadeError('bad_tool_call', 'arguments must be an object or a JSON string of one', { where });
  }
  return { name: fn.name, arguments: raw as Record<string, unknown> };
}

export function validateTools(input: unknown): ToolDefinition[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) throw new CascadeError('bad_tools', 'tools must be an array');
  return input.map((tool, index) => {
    const where = `tool ${index}`;
    if (typeof tool !== 'object' || tool === null)
      throw new CascadeError('bad_tools', 'must be an object', { where });
    const t = tool as Record<string, unknown>;
    const fn = (t.function ?? t) as Record<string, unknown>;
    if (typeof fn.name !== 'string' || fn.name === '')
      throw new CascadeError('bad_tools', 'has no function name', { where });
    return t.function
      ? (t as unknown as ToolDefinition)
      : ({ type: 'function', function: fn } as ToolDefinition);
  });
}

/**
 * Reasoning and answer of an assistant message as the Qwen3 template reads them:
 * `reasoning_content` when given, else the text around `</think>` in `content`.
 */
export function splitAssistantContent(message: Message): { reasoning: string; content: string } {
  const content = message.content ?? '';
  if (typeof message.reasoning_content === 'string') return { reasoning: message.reasoning_content, content };
  if (!content.includes('</think>')) return { reasoning: '', content };
  const parts = content.split('</think>');
  const before = parts[0].replace(/\n+$/, '').split('<think>');
  return {
    reasoning: before[before.length - 1].replace(/^\n+/, ''),
    content: parts[parts.length - 1].replace(/^\n+/, ''),
  };
}

/** Index of the last user message that is a real query (not a wrapped tool response), as Qwen3 finds it. */
export function lastQueryIndex(messages: Message[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role !== 'user') continue;
    const text = m.content ?? '';
    if (!(text.startsWith('<tool_response>') && text.endsWith('</tool_response>'))) return i;
  }
  return messages.length - 1;
}
