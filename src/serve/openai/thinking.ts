/**
 * Which mode a chat request asks for. `chat_template_kwargs.enable_thinking` decides when given (as
 * in vLLM, where the template reads it); otherwise the last `/think` or `/no_think` flag written in a
 * system or user message does (Qwen3's soft switch, Cascade-1's flags); otherwise thinking.
 */
import type { ChatMode } from '../../core/messages.ts';

const FLAG = /(^|\s)\/(no_think|think)(?=\s|$)/g;

export function thinkingMode(
  messages: readonly { role: string; content?: unknown }[],
  enableThinking: boolean | null | undefined,
): ChatMode {
  if (typeof enableThinking === 'boolean') return enableThinking ? 'think' : 'no_think';
  let mode: ChatMode = 'think';
  for (const message of messages) {
    if ((message.role !== 'user' && message.role !== 'system') || typeof message.content !== 'string')
      continue;
    for (const match of message.content.matchAll(FLAG)) mode = match[2] === 'think' ? 'think' : 'no_think';
  }
  return mode;
}
