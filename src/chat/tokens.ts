/**
 * Render → token ids plus the loss mask of the tokens the model wrote. The whole conversation is
 * rendered and tokenized once; the assistant spans are found in the rendered text and mapped onto
 * the token stream by byte offsets. Nothing is re-rendered by prefix, which would break wherever a
 * history rule rewrites earlier turns.
 */
import { CascadeError } from '../core/errors.ts';
import type { ChatFamily, ChatMode } from '../core/messages.ts';
import { byteLevelAlphabet, type TextTokenizer } from '../tokenizer/index.ts';
import { render } from './render.ts';
import type { RenderOptions } from './render-options.ts';

export interface RenderedTokens {
  text: string;
  ids: number[];
  /** 1 for tokens the model generated (assistant text and its `<|im_end|>`), 0 for the prompt. */
  lossMask: Uint8Array;
}

export interface TokenRenderOptions extends RenderOptions {
  /** Which assistant turns count as model output: all of them (default) or only the last. */
  trainOn?: 'all' | 'last';
}

const ASSISTANT_HEADER = '<|im_start|>assistant\n';
const TURN_END = '<|im_end|>';

/** Text a template writes into an assistant turn before the model's own words, per family. */
function prefills(family: ChatFamily, mode: ChatMode): string[] {
  if (family === 'cascade-v2') return ['<think></think>', '<think>\n'];
  if (family === 'qwen3' && mode === 'no_think') return ['<think>\n\n</think>\n\n'];
  return [];
}

/** Character ranges [start, end) of model-written text in a rendered conversation. */
export function assistantSpans(
  text: string,
  family: ChatFamily,
  mode: ChatMode = 'think',
): [number, number][] {
  const spans: [number, number][] = [];
  let at = text.indexOf(ASSISTANT_HEADER);
  while (at !== -1) {
    let start = at + ASSISTANT_HEADER.length;
    const prefill = prefills(family, mode).find((p) => text.startsWith(p, start));
    if (prefill) start += prefill.length;
    const close = text.indexOf(TURN_END, start);
    const end = close === -1 ? text.length : close + TURN_END.length;
    if (end > start) spans.push([start, end]);
    at = text.indexOf(ASSISTANT_HEADER, end);
  }
  return spans;
}

/** UTF-8 byte length of every token, from its vocabulary string (ByteLevel alphabet) or added-token text. */
export function tokenByteLengths(tokenizer: TextTokenizer, ids: number[]): number[] {
  const byteOf = new Map(byteLevelAlphabet().map((ch, byte) => [ch, byte]));
  const added = new Set(Object.values(tokenizer.specialTokens));
  return ids.map((id) => {
    const token = tokenizer.idToToken(id);
    if (token === undefined) throw new CascadeError('bad_token', `token id ${id} is not in the vocabulary`);
    if (added.has(id)) return Buffer.byteLength(token, 'utf8');
    let bytes = 0;
    for (const ch of token) {
      if (!byteOf.has(ch)) return Buffer.byteLength(token, 'utf8');
      bytes++;
    }
    return bytes;
  });
}

export function renderTokens(
  family: ChatFamily,
  tokenizer: TextTokenizer,
  messages: unknown,
  options: TokenRenderOptions = {},
): RenderedTokens {
  const text = render(family, messages, options);
  const ids = tokenizer.encode(text);
  let spans = assistantSpans(text, family, options.mode ?? 'think');
  if (options.trainOn === 'last') spans = spans.slice(-1);
  const byteSpans = spans.map(([s, e]) => [
    Buffer.byteLength(text.slice(0, s)),
    Buffer.byteLength(text.slice(0, e)),
  ]);
  const lengths = tokenByteLengths(tokenizer, ids);
  const total = lengths.reduce((a, b) => a + b, 0);
  if (total !== Buffer.byteLength(text)) {
    throw new CascadeError(
      'tokenizer_mismatch',
      `tokens cover ${total} bytes but the text has ${Buffer.byteLength(text)}`,
    );
  }
  const lossMask = new Uint8Array(ids.length);
  let offset = 0;
  let span = 0;
  for (let i = 0; i < ids.length; i++) {
    while (span < byteSpans.length && offset >= byteSpans[span][1]) span++;
    if (span < byteSpans.length && offset >= byteSpans[span][0]) lossMask[i] = 1;
    offset += lengths[i];
  }
  return { text, ids, lossMask };
}
