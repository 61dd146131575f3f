/**
 * Word counts as IFEval takes them: `RegexpTokenizer(r"\w+")` for `number_words`, and NLTK's
 * `word_tokenize` (Punkt sentences, then the NLTK tokenizer's rules) for `capital_word_frequency`.
 * Only the rules that decide which cased letters share a token are reproduced (splitting off a
 * period or quote never changes whether a token is all capitals), so the capital count matches
 * NLTK while token texts may differ in punctuation.
 */
import { PY_WORD_CLASS } from './python-regex.ts';
import { pyIsUpper, pySplitWhitespace } from './python-string.ts';
import { splitSentences } from './sentences.ts';

const WORD_CHAR = new RegExp(`[${PY_WORD_CLASS}]`, 'u');

/** Whether the code point at `at` is a Python word character; ASCII is decided without a regex. */
function isWordAt(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code < 0x80) {
    return (
      (code >= 0x30 && code <= 0x39) ||
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x61 && code <= 0x7a) ||
      code === 0x5f
    );
  }
  return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(at)!));
}

/** `len(RegexpTokenizer(r"\w+").tokenize(text))`: runs of Unicode word characters. */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // The low half of a surrogate pair belongs to the code point already classified.
    if (code >= 0xdc00 && code <= 0xdfff && i > 0) continue;
    const word = isWordAt(text, i);
    if (word && !inWord) count++;
    inWord = word;
  }
  return count;
}

const W = `[${PY_WORD_CLASS}]`;
const B_START = `(?<!${W})`;
const B_END = `(?!${W})`;

/**
 * NLTK `NLTKWordTokenizer` substitutions that can separate letters. Its rules that only pad a
 * character with spaces commute, so they run as one pass; `:`/`,` split off unless a digit follows.
 */
const PADDED = /[«“‘„»”’"?!;@#$%&*\][(){}<>]|`+|''|\.{2,}|--|[:,](?![\p{Nd}])/gu;
const QUOTE_BEFORE_LETTER = new RegExp(`(')(?!re|ve|ll|m|t|s|d|n)(${W})${B_END}`, 'giu');

/** Clitics split off the end of a word (`IT'S` → `IT` `'S`, `DON'T` → `DO` `N'T`), case as NLTK writes them. */
const ENDING_CLITICS = [/([^' ])('[sS]|'[mM]|'[dD]|') /gu, /([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) /gu];

/**
 * Fused words NLTK splits in two (`cannot`, `gonna`, `'tis`…), case-insensitively, with spaces on
 * both sides; each with the lowercase text its second part needs, to skip a regex that cannot match.
 */
const FUSED_WORDS: [string, RegExp][] = [
  ['not', new RegExp(`${B_START}(can)(not)${B_END}`, 'giu')],
  ["'ye", new RegExp(`${B_START}(d)('ye)${B_END}`, 'giu')],
  ['me', new RegExp(`${B_START}(gim)(me)${B_END}`, 'giu')],
  ['na', new RegExp(`${B_START}(gon)(na)${B_END}`, 'giu')],
  ['ta', new RegExp(`${B_START}(got)(ta)${B_END}`, 'giu')],
  ['me', new RegExp(`${B_START}(lem)(me)${B_END}`, 'giu')],
  ["'n", new RegExp(`${B_START}(more)('n)${B_END}`, 'giu')],
  ['na', new RegExp(`${B_START}(wan)(na)(?=\\s)`, 'giu')],
  ["'t", new RegExp(` ('t)(is)${B_END}`, 'giu')],
  ["'t", new RegExp(` ('t)(was)${B_END}`, 'giu')],
];

/** Tokens of `nltk.word_tokenize`, exact as to which letters share a token (see the module note). */
export function nltkWordTokens(text: string): string[] {
  return NEEDS_SENTENCES.test(text) ? splitSentences(text).flatMap(sentenceTokens) : sentenceTokens(text);
}

/**
 * Tokenizing sentence by sentence differs from tokenizing the whole text only where a clitic meets
 * a sentence's final period (`IT'S.`) or a sentence ends at an unpadded `'` or `:`; other texts
 * skip the sentence split.
 */
const NEEDS_SENTENCES = /(?:'[sSmMdD]|'ll|'LL|'re|'RE|'ve|'VE|n't|N'T)\.|[.?!]['’:]/;

/** A sentence's final period is split off (which lets a clitic before it split off too). */
const FINAL_PERIOD = /([^.])(\.)([\])}>"'»”’ ]*)\s*$/u;

function sentenceTokens(sentence: string): string[] {
  let padded = sentence.replace(FINAL_PERIOD, '$1 $2 $3 ');
  padded = padded.replace(PADDED, ' $& ').replace(QUOTE_BEFORE_LETTER, '$1 $2');
  padded = ` ${padded} `;
  for (const clitic of ENDING_CLITICS) padded = padded.replace(clitic, '$1 $2 ');
  const lower = padded.toLowerCase();
  for (const [needed, fused] of FUSED_WORDS)
    if (lower.includes(needed)) padded = padded.replace(fused, ' $1 $2 ');
  return pySplitWhitespace(padded);
}

/** How many `word_tokenize` tokens are `str.isupper()`. */
export function countCapitalWords(text: string): number {
  let count = 0;
  for (const token of nltkWordTokens(text)) if (pyIsUpper(token)) count++;
  return count;
}
