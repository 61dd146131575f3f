/**
 * A small equivalent of `nltk.word_tokenize`: Punkt sentences, then the Treebank rules of NLTK's
 * word tokenizer on each (quotes to `` and '', punctuation and brackets split off, the final period
 * of a sentence split, clitics such as n't 's 're split, "cannot" → "can not").
 * Approximation: sentence splitting is `sentTokenize`'s (see punkt.ts).
 */
import { sentTokenize } from './punkt.ts';
import { WORD_CHAR } from './text.ts';

type Rule = readonly [RegExp, string];

const STARTING_QUOTES: Rule[] = [
  [/([«“‘„]|`+)/gu, ' $1 '],
  [/^"/u, '``'],
  [/(``)/gu, ' $1 '],
  [/([ ([{<])("|'{2})/gu, '$1 `` '],
  [new RegExp(`(')(?!re|ve|ll|m|t|s|d|n)(${WORD_CHAR})(?!${WORD_CHAR})`, 'giu'), '$1 $2'],
];

const PUNCTUATION: Rule[] = [
  [/([^.])(\.)([\])}>"']*)\s*$/u, '$1 $2 $3 '],
  [/([:,])([^\p{Nd}])/gu, ' $1 $2'],
  [/([:,])$/u, ' $1 '],
  [/\.{2,}/gu, ' $& '],
  [/[;@#$%&]/gu, ' $& '],
  [/[?!]/gu, ' $& '],
  [/([^'])' /gu, "$1 ' "],
  [/[*]/gu, ' $& '],
];

const PARENS_AND_DASHES: Rule[] = [
  [/[\][(){}<>]/gu, ' $& '],
  [/--/gu, ' -- '],
];

const ENDING_QUOTES: Rule[] = [
  [/([»”’])/gu, ' $1 '],
  [/''/gu, " '' "],
  [/"/gu, " '' "],
  [/([^' ])('[sS]|'[mM]|'[dD]|') /gu, '$1 $2 '],
  [/([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) /gu, '$1 $2 '],
];

const START = `(?<!${WORD_CHAR})`;
const END = `(?!${WORD_CHAR})`;
const CONTRACTIONS: Rule[] = [
  ...['(can)(not)', "(d)('ye)", '(gim)(me)', '(gon)(na)', '(got)(ta)', '(lem)(me)', "(more)('n)"].map(
    (pair): Rule => [new RegExp(`${START}${pair}${END}`, 'giu'), ' $1 $2 '],
  ),
  [new RegExp(`${START}(wan)(na)(?=\\s)`, 'giu'), ' $1 $2 '],
  [new RegExp(` ('t)(is)${END}`, 'giu'), ' $1 $2 '],
  [new RegExp(` ('t)(was)${END}`, 'giu'), ' $1 $2 '],
];

function applyRules(text: string, rules: Rule[]): string {
  let out = text;
  for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement);
  return out;
}

/** The Treebank rules on one sentence. */
export function treebankTokenize(sentence: string): string[] {
  let text = applyRules(sentence, STARTING_QUOTES);
  text = applyRules(text, PUNCTUATION);
  text = applyRules(text, PARENS_AND_DASHES);
  text = applyRules(` ${text} `, ENDING_QUOTES);
  text = applyRules(text, CONTRACTIONS);
  return text.split(/\s+/u).filter((token) => token !== '');
}

/** `nltk.word_tokenize(text)`. */
export function wordTokenize(text: string): string[] {
  return sentTokenize(text).flatMap(treebankTokenize);
}
