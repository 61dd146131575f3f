/** What every handler needs to know about the model it serves, and ids for responses. */
import { randomBytes } from 'node:crypto';
import type { ChatFamily } from '../../core/messages.ts';
import type { TextTokenizer } from '../../tokenizer/index.ts';

export interface ServeContext {
  /** The name clients pass as `model`. */
  modelId: string;
  family: ChatFamily;
  tokenizer: TextTokenizer;
  /** Longest prompt + completion (read per request: a reload may change it). */
  maxContext(): number;
  /** Ids accepted in token prompts (the model's vocabulary). */
  vocabSize(): number;
}

/** The ids that end an assistant turn: the tokenizer's EOS and `<|im_end|>` (vLLM: generation_config's eos). */
export function turnStopIds(tokenizer: TextTokenizer): number[] {
  const ids = new Set<number>([tokenizer.eosTokenId]);
  const imEnd = tokenizer.tokenId('<|im_end|>');
  if (imEnd !== undefined) ids.add(imEnd);
  return [...ids];
}

export function responseId(prefix: string): string {
  return `${prefix}-${randomBytes(12).toString('hex')}`;
}

/** vLLM names tool calls `chatcmpl-tool-<hex>`; OpenAI `call_<hex>`. Clients treat them as opaque. */
export function toolCallId(): string {
  return `call_${randomBytes(12).toString('hex')}`;
}

export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
