import type { ChatMode, ToolDefinition } from '../core/messages.ts';

export interface RenderOptions {
  /** Thinking or instruct; each family expresses it its own way. Default: think. */
  mode?: ChatMode;
  tools?: ToolDefinition[];
  /** End with the opening of the assistant turn the model should write. */
  addGenerationPrompt?: boolean;
}
