/**
 * Nemotron-Cascade-8B (unified) and -14B-Thinking: Qwen3-style ChatML with the mode flag
 * ` /think` or ` /no_think` appended to user turns (paper-spec §2.2, §6.1).
 * - Instruct turns have no `<think>` block at all; the generation prompt is the same in both modes.
 * - A default system prompt is rendered when the conversation has none (as the model cards show).
 * - History: assistant turns before the last user query keep only their final answer, and earlier
 *   user turns carry ` /no_think`, so history reads as a non-thinking exchange.
 * - Tools are declared in the system prompt as Qwen3 does; calls are JSON inside `<tool_call>`.
 */
import { CascadeError } from '../core/errors.ts';
import type { Message, ToolDefinition } from '../core/messages.ts';
import { lastQueryIndex, normalizeToolCall, splitAssistantContent } from './conversation.ts';
import { pythonJsonDumps } from './python-format.ts';
import type { RenderOptions } from './render-options.ts';

export const CASCADE_V1_DEFAULT_SYSTEM = 'You are a helpful and harmless assistant.';
const THINK_FLAG = ' /think';
const NO_THINK_FLAG = ' /no_think';

export function renderCascadeV1(messages: Message[], options: RenderOptions = {}): string {
  const mode = options.mode ?? 'think';
  const tools = options.tools ?? [];
  const hasSystem = messages[0]?.role === 'system';
  let out = renderSystem(hasSystem ? (messages[0].content ?? '') : CASCADE_V1_DEFAULT_SYSTEM, tools);
  const queryIndex = lastQueryIndex(messages);

  messages.forEach((message, index) => {
    if (index === 0 && hasSystem) return;
    if (message.role === 'system') {
      out += `<|im_start|>system\n${message.content}<|im_end|>\n`;
    } else if (message.role === 'user') {
      out += renderUser(message.content ?? '', index, queryIndex, mode);
    } else if (message.role === 'assistant') {
      out += renderAssistant(message, index, index > queryIndex, index === messages.length - 1, mode);
    } else {
      const previousIsTool = messages[index - 1]?.role === 'tool';
      const nextIsTool = messages[index + 1]?.role === 'tool';
      if (!previousIsTool) out += '<|im_start|>user';
      out += `\n<tool_response>\n${message.content}\n</tool_response>`;
      if (!nextIsTool) out += '<|im_end|>\n';
    }
  });
  if (options.addGenerationPrompt) out += '<|im_start|>assistant\n';
  return out;
}

function renderSystem(system: string, tools: ToolDefinition[]): string {
  if (tools.length === 0) return `<|im_start|>system\n${system}<|im_end|>\n`;
  const signatures = tools.map((tool) => `\n${pythonJsonDumps(tool)}`).join('');
  return (
    `<|im_start|>system\n${system}\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n` +
    `You are provided with function signatures within <tools></tools> XML tags:\n<tools>${signatures}\n</tools>\n\n` +
    'For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n' +
    '<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call><|im_end|>\n'
  );
}

/** A user turn with its mode flag; a flag the user typed at the end is replaced, not doubled. */
function renderUser(content: string, index: number, queryIndex: number, mode: RenderOptions['mode']): string {
  const isToolResponse = content.startsWith('<tool_response>') && content.endsWith('</tool_response>');
  if (index > queryIndex && isToolResponse) return `<|im_start|>user\n${content}<|im_end|>\n`;
  const flag = index === queryIndex && mode === 'think' ? THINK_FLAG : NO_THINK_FLAG;
  return `<|im_start|>user\n${stripModeFlag(content)}${flag}<|im_end|>\n`;
}

export function stripModeFlag(content: string): string {
  for (const flag of [THINK_FLAG, NO_THINK_FLAG, THINK_FLAG.trim(), NO_THINK_FLAG.trim()]) {
    if (content.endsWith(flag)) return content.slice(0, -flag.length).replace(/ +$/, '');
  }
  return content;
}

function renderAssistant(
  message: Message,
  index: number,
  isCurrent: boolean,
  isLast: boolean,
  mode: RenderOptions['mode'],
): string {
  const { reasoning, content } = splitAssistantContent(message);
  let out = '<|im_start|>assistant\n';
  // As Qwen3: a current turn shows its think block when it has reasoning or is the turn being written.
  if (isCurrent && mode === 'think' && (isLast || reasoning !== '')) {
    out += `<think>\n${reasoning.replace(/^\n+|\n+$/g, '')}\n</think>\n\n${content.replace(/^\n+/, '')}`;
  } else {
    if (isCurrent && mode === 'no_think' && reasoning.trim() !== '') {
      throw new CascadeError(
        'bad_message',
        'has reasoning but the mode is no_think (instruct turns of cascade-v1 have no think block)',
        { where: `message ${index}` },
      );
    }
    out += content;
  }
  (message.tool_calls ?? []).forEach((call, callIndex) => {
    const {
      name,
      arguments: args,
      argumentsText,
    } = normalizeToolCall(call, `message ${index}, tool call ${callIndex}`);
    if (callIndex > 0 || content !== '') out += '\n';
    out += `<tool_call>\n{"name": "${name}", "arguments": ${argumentsText ?? pythonJsonDumps(args)}}\n</tool_call>`;
  });
  return `${out}<|im_end|>\n`;
}
