/**
 * The official Qwen3 template rendered with @huggingface/jinja. Tool-call arguments are serialised
 * here, Python-style, before the template sees them, because the JS `tojson` and `|string` differ
 * from Python's (ecosystem §2.4) and token-exact data must match what Hugging Face renders.
 */
import { Template } from '@huggingface/jinja';
import type { Message } from '../core/messages.ts';
import { normalizeToolCall } from './conversation.ts';
import { pythonJsonDumps } from './python-format.ts';
import type { RenderOptions } from './render-options.ts';
import { QWEN3_CHAT_TEMPLATE } from './templates/qwen3.ts';

let compiled: Template | undefined;

export function renderQwen3(messages: Message[], options: RenderOptions = {}): string {
  compiled ??= new Template(QWEN3_CHAT_TEMPLATE);
  const prepared = messages.map((message, index) => prepareMessage(message, index));
  const context: Record<string, unknown> = {
    messages: prepared,
    add_generation_prompt: options.addGenerationPrompt ?? false,
    enable_thinking: (options.mode ?? 'think') === 'think',
  };
  if (options.tools && options.tools.length > 0) context.tools = options.tools;
  return compiled.render(context);
}

function prepareMessage(message: Message, index: number): Record<string, unknown> {
  const out: Record<string, unknown> = { role: message.role, content: message.content ?? '' };
  if (typeof message.reasoning_content === 'string') out.reasoning_content = message.reasoning_content;
  if (message.tool_calls && message.tool_calls.length > 0) {
    out.tool_calls = message.tool_calls.map((call, callIndex) => {
      const {
        name,
        arguments: args,
        argumentsText,
      } = normalizeToolCall(call, `message ${index}, tool call ${callIndex}`);
      return { type: 'function', function: { name, arguments: argumentsText ?? pythonJsonDumps(args) } };
    });
  }
  return out;
}
