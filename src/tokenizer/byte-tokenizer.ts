/**
 * A byte-level tokenizer for tiny models: ids 0–255 are the UTF-8 bytes 0–255, and the chat special
 * tokens get one id each from 256 on. Any text encodes (no unknown token) and valid UTF-8 decodes
 * back exactly. `byte-tokenizer-files.ts` writes it as a tokenizer.json that Hugging Face reads with
 * the same ids. It does not merge bytes (no BPE merges), so sequences are long: one id per byte.
 */
import { byteLevelAlphabet } from './byte-alphabet.ts';
import { specialTokenSplitter } from './special-split.ts';
import { checkIds } from './token-ids.ts';
import type { DecodeOptions, TextTokenizer } from './tokenizer.ts';

export interface ByteSpecialToken {
  content: string;
  /** As in Qwen3: true for the `<|...|>` control tokens (dropped by skipSpecialTokens), false for the tags. */
  special: boolean;
}

/** The special tokens in id order: entry i has id 256 + i. Do not reorder: saved models depend on it. */
export const BYTE_SPECIAL_TOKENS: readonly ByteSpecialToken[] = [
  { content: '<|endoftext|>', special: true }, // 256
  { content: '<|im_start|>', special: true }, // 257
  { content: '<|im_end|>', special: true }, // 258
  { content: '<think>', special: false }, // 259
  { content: '</think>', special: false }, // 260
  { content: '<tool_call>', special: false }, // 261
  { content: '</tool_call>', special: false }, // 262
  { content: '<tool_response>', special: false }, // 263
  { content: '</tool_response>', special: false }, // 264
];

export const BYTE_TOKEN_COUNT = 256;
export const BYTE_VOCAB_SIZE = BYTE_TOKEN_COUNT + BYTE_SPECIAL_TOKENS.length;
/** A chat model ends its turn with `<|im_end|>`, as Qwen3 instruct models do. */
export const BYTE_EOS_TOKEN = '<|im_end|>';
/** Padding uses `<|endoftext|>`, as Qwen3 does. */
export const BYTE_PAD_TOKEN = '<|endoftext|>';

export function createByteTokenizer(): TextTokenizer {
  const alphabet = byteLevelAlphabet();
  const specialTokens: Record<string, number> = {};
  BYTE_SPECIAL_TOKENS.forEach((token, i) => {
    specialTokens[token.content] = BYTE_TOKEN_COUNT + i;
  });
  const idsByToken = new Map<string, number>(alphabet.map((char, byte) => [char, byte]));
  for (const [content, id] of Object.entries(specialTokens)) idsByToken.set(content, id);
  const split = specialTokenSplitter(BYTE_SPECIAL_TOKENS.map((token) => token.content));
  const utf8 = new TextEncoder();

  function encode(text: string): number[] {
    const ids: number[] = [];
    for (const piece of split(text)) {
      if (piece.special) ids.push(specialTokens[piece.text]);
      else for (const byte of utf8.encode(piece.text)) ids.push(byte);
    }
    return ids;
  }

  function decode(ids: number[], options: DecodeOptions = {}): string {
    checkIds(ids, BYTE_VOCAB_SIZE, () => true, 'byte tokenizer');
    return decodeByteIds(ids, options.skipSpecialTokens ?? false);
  }

  return {
    name: 'byte',
    vocabSize: BYTE_VOCAB_SIZE,
    specialTokens,
    eosTokenId: specialTokens[BYTE_EOS_TOKEN],
    encode,
    decode,
    tokenId: (token) => idsByToken.get(token),
    // Byte ids show as their ByteLevel character, as Hugging Face shows them for the saved tokenizer.json.
    idToToken: (id) =>
      id < BYTE_TOKEN_COUNT ? alphabet[id] : BYTE_SPECIAL_TOKENS[id - BYTE_TOKEN_COUNT]?.content,
  };
}

/**
 * Bytes between added tokens are decoded as UTF-8 run by run. A run that ends inside a multi-byte
 * character (a prefix of a generation) yields U+FFFD for the cut bytes instead of throwing.
 */
function decodeByteIds(ids: readonly number[], skipSpecialTokens: boolean): string {
  const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  const parts: string[] = [];
  let run: number[] = [];
  for (const id of ids) {
    if (id < BYTE_TOKEN_COUNT) {
      run.push(id);
      continue;
    }
    const token = BYTE_SPECIAL_TOKENS[id - BYTE_TOKEN_COUNT];
    // A skipped token is removed before decoding (as Hugging Face does), so bytes around it join up.
    if (skipSpecialTokens && token.special) continue;
    parts.push(utf8.decode(Uint8Array.from(run)), token.content);
    run = [];
  }
  parts.push(utf8.decode(Uint8Array.from(run)));
  return parts.join('');
}
