/** Test-only: a fast-check generator of text that is hard on tokenizers. Not exported from index.ts. */
import fc from 'fast-check';
import { BYTE_SPECIAL_TOKENS } from './byte-tokenizer.ts';

const SPECIALS = BYTE_SPECIAL_TOKENS.map((token) => token.content);
/** Pieces that start or end like a special token without being one. */
const NEAR_SPECIALS = [
  '<|im_',
  '<|',
  '|>',
  '<',
  '>',
  '</',
  '<think',
  'think>',
  '<|im_end',
  'tool_call>',
  '<<|im_end|>>',
];
const SAMPLES = [
  '😀',
  '👨‍👩‍👧‍👦',
  '🇯🇵',
  '1️⃣',
  '中文',
  '日本語',
  '한국어',
  'العربية',
  'हिंदी',
  'é',
  'e\u0301',
  '\r\n',
  '\t',
  '  ',
  '\ufeff',
  '\u200b',
  '\ufffd',
];

export function trickyText(): fc.Arbitrary<string> {
  const piece = fc.oneof(
    fc.constantFrom(...SPECIALS),
    fc.constantFrom(...NEAR_SPECIALS),
    fc.constantFrom(...SAMPLES),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.string({ unit: 'binary-ascii', maxLength: 8 }),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
  );
  return fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(''));
}
