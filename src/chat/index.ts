export { CASCADE_V1_DEFAULT_SYSTEM } from './cascade-v1.ts';
export {
  normalizeToolCall,
  splitAssistantContent,
  validateConversation,
  validateTools,
} from './conversation.ts';
export { type ParseOptions, parse } from './parse/parse.ts';
export { createStreamParser, type StreamDelta, type StreamParser } from './parse/stream.ts';
export { pythonJsonDumps } from './python-format.ts';
export { CHAT_FAMILIES, render } from './render.ts';
export type { RenderOptions } from './render-options.ts';
export { assistantSpans, type RenderedTokens, renderTokens, type TokenRenderOptions } from './tokens.ts';
