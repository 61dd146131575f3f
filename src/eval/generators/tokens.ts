/**
 * Generation on token ids, shared by completion mode and StepEngines: render the conversation with
 * Cascade's chat template, sample ids, decode them and parse reasoning and tool calls the way vLLM's
 * parsers would. The chat family decides both the template and the parser.
 */
import { parse, renderTokens } from '../../chat/index.ts';
import type { ChatFamily, ToolCall } from '../../core/messages.ts';
import type { GeneratedCompletion, GenerationRequest } from '../generator.ts';

/** The tokenizer the chat module renders with (eval reaches tokenizers only through chat, per design.md). */
export type TextTokenizer = Parameters<typeof renderTokens>[1];

/** Prompt ids: the conversation rendered up to the opening of the assistant turn. */
export function promptIds(
  family: ChatFamily,
  tokenizer: TextTokenizer,
  request: GenerationRequest,
): number[] {
  return renderTokens(family, tokenizer, request.messages, {
    mode: request.mode,
    tools: request.tools,
    addGenerationPrompt: true,
  }).ids;
}

/** The ids that end an assistant turn: the tokenizer's EOS and `<|im_end|>`. */
export function stopTokenIds(tokenizer: TextTokenizer): number[] {
  const ids = new Set<number>([tokenizer.eosTokenId]);
  const imEnd = tokenizer.tokenId('<|im_end|>');
  if (imEnd !== undefined) ids.add(imEnd);
  return [...ids];
}

/** Sampled ids → text → reasoning, answer, tool calls. */
export function decodeCompletion(
  family: ChatFamily,
  tokenizer: TextTokenizer,
  request: GenerationRequest,
  tokens: number[],
  finishReason: string,
): GeneratedCompletion {
  const stops = new Set(stopTokenIds(tokenizer));
  const body = tokens.length > 0 && stops.has(tokens[tokens.length - 1]) ? tokens.slice(0, -1) : tokens;
  const text = tokenizer.decode(body);
  const parsed = parse(text, { family, mode: request.mode, tools: request.tools });
  const toolCalls: ToolCall[] = parsed.toolCalls.map((call) => ({
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  }));
  return {
    text,
    reasoning: parsed.reasoning,
    content: parsed.content,
    toolCalls,
    finishReason: toolCalls.length > 0 && finishReason === 'stop' ? 'tool_calls' : finishReason,
    tokens,
  };
}
