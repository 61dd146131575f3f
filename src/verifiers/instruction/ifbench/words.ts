/** IFBench's `words:*` instructions: constraints on the letters, lengths and order of words. */
import { z } from 'zod';
import { defineChecker, kwargsSchema, position } from './define.ts';
import { isVerbToken } from './pos.ts';
import { sentTokenize } from './punkt.ts';
import { countSyllables } from './syllables.ts';
import {
  codePoints,
  hasAlnum,
  PUNCTUATION,
  PUNCTUATION_AND_SPACE,
  pyLength,
  pyLstripChars,
  pyRstripChars,
  pySplit,
  pyStrip,
  removePunctuation,
  stripPunctuation,
} from './text.ts';
import { wordTokenize } from './treebank.ts';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

function firstCodePoint(word: string): string {
  return String.fromCodePoint(word.codePointAt(0)!);
}

export const alphabet = defineChecker({
  id: 'words:alphabet',
  kwargs: kwargsSchema({}),
  check(response) {
    const words = pySplit(stripPunctuation(removePunctuation(response)));
    if (words.length === 0) return false;
    let expected = firstCodePoint(words[0]).toLowerCase();
    if (!ALPHABET.includes(expected)) return false; // a leading digit fails
    for (const raw of words.slice(1)) {
      const word = stripPunctuation(raw).toLowerCase();
      if (word === '') continue;
      expected = ALPHABET[(ALPHABET.indexOf(expected) + 1) % 26];
      if (firstCodePoint(word) !== expected) return false;
    }
    return true;
  },
});

export const vowel = defineChecker({
  id: 'words:vowel',
  kwargs: kwargsSchema({}),
  check(response) {
    const paragraphs = pyStrip(response).split('\n');
    if (paragraphs.length !== 1) return false;
    const used = new Set(codePoints(paragraphs[0].toLowerCase()).filter((char) => 'aeiou'.includes(char)));
    return used.size <= 3;
  },
});

const CONSONANTS = 'bcdfghjklmnpqrstvwxyz';

export const consonants = defineChecker({
  id: 'words:consonants',
  kwargs: kwargsSchema({}),
  check(response) {
    return pySplit(pyStrip(response.toLowerCase())).every((word) => {
      const chars = codePoints(word);
      return chars.some(
        (char, index) =>
          index + 1 < chars.length && CONSONANTS.includes(char) && CONSONANTS.includes(chars[index + 1]),
      );
    });
  },
});

export const palindrome = defineChecker({
  id: 'words:palindrome',
  kwargs: kwargsSchema({}),
  check(response) {
    const words = pySplit(removePunctuation(response).toLowerCase());
    // every occurrence counts, repeated palindromes included
    const palindromes = words.filter(
      (word) => pyLength(word) >= 5 && codePoints(word).reverse().join('') === word,
    );
    return palindromes.length >= 10;
  },
});

const PRIMES = new Set([
  2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
]);

export const primeLengths = defineChecker({
  id: 'words:prime_lengths',
  kwargs: kwargsSchema({}),
  check(response) {
    return pySplit(removePunctuation(response)).every((word) => PRIMES.has(pyLength(word)));
  },
});

export const startVerb = defineChecker({
  id: 'words:start_verb',
  kwargs: kwargsSchema({}),
  check(response) {
    const tokens = wordTokenize(response);
    return tokens.length > 0 && isVerbToken(tokens[0]);
  },
});

export const repeats = defineChecker({
  id: 'words:repeats',
  kwargs: kwargsSchema({ small_n: z.number().int().nonnegative() }),
  check(response, { small_n }) {
    const counts = new Map<string, number>();
    for (const word of pySplit(removePunctuation(response.toLowerCase())))
      counts.set(word, (counts.get(word) ?? 0) + 1);
    return [...counts.values()].every((times) => times <= small_n);
  },
});

export const oddEvenSyllables = defineChecker({
  id: 'words:odd_even_syllables',
  kwargs: kwargsSchema({}),
  check(response) {
    const parities = pySplit(removePunctuation(response).toLowerCase()).map(
      (word) => countSyllables(word) % 2,
    );
    return parities.every((parity, index) => index === 0 || parity !== parities[index - 1]);
  },
});

export const lastFirst = defineChecker({
  id: 'words:last_first',
  kwargs: kwargsSchema({}),
  check(response) {
    const sentences = sentTokenize(response);
    for (let index = 0; index + 1 < sentences.length; index++) {
      const last = pySplit(pyRstripChars(sentences[index], PUNCTUATION_AND_SPACE)).at(-1);
      const first = pySplit(pyLstripChars(sentences[index + 1], PUNCTUATION_AND_SPACE))[0];
      if (last === undefined || first === undefined) return false;
      if (last.toLowerCase() !== first.toLowerCase()) return false;
    }
    return true;
  },
});

export const paragraphLastFirst = defineChecker({
  id: 'words:paragraph_last_first',
  kwargs: kwargsSchema({}),
  check(response) {
    return response.split('\n').every((line) => {
      const words = pySplit(stripPunctuation(pyStrip(line).toLowerCase()));
      return words.length === 0 || words[0] === words.at(-1);
    });
  },
});

export const noConsecutive = defineChecker({
  id: 'words:no_consecutive',
  kwargs: kwargsSchema({}),
  check(response) {
    const words = pySplit(removePunctuation(response.toLowerCase()));
    return words.every(
      (word, index) => index === 0 || firstCodePoint(word) !== firstCodePoint(words[index - 1]),
    );
  },
});

export const keywordsSpecificPosition = defineChecker({
  id: 'words:keywords_specific_position',
  kwargs: kwargsSchema({ keyword: z.string().trim().min(1), n: position(), m: position() }),
  check(response, { keyword, n, m }) {
    const sentences = sentTokenize(response);
    if (sentences.length < n) return false;
    // punctuation-only tokens are not words here
    const words = wordTokenize(sentences[n - 1]).filter(hasAlnum);
    if (words.length < m) return false;
    return words[m - 1].toLowerCase() === keyword.toLowerCase();
  },
});

/** `token in string.punctuation`: a substring test upstream, so "." and "()" qualify. */
function isPunctuationToken(token: string): boolean {
  return PUNCTUATION.includes(token);
}

export const wordsPosition = defineChecker({
  id: 'words:words_position',
  kwargs: kwargsSchema({ keyword: z.string().trim().min(1) }),
  check(response, { keyword }) {
    const words = wordTokenize(response);
    if (words.length < 2) return false;
    const target = keyword.toLowerCase();
    // a final punctuation token is skipped when finding the second-to-last word
    const secondToLast = isPunctuationToken(words.at(-1)!) ? words.at(-3) : words.at(-2);
    if (secondToLast === undefined) return false;
    return words[1].toLowerCase() === target && secondToLast.toLowerCase() === target;
  },
});

export const wordsCheckers = [
  alphabet,
  vowel,
  consonants,
  palindrome,
  primeLengths,
  startVerb,
  repeats,
  oddEvenSyllables,
  lastFirst,
  paragraphLastFirst,
  noConsecutive,
  keywordsSpecificPosition,
  wordsPosition,
];
