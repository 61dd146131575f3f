/** One entry point for every chat family: validate, then render with the family's template. */
import type { ChatFamily, Message } from '../core/messages.ts';
import { renderCascadeV1 } from './cascade-v1.ts';
import { renderCascadeV2 } from './cascade-v2.ts';
import { validateConversation, validateTools } from './conversation.ts';
import { renderQwen3 } from './qwen3.ts';
import type { RenderOptions } from './render-options.ts';

export const CHAT_FAMILIES: readonly ChatFamily[] = ['cascade-v1', 'cascade-v2', 'qwen3'];

const RENDERERS: Record<ChatFamily, (messages: Message[], options: RenderOptions) => string> = {
  'cascade-v1': renderCascadeV1,
  'cascade-v2': renderCascadeV2,
  qwen3: renderQwen3,
};

/** Renders a conversation to the exact prompt text the family's models were trained on. */
export function render(family: ChatFamily, messages: unknown, options: RenderOptions = {}): string {
  const valid = validateConversation(messages, options.addGenerationPrompt ?? false);
  const tools = validateTools(options.tools);
  return RENDERERS[family](valid, { ...options, tools });
}
