/**
 * Nemotron-Cascade-2-30B-A3B (Nemotron-3-Nano family): ChatML without mode flags (paper-spec §2.4, §6.2).
 * - The generation prompt opens `<think>\n` (thinking) or prefills `<think></think>` (instruct).
 * - Every assistant turn starts with a think block; turns before the last user message keep only
 *   `<think></think>` + their final answer.
 * - Tools are declared in XML; calls are `<tool_call><function=NAME><parameter=P>…` blocks.
 * - There is no tool role in the prompt: tool results go in a user turn of `<tool_response>` blocks.
 * Follows the reference Nemotron-3-Nano-style template, checked against the model card's examples.
 */
import type { JsonSchema, Message, ToolDefinition } from '../core/messages.ts';
import { normalizeToolCall } from './conversation.ts';
import { pythonJsonDumps, pythonStr } from './python-format.ts';
import type { RenderOptions } from './render-options.ts';

const TOOL_CALL_FORMAT =
  '\n\nIf you choose to call a function ONLY reply in the following format with NO suffix:\n\n<tool_call>\n<function=example_function_name>\n<parameter=example_parameter_1>\nvalue_1\n</parameter>\n<parameter=example_parameter_2>\nThis is the value for the second parameter\nthat can span\nmultiple lines\n</parameter>\n</function>\n</tool_call>\n\n<IMPORTANT>\nReminder:\n- Function calls MUST follow the specified format: an inner <function=...></function> block must be nested within <tool_call></tool_call> XML tags\n- Required parameters MUST be specified\n- You may provide optional reasoning for your function call in natural language BEFORE the function call, but NOT after\n- If there is no function call available, answer the question like normal with your current knowledge and do not tell the user about function calls\n</IMPORTANT>';

export function renderCascadeV2(messages: Message[], options: RenderOptions = {}): string {
  const tools = options.tools ?? [];
  const hasSystem = messages[0]?.role === 'system';
  const system = hasSystem ? (messages[0].content ?? '') : '';
  const turns = hasSystem ? messages.slice(1) : messages;
  let lastUserIndex = -1;
  turns.forEach((m, i) => {
    if (m.role === 'user') lastUserIndex = i;
  });

  let out = `<|im_start|>system\n${system}`;
  if (tools.length > 0) out += `${system.length > 0 ? '\n\n' : ''}${renderToolDeclarations(tools)}`;
  out += '<|im_end|>\n';

  turns.forEach((message, index) => {
    const where = `message ${hasSystem ? index + 1 : index}`;
    if (message.role === 'assistant') {
      out += renderAssistant(message, index < lastUserIndex, where);
    } else if (message.role === 'tool') {
      if (index > 0 && turns[index - 1].role !== 'tool') out += '<|im_start|>user\n';
      out += `<tool_response>\n${message.content}\n</tool_response>\n`;
      if (index === turns.length - 1 || turns[index + 1].role !== 'tool') out += '<|im_end|>\n';
    } else {
      out += `<|im_start|>${message.role}\n${message.content}<|im_end|>\n`;
    }
  });
  if (options.addGenerationPrompt) {
    out +=
      (options.mode ?? 'think') === 'think'
        ? '<|im_start|>assistant\n<think>\n'
        : '<|im_start|>assistant\n<think></think>';
  }
  return out;
}

function renderAssistant(message: Message, isHistory: boolean, where: string): string {
  let content = message.content ?? '';
  const reasoning = message.reasoning_content;
  if (typeof reasoning === 'string' && reasoning.trim().length > 0) {
    content = `<think>\n${reasoning}</think>${content}`;
  } else if (!content.includes('<think>') && !content.includes('</think>')) {
    content = `<think></think>${content}`;
  }
  const calls = message.tool_calls ?? [];
  if (calls.length === 0) {
    if (!isHistory) return `<|im_start|>assistant\n${pyStrip(content)}<|im_end|>\n`;
    let summary = content;
    if (summary.includes('<think>') && summary.includes('</think>')) {
      summary = `<think></think>${lastAfter(summary, '</think>')}`;
    }
    return `<|im_start|>assistant\n${pyStrip(summary)}<|im_end|>\n`;
  }
  let out = '<|im_start|>assistant\n';
  if (pyStrip(content).length > 0) {
    if (!isHistory) {
      out += `${pyStrip(content)}\n`;
    } else {
      let summary = content;
      if (summary.includes('</think>')) summary = lastAfter(summary, '</think>');
      else if (summary.includes('<think>')) summary = summary.split('<think>')[0];
      out += `<think></think>${summary}\n`;
    }
  } else {
    out += '<think></think>';
  }
  calls.forEach((call, callIndex) => {
    const { name, arguments: args } = normalizeToolCall(call, `${where}, tool call ${callIndex}`);
    out += `<tool_call>\n<function=${name}>\n`;
    for (const [param, value] of Object.entries(args)) {
      const text = typeof value === 'object' && value !== null ? pythonJsonDumps(value) : pythonStr(value);
      out += `<parameter=${param}>\n${text}\n</parameter>\n`;
    }
    out += '</function>\n</tool_call>\n';
  });
  return `${out}<|im_end|>\n`;
}

function renderToolDeclarations(tools: ToolDefinition[]): string {
  let out = '# Tools\n\nYou have access to the following functions:\n\n<tools>';
  for (const tool of tools) {
    const fn = tool.function;
    out += `\n<function>\n<name>${fn.name}</name>`;
    if (fn.description !== undefined)
      out += `\n<description>${pyStrip(pythonStr(fn.description))}</description>`;
    out += '\n<parameters>';
    const parameters = fn.parameters;
    if (isMapping(parameters) && isMapping(parameters.properties)) {
      for (const [name, field] of Object.entries(parameters.properties as Record<string, JsonSchema>)) {
        out += `\n<parameter>\n<name>${name}</name>`;
        if (field.type !== undefined) out += `\n<type>${pythonStr(field.type)}</type>`;
        if (field.description !== undefined) {
          out += `\n<description>${pyStrip(pythonStr(field.description))}</description>`;
        }
        if (field.enum !== undefined) out += `\n<enum>${pythonJsonDumps(field.enum)}</enum>`;
        out += renderExtraKeys(field, ['name', 'type', 'description', 'enum']);
        out += '\n</parameter>';
      }
    }
    out += renderExtraKeys(parameters, ['type', 'properties', 'required']);
    if (isMapping(parameters) && parameters.required !== undefined) {
      out += `\n<required>${pythonJsonDumps(parameters.required)}</required>`;
    }
    out += '\n</parameters>';
    out += renderExtraKeys(fn, ['type', 'name', 'description', 'parameters']);
    out += '\n</function>';
  }
  return `${out}\n</tools>${TOOL_CALL_FORMAT}`;
}

/** Keys the template does not handle by name, rendered as `<key>value</key>` (JSON for containers). */
function renderExtraKeys(dict: unknown, handled: string[]): string {
  if (!isMapping(dict)) return '';
  let out = '';
  for (const [key, value] of Object.entries(dict)) {
    if (handled.includes(key)) continue;
    const text = typeof value === 'object' && value !== null ? pythonJsonDumps(value) : pythonStr(value);
    out += `\n<${key}>${text}</${key}>`;
  }
  return out;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lastAfter(text: string, marker: string): string {
  const parts = text.split(marker);
  return parts[parts.length - 1];
}

/** Python's `str.strip()` (jinja's `trim`): whitespace at both ends. */
function pyStrip(text: string): string {
  return text.replace(/^\s+|\s+$/g, '');
}
